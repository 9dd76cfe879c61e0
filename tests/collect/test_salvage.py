"""A collected document the loader refuses in part: written with that part unknown, or a clear
error naming the place; what was collected is never silently thrown away."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph import load_snapshot
from graph.collect import Collection, Problem, UnloadableDocument, load_collected
from graph.collect.salvage import OPERATION
from graph.model import Unknown
from tests.collect.conftest import REGION, Org
from tests.collect.fake_codeartifact import FakeCodeArtifact
from tui.cli.collect import EXIT_PARTIAL, collect


def _nested(levels: int) -> dict[str, Any]:
    value: Any = "x"
    for _ in range(levels):
        value = {"k": value}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "codeartifact:ReadFromRepository",
                "Resource": "*",
                "Condition": {"StringEquals": value},
            }
        ],
    }


def test_a_refused_policy_is_written_as_unknown(
    estate: FakeCodeArtifact, org: Org, out_path: Path
) -> None:
    pypi = f"arn:aws:codeartifact:{REGION}:{org.management}:repository/acme/pypi"
    estate.estate(org.management, REGION).policies[pypi] = _nested(40)  # past the loader's limit
    result = CliRunner().invoke(collect, ["--region", REGION, "-o", str(out_path)])
    assert result.exit_code == EXIT_PARTIAL, result.stderr
    assert f"{org.management}/{REGION}: {OPERATION}" in result.stderr
    assert "nested deeper than 32 levels" in result.stderr and "repositories[" in result.stderr
    snapshot = load_snapshot(out_path)
    repos = {r.name: r for r in snapshot.repositories()}
    assert set(repos) == {"npm-store", "npm-internal", "pypi"}  # nothing else lost
    assert isinstance(repos["pypi"].policy, Unknown)
    assert "nested deeper" in repos["pypi"].policy.error
    assert repos["npm-internal"].policy is not None
    assert not isinstance(repos["npm-internal"].policy, Unknown)


def _document(account_id: str, details: Any) -> dict[str, Any]:
    return {
        "format": "cax-snapshot",
        "version": 1,
        "accounts": [{"id": account_id, "authorization_details": details, "codeartifact": {}}],
        "organization": None,
    }


def test_refused_iam_data_becomes_an_unknown_account_part() -> None:
    details = {"UserDetailList": [{"UserName": 7}], "GroupDetailList": [], "RoleDetailList": []}
    collection = Collection(_document("111111111111", details), (Problem("x", "y", "z"),))
    snapshot, salvaged = load_collected(collection, "cax collect")
    (account,) = snapshot.accounts
    assert isinstance(account.iam_unknown, Unknown)
    assert "UserDetailList[0]" in account.iam_unknown.error
    assert salvaged.problems[0] == Problem("x", "y", "z")  # the collector's own are kept
    assert [(p.scope, p.operation) for p in salvaged.problems[1:]] == [("111111111111", OPERATION)]
    assert collection.document["accounts"][0]["authorization_details"] is details  # untouched


def test_a_place_no_unknown_can_stand_for_is_named() -> None:
    collection = Collection(_document("not-an-account", {"UserDetailList": []}))
    with pytest.raises(UnloadableDocument) as caught:
        load_collected(collection, "cax collect")
    assert "the collected document: $.accounts[0].id:" in str(caught.value)
    assert "nothing was written" in str(caught.value)


def test_a_loadable_document_is_returned_as_it_is() -> None:
    collection = Collection(_document("111111111111", {"UserDetailList": []}))
    snapshot, same = load_collected(collection, "cax collect")
    assert same is collection and [a.id for a in snapshot.accounts] == ["111111111111"]
