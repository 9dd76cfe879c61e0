"""Small builders shared by the policy tests."""

from __future__ import annotations

from typing import Any

A = "111111111111"
B = "222222222222"
REPO = f"arn:aws:codeartifact:us-east-1:{A}:repository/corp/shared"
DOMAIN = f"arn:aws:codeartifact:us-east-1:{A}:domain/corp"
READ = "codeartifact:ReadFromRepository"


def doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> dict[str, Any]:
    out: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        out["Version"] = version
    return out


def stmt(
    effect: str = "Allow", action: Any = "*", resource: Any = "*", **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"Effect": effect, "Action": action, **extra}
    if resource is not None:
        out["Resource"] = resource
    return out


def rstmt(
    principal: Any, effect: str = "Allow", action: Any = READ, **extra: Any
) -> dict[str, Any]:
    """A resource-policy statement naming `principal`."""
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*", **extra}
