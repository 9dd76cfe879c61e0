"""The request context: given keys, keys AWS derives from the request, and unknown keys."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Final, TypeAlias

from graph.policy.model import ABSENT, ContextValue, PrincipalKind, Request
from graph.policy.principals import Caller


class _Marker(enum.Enum):
    MISSING = "missing"
    UNKNOWN = "unknown"


MISSING: Final = _Marker.MISSING
"""The key is absent from the request context."""
UNKNOWN: Final = _Marker.UNKNOWN
"""Discover mode only: nobody said whether the key is present or what it holds."""

Value: TypeAlias = str | tuple[str, ...]
"""A context value: one string, or a tuple for a multivalued key."""
Resolved: TypeAlias = Value | _Marker
Lookup: TypeAlias = Callable[[str], Resolved]

_PRINCIPAL_TYPES: Final = {
    PrincipalKind.ROOT: "Account",
    PrincipalKind.USER: "User",
    PrincipalKind.ROLE_SESSION: "AssumedRole",
    PrincipalKind.FEDERATED_USER: "FederatedUser",
    PrincipalKind.ANONYMOUS: "Anonymous",
}


def normalise_value(value: ContextValue) -> Value | _Marker:
    """Bring a caller-supplied context value to the string/tuple form conditions compare."""
    if value is None or value is ABSENT:
        return MISSING
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=UTC)
        return stamp.isoformat().replace("+00:00", "Z")
    return tuple(str(v) for v in value)


def given_context(request: Request) -> dict[str, Value | _Marker]:
    """The caller's context keys, lower-cased and normalised."""
    return {key.lower(): normalise_value(value) for key, value in request.context.items()}


class Env:
    """What conditions and variables see for one request: lookups by lower-cased key.

    Given keys win; otherwise the key is derived from the request where AWS would derive it;
    otherwise it is absent (strict) or unknown (discover).
    """

    __slots__ = ("_values", "caller", "discover", "request", "resource_account")

    def __init__(
        self,
        request: Request,
        caller: Caller,
        resource_account: str | None,
        discover: bool,
    ) -> None:
        self.request = request
        self.caller = caller
        self.resource_account = resource_account
        self.discover = discover
        self._values: dict[str, Resolved] | None = None

    def __call__(self, key: str) -> Resolved:
        """Look a lower-cased key up (given keys, then derived ones, remembered per request)."""
        values = self._values
        if values is None:
            values = self._values = given_context(self.request)
        found = values.get(key)
        if found is None:
            found = values[key] = self._derive(key)
        return found

    def _derive(self, key: str) -> Resolved:
        derived = _derive(key, self)
        if derived is not None:
            return derived
        return UNKNOWN if self.discover and not _always_absent(key, self.caller) else MISSING


def _tags(tags: Mapping[str, str] | None, key: str) -> Resolved | None:
    if tags is None:
        return None
    for name, value in tags.items():
        if name.lower() == key:
            return value
    return MISSING


def _principal_tag(env: Env, key: str) -> Resolved | None:
    """Session tags override the user's or role's tags of the same key (spec A.11)."""
    request = env.request
    session = _tags(request.session_tags, key)
    if isinstance(session, str):
        return session
    base = _tags(request.principal_tags, key)
    if isinstance(base, str):
        return base
    return None if request.principal_tags is None else MISSING


def _principal_arn(env: Env) -> Resolved | None:
    caller = env.caller
    if env.request.principal_arn is not None:
        return env.request.principal_arn
    if caller.kind is PrincipalKind.ROLE_SESSION:
        # The session ARN has no path; the role ARN without path is right for path-less roles.
        return caller.role_arn
    return caller.arn if caller.is_iam else MISSING


def _user_id(env: Env) -> Resolved | None:
    caller, request = env.caller, env.request
    if request.user_id is not None:
        return request.user_id
    if caller.kind is PrincipalKind.ROOT:
        return caller.account or MISSING
    if caller.kind is PrincipalKind.FEDERATED_USER:
        return f"{caller.account}:{caller.name}"
    if caller.kind is PrincipalKind.ANONYMOUS:
        return "anonymous"
    return None


_DERIVED_PREFIXES: Final = ("aws:principaltag/", "aws:resourcetag/")
_DERIVED: Final = frozenset(
    {
        "aws:principalarn",
        "aws:principalaccount",
        "aws:principaltype",
        "aws:username",
        "aws:userid",
        "aws:resourceaccount",
        "aws:requestedregion",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalisawsservice",
        "aws:principalservicename",
        "aws:currenttime",
        "aws:epochtime",
    }
)


def derivable(key: str) -> bool:
    """Whether `_derive` may give the lower-cased key a value from the request: a key it
    cannot is unknown to discover mode for every caller unless the context gives it."""
    return key in _DERIVED or key.startswith(_DERIVED_PREFIXES)


def _derive(key: str, env: Env) -> Resolved | None:
    """A derived value, MISSING when AWS leaves the key out, None when it cannot be known."""
    caller, request = env.caller, env.request
    if key.startswith("aws:principaltag/"):
        if not caller.is_iam:
            return MISSING
        return _principal_tag(env, key[len("aws:principaltag/") :])
    if key.startswith("aws:resourcetag/"):
        return _tags(request.resource_tags, key[len("aws:resourcetag/") :])
    if key == "aws:principalarn":
        return _principal_arn(env)
    if key == "aws:principalaccount":
        if caller.kind is PrincipalKind.ANONYMOUS:
            return "anonymous"
        return caller.account or MISSING
    if key == "aws:principaltype":
        return _PRINCIPAL_TYPES.get(caller.kind, MISSING)
    if key == "aws:username":
        return caller.name if caller.kind is PrincipalKind.USER else MISSING
    if key == "aws:userid":
        return _user_id(env)
    if key == "aws:resourceaccount":
        return env.resource_account or MISSING
    if key == "aws:requestedregion":
        parts = request.resource.split(":", 5)
        return parts[3] if len(parts) == 6 and parts[3] else None
    if key == "aws:principalorgid":
        if not caller.is_iam:
            return MISSING
        return request.principal_org_id
    if key == "aws:principalorgpaths":
        if not caller.is_iam:
            return MISSING
        paths = request.principal_org_paths
        return None if paths is None else tuple(paths)
    if key == "aws:principalisawsservice":
        if caller.kind is PrincipalKind.ANONYMOUS:
            return MISSING
        return "true" if caller.kind is PrincipalKind.SERVICE else "false"
    if key == "aws:principalservicename":
        return caller.name if caller.kind is PrincipalKind.SERVICE else MISSING
    if key == "aws:currenttime":
        return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if key == "aws:epochtime":
        return str(int(datetime.now(UTC).timestamp()))
    return None


def _always_absent(key: str, caller: Caller) -> bool:
    """Keys AWS never sends for this caller, so even discover mode knows they are absent."""
    return key == "aws:username" and caller.kind is not PrincipalKind.USER
