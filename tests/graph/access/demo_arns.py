"""The demo's account ids (docs/demo.md) and the ARNs of its users and roles, shared by the
`test_demo_*` modules."""

from __future__ import annotations

DEV, SHARED, PROD, RELEASE, MGMT, PARTNER = (
    "123456789012",
    "111111111111",
    "222222222222",
    "333333333333",
    "100000000000",
    "444455556666",
)


def user(account: str, path_name: str) -> str:
    return f"arn:aws:iam::{account}:user/{path_name}"


def role(account: str, path_name: str) -> str:
    return f"arn:aws:iam::{account}:role/{path_name}"
