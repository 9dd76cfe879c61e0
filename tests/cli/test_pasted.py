"""`cax explain --error` on the documentation's placeholder and on package managers' lines."""

from __future__ import annotations

import json

from tests.cli.conftest import Cax
from tests.pasted_lines import NPM_LINE, SEED


def test_the_seed_example_is_explained_not_refused(cax: Cax) -> None:
    """The example of https://docs.aws.amazon.com/codeartifact/latest/ug/security_iam_troubleshoot.html
    used to exit 2 with "expected a message like…"."""
    result = cax("explain", "--error", SEED)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "note: codeartifact:GetWidget is not a codeartifact action" in out
    assert "note: the resource 'my-example-widget' is not an ARN" in out
    assert "what user/mateojackson can and cannot reach in CodeArtifact" in out
    assert "acme/npm-internal" in out and "read ✗" in out and "read ✓" in out
    assert "grant codeartifact:ReadFromRepository" in out  # the nearest real question's fix


def test_an_npm_line_asks_who_ran_it(cax: Cax) -> None:
    """npm's line names the repository endpoint (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_GetRepositoryEndpoint.html) but not the caller, who is whoever's
    token npm sent (https://docs.aws.amazon.com/codeartifact/latest/ug/npm-auth.html): cax asks for `--as`."""
    result = cax("explain", "--error", NPM_LINE)
    assert result.exit_code == 2
    assert "names repository acme/npm-internal but not who was denied" in result.output
    assert "--as user/NAME" in result.output


def test_an_npm_line_explained_for_the_principal_given(cax: Cax) -> None:
    """The endpoint `https://DOMAIN-OWNER.d.codeartifact.REGION.amazonaws.com/FORMAT/REPOSITORY/`
    (https://docs.aws.amazon.com/codeartifact/latest/APIReference/API_GetRepositoryEndpoint.html) names domain, owner, region, format and repository; a GET reads from it."""
    result = cax("explain", "--error", NPM_LINE, "--as", "user/mateojackson")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "AWS says: codeartifact:ReadFromRepository denied (HTTP 403)" in out
    assert "domain acme (owner 111111111111, us-east-1, npm)" in out
    assert "✗ denied  user/mateojackson read acme/npm-internal" in out
    document = json.loads(
        cax("explain", "--error", NPM_LINE, "--as", "user/mateojackson", "--json").stdout
    )
    assert document["endpoint"]["repository"] == "npm-internal"
    assert document["endpoint"]["status"] == 403
    assert document["unseen"] == [] and document["reach"] == []


def test_allowed_by_cax_lists_what_it_cannot_see(cax: Cax) -> None:
    """A session policy limits a session and is in no snapshot
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session); a
    VPC endpoint policy limits requests through the endpoint
    (https://docs.aws.amazon.com/codeartifact/latest/ug/create-vpc-endoint-policy.html)."""
    result = cax("explain", "--error", NPM_LINE, "--as", "user/alice.nguyen")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "AWS denied it but cax allows it; what cax cannot see that could explain it:" in out
    for item in ("a session policy", "a VPC endpoint policy", "after the snapshot was taken"):
        assert item in out


def test_as_goes_with_error_only(cax: Cax) -> None:
    result = cax("explain", "user/mateojackson", "read", "acme/npm-internal", "--as", "x")
    assert result.exit_code == 2 and "--as goes with --error" in result.output
