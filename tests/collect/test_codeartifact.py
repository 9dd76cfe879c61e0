"""CodeArtifact against the loopback fake: pagination, no policy, denied, throttled."""

from __future__ import annotations

import boto3
import pytest

from graph.collect.codeartifact import RegionUnreadable, collect_region
from graph.collect.readonly import make_client
from tests.collect.conftest import MANAGEMENT, REGION, REPO_POLICY
from tests.collect.fake_codeartifact import FakeCodeArtifact, Fault

pytestmark = pytest.mark.usefixtures("aws_env")


def _collect(max_attempts: int = 10) -> tuple[dict, list]:
    client = make_client(boto3.Session(), "codeartifact", region=REGION, max_attempts=max_attempts)
    return collect_region(client, MANAGEMENT, REGION)


def _by_name(items: list[dict]) -> dict[str, dict]:
    return {item["name"]: item for item in items}


def test_region_content_across_pages(estate: FakeCodeArtifact) -> None:
    region, problems = _collect()
    assert problems == []
    assert [d["name"] for d in region["domains"]] == ["acme"]
    acme = region["domains"][0]
    assert acme["policy"] == REPO_POLICY
    assert acme["tags"] == {"team": "platform"}
    assert acme["status"] == "Active"
    assert acme["encryption_key"].startswith("arn:aws:kms:")
    repos = _by_name(region["repositories"])  # page size 1: three pages
    assert list(repos) == ["npm-store", "npm-internal", "pypi"]
    assert repos["npm-internal"]["upstreams"] == ["npm-store"]
    assert repos["npm-internal"]["tags"] == {"tier": "1"}
    assert repos["npm-store"]["external_connections"] == [
        {"name": "public:npmjs", "package_format": "npm", "status": "AVAILABLE"}
    ]
    assert repos["npm-store"]["administrator_account"] == MANAGEMENT
    groups = {g["pattern"]: g for g in region["package_groups"]}
    assert groups["/npm/*"]["parent"] == "/*"
    assert groups["/npm/*"]["origin_configuration"] == {
        "PUBLISH": "ALLOW",
        "EXTERNAL_UPSTREAM": "BLOCK",
        "INTERNAL_UPSTREAM": "INHERIT",
    }
    list_calls = [op for _, _, op in estate.calls if op == "ListRepositoriesInDomain"]
    assert len(list_calls) == 3


def test_missing_policy_is_no_policy(estate: FakeCodeArtifact) -> None:
    region, problems = _collect()
    assert _by_name(region["repositories"])["npm-store"]["policy"] is None
    assert problems == []


def test_denied_policy_is_unknown_not_absent(estate: FakeCodeArtifact) -> None:
    estate.faults.append(
        Fault("GetRepositoryPermissionsPolicy", "AccessDeniedException", match="pypi")
    )
    estate.faults.append(Fault("ListTagsForResource", "AccessDeniedException"))
    region, problems = _collect()
    pypi = _by_name(region["repositories"])["pypi"]
    assert set(pypi["policy"]) == {"$unknown"}
    assert pypi["policy"]["$unknown"].startswith("AccessDeniedException: ")
    assert set(region["domains"][0]["tags"]) == {"$unknown"}
    assert _by_name(region["repositories"])["npm-internal"]["policy"] == REPO_POLICY
    ops = sorted({p.operation for p in problems})
    assert ops == [
        "codeartifact:GetRepositoryPermissionsPolicy",
        "codeartifact:ListTagsForResource",
    ]
    assert any(p.scope.endswith("repository acme/pypi") for p in problems)


def test_denied_describe_repository_marks_upstreams_unknown(estate: FakeCodeArtifact) -> None:
    estate.faults.append(Fault("DescribeRepository", "AccessDeniedException", match="npm-internal"))
    region, problems = _collect()
    repo = _by_name(region["repositories"])["npm-internal"]
    assert set(repo["upstreams"]) == {"$unknown"}
    assert set(repo["external_connections"]) == {"$unknown"}
    assert repo["arn"].endswith("repository/acme/npm-internal")  # from the list summary
    assert [p.operation for p in problems] == ["codeartifact:DescribeRepository"]


def test_throttling_is_retried(estate: FakeCodeArtifact, backoff_sleeps: list[float]) -> None:
    estate.faults.append(Fault("ListDomains", "ThrottlingException", status=429, times=2))
    estate.faults.append(
        Fault("GetDomainPermissionsPolicy", "ThrottlingException", status=429, times=1)
    )
    region, problems = _collect()
    assert problems == []
    assert region["domains"][0]["policy"] == REPO_POLICY
    assert [op for _, _, op in estate.calls].count("ListDomains") == 3
    assert len(backoff_sleeps) == 3  # botocore backed off before each retry


def test_throttled_beyond_retries_makes_the_list_unreadable(
    estate: FakeCodeArtifact, backoff_sleeps: list[float]
) -> None:
    estate.faults.append(Fault("ListPackageGroups", "ThrottlingException", status=429))
    with pytest.raises(RegionUnreadable) as info:
        _collect(max_attempts=2)
    assert info.value.operation == "codeartifact:ListPackageGroups"
    assert "ThrottlingException" in str(info.value)


def test_denied_list_makes_the_region_unreadable(estate: FakeCodeArtifact) -> None:
    estate.faults.append(Fault("ListRepositoriesInDomain", "AccessDeniedException"))
    with pytest.raises(RegionUnreadable, match="AccessDeniedException"):
        _collect()


def test_a_domain_that_describes_badly_keeps_its_summary(estate: FakeCodeArtifact) -> None:
    estate.faults.append(Fault("DescribeDomain", "InternalServerException", status=500))
    region, problems = _collect(max_attempts=1)
    assert region["domains"][0]["arn"].endswith(":domain/acme")
    assert [p.operation for p in problems] == ["codeartifact:DescribeDomain"]
