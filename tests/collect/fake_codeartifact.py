"""A loopback fake of the CodeArtifact REST API (moto has none), multi-account and paginated."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

ROUTES = {
    ("POST", "/v1/domains"): "ListDomains",
    ("GET", "/v1/domain"): "DescribeDomain",
    ("GET", "/v1/domain/permissions/policy"): "GetDomainPermissionsPolicy",
    ("POST", "/v1/domain/repositories"): "ListRepositoriesInDomain",
    ("GET", "/v1/repository"): "DescribeRepository",
    ("GET", "/v1/repository/permissions/policy"): "GetRepositoryPermissionsPolicy",
    ("POST", "/v1/tags"): "ListTagsForResource",
    ("POST", "/v1/package-groups"): "ListPackageGroups",
}
_CREDENTIAL = re.compile(r"Credential=([^/]+)/\d+/([^/]+)/codeartifact/")
CREATED = 1767225600.0  # 2026-01-01T00:00:00Z


class ServiceError(Exception):
    def __init__(self, code: str, status: int, message: str) -> None:
        super().__init__(message)
        self.code, self.status, self.message = code, status, message


@dataclass
class Fault:
    """Answer ``operation`` (optionally only when ``match`` is a request value) with an error."""

    operation: str
    code: str
    status: int = 403
    match: str | None = None
    account: str | None = None
    region: str | None = None
    times: int = -1  # -1: always
    message: str = ""

    def applies(self, operation: str, account: str, region: str, values: set[str]) -> bool:
        if self.times == 0 or operation != self.operation:
            return False
        if self.match is not None and self.match not in values:
            return False
        if self.account not in (None, account) or self.region not in (None, region):
            return False
        if self.times > 0:
            self.times -= 1
        return True


@dataclass
class Estate:
    """The CodeArtifact content of one account in one region."""

    account: str
    region: str
    domains: dict[str, dict[str, Any]] = field(default_factory=dict)
    repositories: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    policies: dict[str, dict[str, Any]] = field(default_factory=dict)  # by resource ARN
    tags: dict[str, dict[str, str]] = field(default_factory=dict)  # by resource ARN
    package_groups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def domain_arn(self, name: str) -> str:
        return f"arn:aws:codeartifact:{self.region}:{self.account}:domain/{name}"

    def add_domain(
        self, name: str, policy: dict[str, Any] | None = None, tags: dict[str, str] | None = None
    ) -> str:
        arn = self.domain_arn(name)
        self.domains[name] = {
            "name": name,
            "owner": self.account,
            "arn": arn,
            "status": "Active",
            "createdTime": CREATED,
            "encryptionKey": f"arn:aws:kms:{self.region}:{self.account}:key/k-{name}",
        }
        self.repositories.setdefault(name, [])
        self.package_groups.setdefault(name, [])
        if policy is not None:
            self.policies[arn] = policy
        self.tags[arn] = dict(tags or {})
        return arn

    def add_repository(
        self,
        domain: str,
        name: str,
        *,
        upstreams: tuple[str, ...] = (),
        external: str | None = None,
        policy: dict[str, Any] | None = None,
        tags: dict[str, str] | None = None,
    ) -> str:
        arn = f"arn:aws:codeartifact:{self.region}:{self.account}:repository/{domain}/{name}"
        self.repositories[domain].append(
            {
                "name": name,
                "administratorAccount": self.account,
                "domainName": domain,
                "domainOwner": self.account,
                "arn": arn,
                "description": f"{name} repository",
                "createdTime": CREATED,
                "upstreams": [{"repositoryName": u} for u in upstreams],
                "externalConnections": (
                    [
                        {
                            "externalConnectionName": external,
                            "packageFormat": "npm",
                            "status": "AVAILABLE",
                        }
                    ]
                    if external
                    else []
                ),
            }
        )
        if policy is not None:
            self.policies[arn] = policy
        self.tags[arn] = dict(tags or {})
        return arn

    def add_package_group(self, domain: str, pattern: str, parent: str | None) -> None:
        base = f"arn:aws:codeartifact:{self.region}:{self.account}:package-group/{domain}"
        group: dict[str, Any] = {
            "arn": base + pattern,
            "pattern": pattern,
            "domainName": domain,
            "domainOwner": self.account,
            "createdTime": CREATED,
            "originConfiguration": {
                "restrictions": {
                    "PUBLISH": {"mode": "ALLOW", "effectiveMode": "ALLOW"},
                    "EXTERNAL_UPSTREAM": {"mode": "BLOCK", "effectiveMode": "BLOCK"},
                    "INTERNAL_UPSTREAM": {"mode": "INHERIT", "effectiveMode": "ALLOW"},
                }
            },
        }
        if parent:
            group["parent"] = {"arn": base + parent, "pattern": parent}
        self.package_groups[domain].append(group)


class FakeCodeArtifact:
    """The server; ``account_of`` maps an access key id to its account."""

    def __init__(self, account_of: Callable[[str], str], page_size: int = 1) -> None:
        self.account_of = account_of
        self.page_size = page_size
        self.estates: dict[tuple[str, str], Estate] = {}
        self.faults: list[Fault] = []
        self.calls: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeCodeArtifact:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def estate(self, account: str, region: str) -> Estate:
        return self.estates.setdefault((account, region), Estate(account, region))

    def reset(self) -> None:
        with self.lock:
            self.estates.clear()
            self.faults.clear()
            self.calls.clear()

    def _page(self, items: list[Any], token: str | None) -> tuple[list[Any], str | None]:
        start = int(token or 0)
        end = start + self.page_size
        return items[start:end], (str(end) if end < len(items) else None)

    def answer(
        self, operation: str, account: str, region: str, q: dict[str, str], body: Any
    ) -> Any:
        with self.lock:
            self.calls.append((account, region, operation))
            values = set(q.values())
            for fault in self.faults:
                if fault.applies(operation, account, region, values):
                    raise ServiceError(
                        fault.code,
                        fault.status,
                        fault.message or f"fake {fault.code} on {operation}",
                    )
            estate = self.estates.get((account, region)) or Estate(account, region)
        if operation == "ListDomains":
            page, token = self._page(list(estate.domains.values()), body.get("nextToken"))
            return {"domains": page, **({"nextToken": token} if token else {})}
        if operation == "ListTagsForResource":
            tags = estate.tags.get(q["resourceArn"])
            if tags is None:
                raise ServiceError("ResourceNotFoundException", 404, "no such resource")
            return {"tags": [{"key": k, "value": v} for k, v in tags.items()]}
        domain = estate.domains.get(q.get("domain", ""))
        if domain is None or q.get("domain-owner", account) != account:
            raise ServiceError("ResourceNotFoundException", 404, "domain not found")
        if operation == "DescribeDomain":
            count = len(estate.repositories[domain["name"]])
            return {"domain": {**domain, "repositoryCount": count, "assetSizeBytes": 0}}
        if operation == "GetDomainPermissionsPolicy":
            return self._policy(estate, domain["arn"])
        if operation == "ListRepositoriesInDomain":
            repos = [
                {k: v for k, v in r.items() if k not in ("upstreams", "externalConnections")}
                for r in estate.repositories[domain["name"]]
            ]
            page, token = self._page(repos, q.get("next-token"))
            return {"repositories": page, **({"nextToken": token} if token else {})}
        if operation == "ListPackageGroups":
            page, token = self._page(estate.package_groups[domain["name"]], q.get("next-token"))
            return {"packageGroups": page, **({"nextToken": token} if token else {})}
        repo = next(
            (r for r in estate.repositories[domain["name"]] if r["name"] == q.get("repository")),
            None,
        )
        if repo is None:
            raise ServiceError("ResourceNotFoundException", 404, "repository not found")
        if operation == "DescribeRepository":
            return {"repository": repo}
        return self._policy(estate, repo["arn"])

    @staticmethod
    def _policy(estate: Estate, arn: str) -> Any:
        policy = estate.policies.get(arn)
        if policy is None:
            raise ServiceError("ResourceNotFoundException", 404, "no resource policy")
        return {"policy": {"resourceArn": arn, "revision": "r1", "document": json.dumps(policy)}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw.strip() else {}
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                match = _CREDENTIAL.search(self.headers.get("Authorization", ""))
                operation = ROUTES.get((self.command, url.path))
                try:
                    if match is None:
                        raise ServiceError("MissingAuthenticationTokenException", 403, "unsigned")
                    if operation is None:
                        raise ServiceError("UnknownOperationException", 404, url.path)
                    account = fake.account_of(match.group(1))
                    status, payload = 200, fake.answer(operation, account, match.group(2), q, body)
                    headers: dict[str, str] = {}
                except ServiceError as exc:
                    status, payload = exc.status, {"message": exc.message}
                    headers = {"x-amzn-ErrorType": exc.code}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

        return Handler
