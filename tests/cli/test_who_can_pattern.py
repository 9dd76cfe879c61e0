"""`cax who-can read 'corp/*'`: a wildcard question answered per repository it matches."""

from __future__ import annotations

import json
from pathlib import Path

from graph import policy
from tests.cli.conftest import Cax
from tests.graph.access.test_review_kit import (
    BEARER_STMT,
    TOKEN,
    A,
    Estate,
    allow,
    deny,
    doc,
    repo_arn,
)

READ = "codeartifact:ReadFromRepository"


def _estate(tmp_path: Path) -> tuple[str, str]:
    """alice may read `corp/npm-*` except `corp/npm-legacy` (an explicit Deny)."""
    e = Estate()
    alice = e.user(
        A,
        "alice",
        doc(
            TOKEN,
            BEARER_STMT,
            allow(READ, f"arn:aws:codeartifact:*:{A}:repository/corp/npm-*"),
            deny(READ, f"arn:aws:codeartifact:*:{A}:repository/corp/npm-legacy"),
        ),
    )
    e.domain(A, "corp")
    for name in ("npm-internal", "npm-legacy", "pypi-internal"):
        e.repo(A, "corp", name)
    path = tmp_path / "corp.json"
    path.write_text(json.dumps(e.document()))
    return str(path), alice


def _answers(cax: Cax, path: str, pattern: str) -> dict[str, set[str]]:
    result = cax("who-can", "read", pattern, "-s", path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["pattern"] == pattern
    return {
        r["resource_label"]: {x["principal"] for x in r["reaches"] if x["verdict"] == "allowed"}
        for r in report["resources"]
    }


def test_a_pattern_is_answered_for_each_repository_it_matches(cax: Cax, tmp_path: Path) -> None:
    """A policy's Resource `…:repository/corp/npm-*` matches each repository whose ARN fits the
    wildcard, and an explicit Deny overrides any Allow for the resources it matches
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
    So `corp/*` is answered per repository: alice reads npm-internal only."""
    path, alice = _estate(tmp_path)
    answers = _answers(cax, path, "corp/*")
    assert answers == {
        "corp/npm-internal": {alice},
        "corp/npm-legacy": set(),
        "corp/pypi-internal": set(),
    }
    assert _answers(cax, path, "corp/npm-*").keys() == {"corp/npm-internal", "corp/npm-legacy"}
    arn_pattern = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/?ypi-*"
    assert _answers(cax, path, arn_pattern).keys() == {"corp/pypi-internal"}
    text = cax("who-can", "read", "corp/npm-*", "-s", path, "--format", "plain").output
    assert "corp/npm-* matches 2: corp/npm-internal, corp/npm-legacy" in text
    assert "who can read corp/npm-internal: 1" in text and "who can read corp/npm-legacy: 0" in text


def test_a_pattern_matching_nothing_is_an_error(cax: Cax, tmp_path: Path) -> None:
    path, _ = _estate(tmp_path)
    result = cax("who-can", "read", "other/*", "-s", path)
    assert result.exit_code == 2 and "no domain or repository 'other/*'" in result.output


def test_why_not_one_answer_on_the_pattern_itself(tmp_path: Path) -> None:
    """On the pattern itself (`Request.resource_is_pattern`), a statement applies when its
    Resource overlaps the pattern: alice's Allow on `npm-*` and her Deny on `npm-legacy` both
    overlap `corp/*`, and an explicit Deny wins, so one answer would say "denied" although she
    reads npm-internal. That is why the CLI answers each repository."""
    path, alice = _estate(tmp_path)
    identity = json.loads(Path(path).read_text())["accounts"][0]["authorization_details"]
    document = identity["UserDetailList"][0]["UserPolicyList"][0]["PolicyDocument"]
    on_pattern = policy.Request(alice, READ, repo_arn(A, "corp", "*"), resource_is_pattern=True)
    decision = policy.evaluate(on_pattern, identity_policies=[document])
    assert decision.outcome is policy.Outcome.EXPLICIT_DENY
    one = policy.Request(alice, READ, repo_arn(A, "corp", "npm-internal"))
    assert policy.evaluate(one, identity_policies=[document]).outcome is policy.Outcome.ALLOWED
