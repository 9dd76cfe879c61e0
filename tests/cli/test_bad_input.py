"""Bad input through the CLI: a clear message naming the file and place, a non-zero exit,
never a traceback, a hang or a silently wrong answer (issue 15, loader and CLI edge cases).
Policies cax cannot evaluate (section 11) are in `test_uncompilable_policies.py`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import graph
from graph.model import Organization, OrgNode
from tests.cli import bad_snapshots
from tests.cli.bad_snapshots import Write
from tests.cli.bad_snapshots import clean_output as _clean
from tests.cli.bad_snapshots import find_user as _user
from tests.cli.conftest import Cax

# the fixtures this module uses (pytest finds them among the module's names)
bounded = bad_snapshots.bounded
demo = bad_snapshots.demo
write = bad_snapshots.write


# --- 7. cycles in the organisation tree ------------------------------------------------------


@pytest.mark.parametrize("loop", ["self", "pair"])
def test_an_organisation_cycle_is_an_error_naming_the_path(
    cax: Cax, demo: dict[str, Any], write: Write, loop: str
) -> None:
    units = demo["organization"]["organizational_units"]
    units[0]["parent_id"] = units[0]["id"] if loop == "self" else units[1]["id"]
    if loop == "pair":
        units[1]["parent_id"] = units[0]["id"]
    path = write(demo)
    for args in (
        ["validate", str(path)],
        ["who-can", "read", "acme/npm-internal", "-s", str(path)],
    ):
        result = cax(*args)
        output = _clean(result)
        assert result.exit_code == 2
        assert str(path) in output and "cycle" in output
        assert "$.organization.organizational_units[" in output and "parent_id" in output


def test_a_walk_up_a_cyclic_tree_ends() -> None:
    nodes = (OrgNode("ou-a", "a", "ou", "ou-b"), OrgNode("ou-b", "b", "ou", "ou-a"))
    org = Organization("o-1", "", (*nodes, OrgNode("111111111111", "x", "account", "ou-a")))
    assert [n.id for n in org.path_to("111111111111")] == ["ou-b", "ou-a", "111111111111"]


# --- 8. limits and the common error wrapper --------------------------------------------------


def test_a_policy_string_nested_100000_deep(cax: Cax, demo: dict[str, Any], write: Write) -> None:
    user = _user(demo, "123456789012", "mateojackson")
    user["UserPolicyList"] = [
        {"PolicyName": "deep", "PolicyDocument": "[" * 100_000 + "]" * 100_000}
    ]
    path = write(demo)
    for args in (
        ["validate", str(path)],
        ["who-can", "read", "acme/npm-internal", "-s", str(path)],
    ):
        result = cax(*args)
        output = _clean(result)
        assert result.exit_code == 2 and str(path) in output and "nested too deeply" in output
        assert "UserPolicyList[0].PolicyDocument" in output


def test_a_policy_nested_beyond_the_limit(cax: Cax, demo: dict[str, Any], write: Write) -> None:
    user = _user(demo, "123456789012", "mateojackson")
    deep: Any = "x"
    for _ in range(40):
        deep = [deep]
    statement = {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"A": {"b": deep}}}
    user["UserPolicyList"] = [{"PolicyName": "deep", "PolicyDocument": {"Statement": [statement]}}]
    result = cax("validate", str(write(demo)))
    assert result.exit_code == 2 and "nested deeper than 32 levels" in _clean(result)


def test_a_5000_digit_number(cax: Cax, demo: dict[str, Any], write: Write) -> None:
    text = json.dumps(demo).replace('"version": 1', '"version": 1' + "0" * 5000, 1)
    path = write(None, text=text)
    for args in (
        ["validate", str(path)],
        ["who-can", "read", "acme/npm-internal", "-s", str(path)],
    ):
        result = cax(*args)
        output = _clean(result)
        assert result.exit_code == 2 and str(path) in output and "5,001 digits" in output


def test_dev_zero_and_oversized_files(
    cax: Cax, demo: dict[str, Any], write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cax("validate", "/dev/zero")
    assert result.exit_code == 2 and "/dev/zero" in _clean(result)
    assert "not a regular file" in result.output
    monkeypatch.setattr("graph.sources.jsontext.MAX_FILE_BYTES", 1000)
    result = cax("validate", str(write(demo)))
    assert result.exit_code == 2 and "larger than" in _clean(result)


def test_demo_write_into_a_missing_or_bad_folder(cax: Cax, tmp_path: Path) -> None:
    result = cax("demo", "--write", str(tmp_path / "missing" / "demo.json"))
    assert result.exit_code == 2 and "does not exist" in _clean(result)
    (tmp_path / "file").write_text("")
    result = cax("demo", "--write", str(tmp_path / "file" / "demo.json"))
    assert result.exit_code == 2 and "does not exist" in _clean(result)
    assert list(tmp_path.iterdir()) == [tmp_path / "file"]  # nothing half-written


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_demo_write_into_a_read_only_folder(cax: Cax, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    result = cax("demo", "--write", str(folder / "demo.json"))
    assert result.exit_code == 2 and "not writable" in _clean(result)


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="no /sys here")
def test_demo_write_where_the_system_refuses_it(cax: Cax) -> None:
    """As root too: sysfs refuses new files whatever the permissions say."""
    result = cax("demo", "--write", "/sys/cax-demo.json")
    text = _clean(result)
    assert result.exit_code == 2
    assert "/sys/cax-demo.json" in text and ("denied" in text or "not writable" in text)
    assert "Traceback" not in text and len(text.strip().splitlines()) == 1


def test_every_command_reports_a_bug_in_one_line(
    cax: Cax, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(graph, "load_snapshot", broken)
    monkeypatch.setattr(graph, "demo_snapshot", broken)
    monkeypatch.setattr("tui.app.make_app", broken)
    for args in (
        ["validate", "x.json"],
        ["demo", "--write", str(tmp_path / "d.json")],
        ["who-can", "read", "acme/npm-internal"],
        ["can", "user/mateojackson", "read", "acme/npm-internal"],
        ["explain", "user/mateojackson", "read", "acme/npm-internal"],
        ["search", "mateo"],
        ["export", "--format", "json", "-o", str(tmp_path / "e.json")],
        ["tui", "x.json"],
    ):
        result = cax(*args)
        assert result.exit_code == 70 and "internal error" in _clean(result)
        assert "boom" in result.output


# --- 9. only regular files and directories ---------------------------------------------------


def test_a_fifo_is_refused_at_once(cax: Cax, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for args in (
        ["validate", str(fifo)],
        ["who-can", "read", "acme/npm-internal", "-s", str(fifo)],
    ):
        result = cax(*args)
        assert result.exit_code == 2
        assert "not a regular file or a directory" in _clean(result) and str(fifo) in result.output


# --- 10. what was silently accepted ----------------------------------------------------------


def test_a_duplicate_key_in_a_snapshot_is_an_error(
    cax: Cax, demo: dict[str, Any], write: Write
) -> None:
    text = json.dumps(demo)[:-1] + ', "accounts": []}'
    result = cax("validate", str(write(None, text=text)))
    assert result.exit_code == 2
    assert "$: 'accounts' given twice" in _clean(result)


def test_a_duplicate_key_in_an_aws_document_is_a_warning_naming_both(
    cax: Cax, demo: dict[str, Any], write: Write
) -> None:
    details = next(a for a in demo["accounts"] if a["id"] == "123456789012")
    gaad = details["authorization_details"]
    statement = '{"Effect": "Deny", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}'
    text = json.dumps(gaad).replace(
        '"UserPolicyList": []',
        '"UserPolicyList": [{"PolicyName": "two", "PolicyDocument": '
        '{"Version": "2012-10-17", "Statement": [' + statement + "]}}]",
        1,
    )
    result = cax("validate", str(write(None, text=text)))
    output = _clean(result)
    assert result.exit_code == 0
    assert "'Effect' given twice" in output and '"Deny"' in output and '"Allow"' in output
    assert ".Statement[0]" in output


def test_version_true_is_not_1(cax: Cax, demo: dict[str, Any], write: Write) -> None:
    demo["version"] = True
    result = cax("validate", str(write(demo)))
    assert result.exit_code == 2 and "$.version" in _clean(result)


def test_an_account_id_in_non_ascii_digits(cax: Cax, demo: dict[str, Any], write: Write) -> None:
    demo["accounts"][0]["id"] = "١٠٠٠٠٠٠٠٠٠٠٠"
    result = cax("validate", str(write(demo)))
    assert result.exit_code == 2 and "$.accounts[0].id" in _clean(result)


def test_the_arn_wins_over_a_different_user_name(
    cax: Cax, demo: dict[str, Any], write: Write
) -> None:
    _user(demo, "123456789012", "mateojackson")["UserName"] = "someone-else"
    path = write(demo)
    result = cax("validate", str(path))
    assert result.exit_code == 0
    assert "'someone-else' is not the name in the ARN" in _clean(result)
    result = cax("can", "user/mateojackson", "read", "acme/npm-internal", "-s", str(path))
    assert result.exit_code != 2 and "no principal" not in result.output


# --- 12. search needs names only -------------------------------------------------------------


def test_search_does_not_build_the_access_graph(cax: Cax, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("search built the access graph")

    monkeypatch.setattr(graph.AccessGraph, "from_snapshot", never)
    result = cax("search", "mateo", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["hits"][0]["label"] == "user/mateojackson"


@pytest.mark.parametrize(
    ("query", "kind", "label"),
    [
        ("githubusercontent", "federated", "token.actions.githubusercontent.com"),
        ("ecs-tasks", "service", "ecs-tasks.amazonaws.com"),
        ("anyone", "anyone", "anyone (*)"),
        ("pypi", "external_connection", "public:pypi"),
    ],
)
def test_search_finds_what_policies_name_without_the_graph(
    cax: Cax, monkeypatch: pytest.MonkeyPatch, query: str, kind: str, label: str
) -> None:
    def never(*_: object, **__: object) -> None:
        raise AssertionError("search built the access graph")

    monkeypatch.setattr(graph.AccessGraph, "from_snapshot", never)
    result = cax("search", query, "--kind", kind, "--json")
    assert result.exit_code == 0, result.output
    assert [h["label"] for h in json.loads(result.stdout)["hits"]] == [label]
