"""CodeArtifact: the domains, repositories and package groups of one account in one region.

A list call that fails makes the whole region unknown: a partial list would read as "no such
repository". A per-resource call that fails marks only that value unknown. A permissions-policy
call answering ``ResourceNotFoundException`` means the resource has no policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graph.collect.errors import AWS_ERRORS, error_code, error_text, jsonable, unknown
from graph.collect.options import Problem

NO_POLICY = "ResourceNotFoundException"
ORIGIN_RESTRICTIONS = ("PUBLISH", "EXTERNAL_UPSTREAM", "INTERNAL_UPSTREAM")


class RegionUnreadable(Exception):
    """A list call failed, so nothing trustworthy can be said about the region."""

    def __init__(self, operation: str, cause: BaseException) -> None:
        super().__init__(f"{operation}: {error_text(cause)}")
        self.operation = operation
        self.cause = cause


@dataclass
class _Reader:
    """Reads one account and region, collecting problems as it goes."""

    client: Any
    scope: str
    problems: list[Problem] = field(default_factory=list)

    def _failed(self, where: str, operation: str, exc: BaseException) -> dict[str, str]:
        text = error_text(exc)
        self.problems.append(Problem(f"{self.scope}/{where}", f"codeartifact:{operation}", text))
        return unknown(text)

    def _list(self, method: str, operation: str, key: str, **params: Any) -> list[Any]:
        try:
            items: list[Any] = []
            for page in self.client.get_paginator(method).paginate(**params):
                items.extend(page.get(key, []))
            return items
        except AWS_ERRORS as exc:
            raise RegionUnreadable(f"codeartifact:{operation}", exc) from exc

    def _policy(self, where: str, method: str, operation: str, **params: Any) -> Any:
        try:
            response = getattr(self.client, method)(**params)
        except AWS_ERRORS as exc:
            if error_code(exc) == NO_POLICY:
                return None
            return self._failed(where, operation, exc)
        document = response.get("policy", {}).get("document")
        if not isinstance(document, str):
            return None
        try:
            return json.loads(document)
        except ValueError:
            return document  # the format accepts a policy as a JSON string

    def _tags(self, where: str, arn: str) -> Any:
        try:
            response = self.client.list_tags_for_resource(resourceArn=arn)
        except AWS_ERRORS as exc:
            return self._failed(where, "ListTagsForResource", exc)
        return {tag["key"]: tag.get("value", "") for tag in response.get("tags", [])}

    def domain(self, summary: dict[str, Any]) -> dict[str, Any]:
        name, owner = summary["name"], summary["owner"]
        where = f"domain {name}"
        params = {"domain": name, "domainOwner": owner}
        try:
            detail = {**summary, **self.client.describe_domain(**params).get("domain", {})}
        except AWS_ERRORS as exc:
            self._failed(where, "DescribeDomain", exc)
            detail = summary
        arn = detail.get("arn", summary.get("arn", ""))
        entry: dict[str, Any] = {
            "name": name,
            "owner": owner,
            "arn": arn,
            "policy": self._policy(
                where, "get_domain_permissions_policy", "GetDomainPermissionsPolicy", **params
            ),
            "tags": self._tags(where, arn),
        }
        if detail.get("encryptionKey"):
            entry["encryption_key"] = detail["encryptionKey"]
        if detail.get("status"):
            entry["status"] = detail["status"]
        return entry

    def repository(self, summary: dict[str, Any]) -> dict[str, Any]:
        domain, owner, name = summary["domainName"], summary["domainOwner"], summary["name"]
        where = f"repository {domain}/{name}"
        params = {"domain": domain, "domainOwner": owner, "repository": name}
        upstreams: Any
        connections: Any
        try:
            detail = {**summary, **self.client.describe_repository(**params).get("repository", {})}
            upstreams = [u["repositoryName"] for u in detail.get("upstreams", [])]
            connections = [
                {
                    "name": c.get("externalConnectionName", ""),
                    "package_format": c.get("packageFormat", ""),
                    "status": c.get("status", ""),
                }
                for c in detail.get("externalConnections", [])
            ]
        except AWS_ERRORS as exc:
            detail = summary
            upstreams = connections = self._failed(where, "DescribeRepository", exc)
        arn = detail.get("arn", "")
        entry: dict[str, Any] = {
            "name": name,
            "domain": domain,
            "domain_owner": owner,
            "administrator_account": detail.get("administratorAccount", owner),
            "arn": arn,
            "description": detail.get("description", ""),
            "policy": self._policy(
                where,
                "get_repository_permissions_policy",
                "GetRepositoryPermissionsPolicy",
                **params,
            ),
            "upstreams": upstreams,
            "external_connections": connections,
            "tags": self._tags(where, arn),
        }
        return entry

    @staticmethod
    def package_group(group: dict[str, Any]) -> dict[str, Any]:
        restrictions = group.get("originConfiguration", {}).get("restrictions", {})
        origin = {
            kind: restrictions[kind]["mode"]
            for kind in ORIGIN_RESTRICTIONS
            if isinstance(restrictions.get(kind), dict) and "mode" in restrictions[kind]
        }
        entry: dict[str, Any] = {
            "arn": group.get("arn", ""),
            "pattern": group.get("pattern", ""),
            "domain": group.get("domainName", ""),
            "domain_owner": group.get("domainOwner", ""),
            "parent": (group.get("parent") or {}).get("pattern"),
            "origin_configuration": origin,
        }
        return entry

    def region(self) -> dict[str, Any]:
        domains: list[dict[str, Any]] = []
        repositories: list[dict[str, Any]] = []
        groups: list[dict[str, Any]] = []
        for summary in self._list("list_domains", "ListDomains", "domains"):
            domains.append(self.domain(summary))
            params = {"domain": summary["name"], "domainOwner": summary["owner"]}
            for repo in self._list(
                "list_repositories_in_domain",
                "ListRepositoriesInDomain",
                "repositories",
                **params,
            ):
                repositories.append(self.repository(repo))
            for group in self._list(
                "list_package_groups", "ListPackageGroups", "packageGroups", **params
            ):
                groups.append(self.package_group(group))
        region: dict[str, Any] = jsonable(
            {"domains": domains, "repositories": repositories, "package_groups": groups}
        )
        return region


def collect_region(client: Any, account_id: str, region: str) -> tuple[Any, list[Problem]]:
    """One region's CodeArtifact data for the snapshot, and what could not be read.

    Raises:
        RegionUnreadable: a list call failed; the caller decides whether the region is unknown
            or merely not enabled.
    """
    reader = _Reader(client, f"{account_id}/{region}")
    return reader.region(), reader.problems
