"""Fixed ids, dates and names of the demo organisation, and the ARNs built from them."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

JSON = dict[str, Any]

CREATED = "2026-01-15T09:00:00Z"
GENERATED_AT = "2026-02-02T08:00:00Z"

ORG_ID = "o-acme12345"
ROOT_ID = "r-acme"
MGMT = "100000000000"
SHARED = "111111111111"
DEV = "123456789012"
PROD = "222222222222"
RELEASE = "333333333333"
PARTNER = "444455556666"

REGION = "us-east-1"
DOMAIN = "acme"
DOMAIN_ARN = f"arn:aws:codeartifact:{REGION}:{SHARED}:domain/{DOMAIN}"

PUBLISH = ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"]
READ = ["codeartifact:GetRepositoryEndpoint", "codeartifact:ReadFromRepository"]

GITHUB_OIDC = "token.actions.githubusercontent.com"
GLOBEX_EXTERNAL_ID = "globex-7f3a9c2e41"


def repo_arn(name: str) -> str:
    return f"arn:aws:codeartifact:{REGION}:{SHARED}:repository/{DOMAIN}/{name}"


def packages_arn(repo: str, suffix: str = "*") -> str:
    return f"arn:aws:codeartifact:{REGION}:{SHARED}:package/{DOMAIN}/{repo}/{suffix}"


def iam_arn(account: str, kind: str, name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{account}:{kind}{path}{name}"


def account_root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


def unique_id(prefix: str, arn: str) -> str:
    """A stable IAM-style unique id (AIDA…, AROA…, AGPA…, ANPA…) derived from the ARN."""
    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode()
    return prefix + digest[:17]
