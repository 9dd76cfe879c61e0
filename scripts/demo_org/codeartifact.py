"""CodeArtifact domains and repositories, as cax collect records them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .constants import DOMAIN, JSON, REGION, SHARED


def domain(name: str, owner: str, region: str, policy: JSON | None, tags: dict[str, str]) -> JSON:
    return {
        "name": name,
        "owner": owner,
        "arn": f"arn:aws:codeartifact:{region}:{owner}:domain/{name}",
        "policy": policy,
        "tags": tags,
        "encryption_key": f"arn:aws:kms:{region}:{owner}:key/{key_id(owner + name)}",
        "status": "Active",
    }


def key_id(seed: str) -> str:
    h = hashlib.sha256(seed.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def repository(
    name: str,
    description: str,
    *,
    domain_name: str = DOMAIN,
    owner: str = SHARED,
    region: str = REGION,
    policy: JSON | None = None,
    upstreams: Sequence[str] = (),
    external: str | None = None,
    tags: dict[str, str] | None = None,
) -> JSON:
    connections = []
    if external:
        fmt = {"public:npmjs": "npm", "public:pypi": "pypi", "public:maven-central": "maven"}
        connections.append(
            {"name": external, "package_format": fmt[external], "status": "Available"}
        )
    return {
        "name": name,
        "domain": domain_name,
        "domain_owner": owner,
        "administrator_account": owner,
        "arn": f"arn:aws:codeartifact:{region}:{owner}:repository/{domain_name}/{name}",
        "description": description,
        "policy": policy,
        "upstreams": list(upstreams),
        "external_connections": connections,
        "tags": tags or {},
    }
