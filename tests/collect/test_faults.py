"""The collector behind a fault-injecting proxy: nothing read is lost, nothing unread is "none".

moto (IAM, STS, Organizations) and the CodeArtifact fake sit behind `FaultProxy` on loopback;
each test breaks some answers and checks that what could not be read is unknown, with the
operation named, and that everything else is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.client
import pytest
from click.testing import CliRunner

from graph import load_snapshot
from graph.collect import CollectOptions, ProgressEvent, Status, collect_snapshot
from graph.model import Unknown
from tests.collect.conftest import MANAGEMENT, REGION, Org
from tests.collect.fake_codeartifact import FakeCodeArtifact
from tests.collect.fault_proxy import (
    FaultProxy,
    Rule,
    empty,
    html,
    iam_error,
    sometimes,
    throttled_json,
    truncated,
    truncated_without_marker,
    without_policy,
)
from tui.cli.collect import EXIT_PARTIAL, collect

GAAD = "Action=GetAccountAuthorizationDetails"
ONE_REGION = CollectOptions(regions=(REGION,))


@dataclass
class Proxies:
    moto: FaultProxy
    ca: FaultProxy


@pytest.fixture
def proxies(
    moto_url: str, fake_ca: FakeCodeArtifact, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Proxies]:
    with FaultProxy(moto_url) as moto, FaultProxy(fake_ca.url) as ca:
        for service in ("IAM", "STS", "ORGANIZATIONS"):
            monkeypatch.setenv(f"AWS_ENDPOINT_URL_{service}", moto.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_CODEARTIFACT", ca.url)
        yield Proxies(moto, ca)


def _collect(options: CollectOptions = ONE_REGION) -> Any:
    return collect_snapshot(boto3.Session(), options)


def _operations(result: Any) -> set[str]:
    return {p.operation for p in result.collection.problems}


@pytest.mark.usefixtures("org")
def test_the_proxy_alone_changes_nothing(estate: FakeCodeArtifact, proxies: Proxies) -> None:
    result = _collect()
    assert result.collection.complete
    assert len(list(result.snapshot.repositories())) == 3
    assert proxies.moto.requests and proxies.ca.requests


@pytest.mark.parametrize("fault", [html, truncated, empty], ids=["html", "truncated", "empty"])
@pytest.mark.usefixtures("org")
def test_an_unreadable_list_makes_the_region_unknown(
    estate: FakeCodeArtifact, proxies: Proxies, fault: Any
) -> None:
    proxies.ca.rules.append(Rule("POST /v1/domain/repositories", fault))
    result = _collect()
    account = result.snapshot.account(MANAGEMENT)
    assert account is not None
    assert isinstance(account.region_unknowns[REGION], Unknown)
    assert "ListRepositoriesInDomain" in account.region_unknowns[REGION].error
    assert _operations(result) == {"codeartifact:ListRepositoriesInDomain"}
    assert account.users  # IAM of the account is kept


@pytest.mark.usefixtures("org")
def test_html_instead_of_list_domains_is_not_an_empty_region(
    estate: FakeCodeArtifact, proxies: Proxies
) -> None:
    proxies.ca.rules.append(Rule("POST /v1/domains", html))
    result = _collect()
    account = result.snapshot.account(MANAGEMENT)
    assert account is not None and not account.domains
    assert "MalformedResponse" in account.region_unknowns[REGION].error
    assert "text/html" in account.region_unknowns[REGION].error
    assert _operations(result) == {"codeartifact:ListDomains"}


@pytest.mark.usefixtures("org")
def test_unreadable_per_resource_answers_are_unknown_values(
    estate: FakeCodeArtifact, proxies: Proxies
) -> None:
    proxies.ca.rules += [
        Rule("/v1/repository/permissions/policy?domain=acme&domain-owner", html, times=-1),
        Rule("GET /v1/repository?", truncated, times=1),
        Rule("POST /v1/tags", empty, times=1),
    ]
    result = _collect()
    repos = list(result.snapshot.repositories())
    assert len(repos) == 3  # every repository is kept
    assert all(isinstance(r.policy, Unknown) for r in repos)  # never "no policy"
    assert sum(isinstance(r.upstreams, Unknown) for r in repos) == 1
    assert _operations(result) == {
        "codeartifact:GetRepositoryPermissionsPolicy",
        "codeartifact:DescribeRepository",
        "codeartifact:ListTagsForResource",
    }


@pytest.mark.usefixtures("org")
def test_a_page_truncated_without_marker_is_a_failed_read(
    estate: FakeCodeArtifact, proxies: Proxies
) -> None:
    proxies.moto.rules.append(Rule(GAAD, truncated_without_marker))
    result = _collect()
    account = result.snapshot.account(MANAGEMENT)
    assert account is not None and isinstance(account.iam_unknown, Unknown)
    assert "Marker" in account.iam_unknown.error
    assert _operations(result) == {"iam:GetAccountAuthorizationDetails"}
    assert len(account.repositories) == 3  # CodeArtifact of the account is kept


@pytest.mark.usefixtures("org")
def test_html_instead_of_iam_details_keeps_the_rest(
    estate: FakeCodeArtifact, proxies: Proxies
) -> None:
    proxies.moto.rules.append(Rule(GAAD, html))
    result = _collect()
    account = result.snapshot.account(MANAGEMENT)
    assert account is not None and isinstance(account.iam_unknown, Unknown)
    assert len(account.repositories) == 3


def test_a_policy_attached_during_the_read_is_fetched(
    estate: FakeCodeArtifact, proxies: Proxies, org: Org
) -> None:
    arn = f"arn:aws:iam::{org.management}:policy/CodeArtifactRead"
    proxies.moto.rules.append(Rule(GAAD, without_policy(arn)))
    result = _collect()
    assert result.collection.complete
    assert any("GetPolicyVersion" in r for r in proxies.moto.requests)
    policy = next(p for p in result.snapshot.account(org.management).policies if p.arn == arn)  # type: ignore[union-attr]
    assert not isinstance(policy.document, Unknown)
    assert policy.document["Statement"][0]["Effect"] == "Allow"


def test_a_policy_that_cannot_be_fetched_is_unknown_and_the_rest_kept(
    estate: FakeCodeArtifact, proxies: Proxies, org: Org
) -> None:
    arn = f"arn:aws:iam::{org.management}:policy/CodeArtifactRead"
    proxies.moto.rules += [
        Rule(GAAD, without_policy(arn)),
        Rule("Action=GetPolicy&", iam_error("AccessDenied")),
    ]
    result = _collect()
    account = result.snapshot.account(org.management)
    assert account is not None and [u.name for u in account.users] == ["alice"]
    policy = next(p for p in account.policies if p.arn == arn)
    assert isinstance(policy.document, Unknown) and "AccessDenied" in policy.document.error
    assert _operations(result) == {"iam:GetPolicy"}


@pytest.mark.parametrize("fault", [html, truncated], ids=["html", "truncated"])
@pytest.mark.usefixtures("org")
def test_an_unreadable_organisation_is_unknown(
    estate: FakeCodeArtifact, proxies: Proxies, fault: Any
) -> None:
    proxies.moto.rules.append(Rule("AWSOrganizationsV20161128.ListRoots", fault))
    result = _collect()
    assert isinstance(result.snapshot.organization, Unknown)
    assert _operations(result) == {"organizations:ListRoots"}
    assert len(list(result.snapshot.repositories())) == 3


@pytest.mark.usefixtures("org")
def test_throttling_is_retried_and_reported(
    estate: FakeCodeArtifact, proxies: Proxies, backoff_sleeps: list[float]
) -> None:
    proxies.ca.rules.append(Rule("POST /v1/domains", throttled_json, times=3))
    events: list[ProgressEvent] = []
    result = collect_snapshot(boto3.Session(), ONE_REGION, events.append)
    assert result.collection.complete and len(list(result.snapshot.repositories())) == 3
    throttled = [e for e in events if e.status is Status.THROTTLED]
    assert len(throttled) == 3 and {e.region for e in throttled} == {REGION}
    assert not any(e.finished for e in throttled)
    assert len(backoff_sleeps) >= 3


@pytest.mark.usefixtures("org")
def test_throttling_on_a_third_of_the_calls_loses_nothing_with_adaptive_retries(
    estate: FakeCodeArtifact,
    proxies: Proxies,
    backoff_sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    modes: dict[str, set[str]] = {}
    register = botocore.client.ClientCreator._register_retries

    def spy(creator: Any, client: Any) -> None:
        name = client.meta.service_model.service_name
        modes.setdefault(name, set()).add(client.meta.config.retries["mode"])
        register(creator, client)

    monkeypatch.setattr(botocore.client.ClientCreator, "_register_retries", spy)
    proxies.ca.rules.append(Rule("", sometimes(throttled_json, 0.3)))
    events: list[ProgressEvent] = []
    result = collect_snapshot(boto3.Session(), ONE_REGION, events.append)
    assert result.collection.complete
    repos = {r.name: r for r in result.snapshot.repositories()}
    assert set(repos) == {"npm-store", "npm-internal", "pypi"}
    assert not any(isinstance(r.policy, Unknown) for r in repos.values())
    assert list(repos["npm-internal"].upstreams) == ["npm-store"]  # type: ignore[arg-type]
    assert any(e.status is Status.THROTTLED for e in events)
    assert modes.keys() >= {"iam", "sts", "organizations", "codeartifact"}
    assert all(m == {"adaptive"} for m in modes.values()), modes


def _collect_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(collect, ["--region", REGION, *args])
    return result.exit_code, result.stderr


@pytest.mark.usefixtures("org")
def test_an_html_answer_is_a_partial_snapshot_on_the_command_line(
    estate: FakeCodeArtifact, proxies: Proxies, tmp_path: Any
) -> None:
    """Not exit 0 with `"codeartifact": {}`: the unread operation is named and the exit says
    partial; what was read is written."""
    out = tmp_path / "snap.json"
    proxies.ca.rules.append(Rule("POST /v1/domains", html))
    code, err = _collect_cli("-o", str(out))
    assert code == EXIT_PARTIAL and "codeartifact:ListDomains: MalformedResponse" in err
    assert "text/html" in err and "--allow-partial" in err
    snapshot = load_snapshot(out)
    account = snapshot.account(MANAGEMENT)
    assert account is not None and account.users and REGION in account.region_unknowns


def test_a_policy_that_cannot_be_fetched_keeps_the_collection_with_allow_partial(
    estate: FakeCodeArtifact, proxies: Proxies, org: Org, tmp_path: Any
) -> None:
    out = tmp_path / "snap.json"
    arn = f"arn:aws:iam::{org.management}:policy/CodeArtifactRead"
    proxies.moto.rules += [
        Rule(GAAD, without_policy(arn)),
        Rule("Action=GetPolicy&", iam_error("AccessDenied")),
    ]
    code, err = _collect_cli("--allow-partial", "-o", str(out))
    assert code == 0, err
    assert f"{arn}: iam:GetPolicy: AccessDenied" in err
    account = load_snapshot(out).account(org.management)
    assert account is not None and [u.name for u in account.users] == ["alice"]
    assert len(account.repositories) == 3
    policy = next(p for p in account.policies if p.arn == arn)
    assert isinstance(policy.document, Unknown)


def test_the_proxy_is_bounded(moto_url: str) -> None:
    with pytest.raises(ValueError, match="loopback"):
        FaultProxy("http://192.0.2.1:80")
    with FaultProxy(moto_url, max_requests=0) as proxy:
        answer = proxy.forward("GET", "/", {}, b"")
        proxy.requests.append("x")
        assert proxy.forward("GET", "/", {}, b"").status == 503
        assert answer.status != 503
