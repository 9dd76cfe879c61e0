"""`cax diff` (issue #13): the demo pair in every format, exit codes for CI, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import graph
from tests.cli.conftest import Cax

DEMO = Path(graph.__file__).parent / "demo"
OLD, NEW = str(DEMO / "acme-org.json"), str(DEMO / "acme-org-changed.json")


def test_an_unchanged_pair_reports_nothing_and_exits_0(cax: Cax) -> None:
    result = cax("diff", OLD, OLD)
    assert result.exit_code == 0, result.output
    assert "no change" in result.stdout
    document = json.loads(cax("diff", OLD, OLD, "--format", "json").stdout)
    assert document["verdicts"] == [] and document["changes"] == []
    assert document["summary"]["access"] == "unchanged"


def test_the_demo_pair_as_json(cax: Cax) -> None:
    result = cax("diff", OLD, NEW, "--format", "json")
    assert result.exit_code == 1  # someone gained
    document = json.loads(result.stdout)
    changes = {c["id"]: c for c in document["changes"]}
    assert {c["kind"] for c in changes.values()} == {"identity_policy", "repository_policy"}
    widened = next(c for c in changes.values() if c["kind"] == "repository_policy")
    assert [s["Sid"] for s in widened["diff"]["added"]] == ["OrgMembersPublishPython"]
    removed = next(c for c in changes.values() if c["kind"] == "identity_policy")
    assert removed["diff"]["removed"][0]["Action"] == "sts:AssumeRole"
    lost = [v for v in document["verdicts"] if v["change"] == "lost"]
    assert {(v["principal_label"], v["capability"], v["resource_label"]) for v in lost} == {
        ("user/sofia.rossi", "login", "acme"),
        ("user/sofia.rossi", "read", "acme/maven-releases"),
        ("user/sofia.rossi", "publish", "acme/maven-releases"),
    }
    for verdict in lost:
        assert verdict["chain_after"] is None
        hops = [h["target_label"] for h in verdict["chain_before"]]
        assert "role/release-operator" in hops
        assert verdict["causes"] == [removed["id"]]
    gained = [v for v in document["verdicts"] if v["change"] == "gained"]
    assert gained and all(v["resource_label"] == "acme/pypi-internal" for v in gained)
    assert all(v["capability"] == "publish" and v["before"] == "denied" for v in gained)
    assert all(v["causes"] == [widened["id"]] for v in gained)
    assert document["summary"]["access"] == "widened and narrowed"


def test_plain_and_tsv_keep_one_verdict_a_line(cax: Cax) -> None:
    tsv = cax("diff", OLD, NEW, "--format", "tsv").stdout.splitlines()
    header = tsv[0].split("\t")
    assert header[:7] == [
        "resource",
        "principal",
        "account",
        "capability",
        "change",
        "before",
        "after",
    ]
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in tsv[1:]]
    assert len(rows) == len(
        json.loads(cax("diff", OLD, NEW, "--format", "json").stdout)["verdicts"]
    )
    lost = [r for r in rows if r["change"] == "lost"]
    assert all("AssumeReleaseOperator removed" in r["caused by"] for r in lost)
    plain = cax("diff", OLD, NEW).stdout  # a pipe: plain
    assert plain.startswith("access widened and narrowed:")
    assert "sofia.rossi" in plain and "OrgMembersPublishPython" not in plain


def test_markdown_for_a_pull_request(cax: Cax) -> None:
    text = cax("diff", OLD, NEW, "--format", "markdown").stdout
    assert text.startswith("## cax diff: access widened and narrowed")
    assert "### acme/pypi-internal:" in text and "| principal | account | capability |" in text
    assert '"Sid": "OrgMembersPublishPython"' in text and "```json" in text
    assert "### By principal" in text and "- user/sofia.rossi (222222222222): 3 lost:" in text


@pytest.mark.parametrize(
    ("fail_on", "old", "new", "code"),
    [
        ("any", OLD, NEW, 1),
        ("widened", OLD, NEW, 1),
        ("any", NEW, OLD, 1),  # backwards: the lost chain comes back, publish goes
        ("widened", OLD, OLD, 0),
    ],
)
def test_exit_codes(cax: Cax, fail_on: str, old: str, new: str, code: int) -> None:
    assert cax("diff", old, new, "--fail-on", fail_on).exit_code == code


def test_only_narrowed_exits_3_unless_failing_on_widened(cax: Cax, tmp_path: Path) -> None:
    document = json.loads(Path(OLD).read_text())
    for account in document["accounts"]:
        for group in account["authorization_details"]["GroupDetailList"]:
            if group["GroupName"] == "release-managers" and account["id"] == "222222222222":
                group["GroupPolicyList"] = []
    narrowed = tmp_path / "narrowed.json"
    narrowed.write_text(json.dumps(document))
    assert cax("diff", OLD, str(narrowed)).exit_code == 3
    assert cax("diff", OLD, str(narrowed), "--fail-on", "widened").exit_code == 0
    assert cax("diff", "--old", OLD, "--new", str(narrowed)).exit_code == 3


def test_bad_input_names_the_file_and_exits_2(cax: Cax, tmp_path: Path) -> None:
    missing = cax("diff", OLD, str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "nope.json" in missing.output
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    result = cax("diff", str(broken), NEW)
    assert result.exit_code == 2 and "broken.json" in result.output
    assert cax("diff", OLD).exit_code == 2
    assert cax("diff", OLD, NEW, "--old", OLD).exit_code == 2
