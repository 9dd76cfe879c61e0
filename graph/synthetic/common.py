"""What both synthetic profiles share: names, sizes and policy-document helpers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ORG_ID = "o-synth00001"
REGION = "us-east-1"
FORMATS = ("npm", "pypi", "maven", "nuget")
PUBLIC = {
    "npm": "public:npmjs",
    "pypi": "public:pypi",
    "maven": "public:maven-central",
    "nuget": "public:nuget-org",
}
OTHER_SERVICES = ("s3", "dynamodb", "sqs", "logs", "ec2", "lambda", "kms", "ssm", "ecr", "sns")
BEARER = {
    "Effect": "Allow",
    "Action": "sts:GetServiceBearerToken",
    "Resource": "*",
    "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
}


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    """A policy document of these statements."""
    return {"Version": "2012-10-17", "Statement": list(statements)}


@dataclass(frozen=True)
class Size:
    """How big an organisation to make (defaults: the benchmark size of issue #4)."""

    accounts: int = 10
    roles: int = 10_000
    users: int = 2_000
    groups: int = 300
    policies: int = 1_000
    domains: int = 20
    repositories: int = 500


def account_id(index: int) -> str:
    """The id of the synthetic account number `index`."""
    return f"{500000000000 + index * 1111:012d}"
