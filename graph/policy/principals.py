"""Who is calling (parsed from the request's principal) and the Principal/NotPrincipal element."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from graph.policy.model import ANONYMOUS, PolicyError, PrincipalKind

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_UNIQUE_ID = re.compile(r"^A[A-Z]{3}[A-Z0-9]{12,}$")
KNOWN_IDENTITY_PROVIDERS: Final = frozenset(
    {
        "cognito-identity.amazonaws.com",
        "accounts.google.com",
        "graph.facebook.com",
        "www.amazon.com",
    }
)


@dataclass(frozen=True)
class Caller:
    """The calling principal, parsed once from its ARN or name.

    `role_arn` is the role of a role session without its path (the session ARN has none);
    `account` is None for service principals, identity providers and anonymous callers.
    """

    kind: PrincipalKind
    arn: str
    account: str | None = None
    partition: str = "aws"
    name: str = ""
    session: str | None = None
    role_arn: str | None = None

    @property
    def is_iam(self) -> bool:
        """Root, user, role session or STS federated user: an identity of an account."""
        return self.kind in _IAM_KINDS

    @property
    def has_identity_policies(self) -> bool:
        """Users, role sessions and federated users carry identity-side policies; root does not."""
        return self.kind in _POLICY_KINDS


_IAM_KINDS: Final = frozenset(
    {
        PrincipalKind.ROOT,
        PrincipalKind.USER,
        PrincipalKind.ROLE_SESSION,
        PrincipalKind.FEDERATED_USER,
    }
)
_POLICY_KINDS: Final = _IAM_KINDS - {PrincipalKind.ROOT}


@lru_cache(maxsize=4096)
def parse_caller(principal: str) -> Caller:
    """Parse a request principal; raises ValueError for text that names no caller."""
    if principal == ANONYMOUS:
        return Caller(PrincipalKind.ANONYMOUS, principal)
    if _ACCOUNT_ID.match(principal):
        return Caller(PrincipalKind.ROOT, f"arn:aws:iam::{principal}:root", principal)
    if not principal.startswith("arn:"):
        if "." not in principal:
            raise ValueError(f"not a principal ARN or name: {principal!r}")
        lowered = principal.lower()
        if lowered in KNOWN_IDENTITY_PROVIDERS or not lowered.endswith(
            (".amazonaws.com", ".amazonaws.com.cn")
        ):
            return Caller(PrincipalKind.IDENTITY_PROVIDER, principal, name=principal)
        return Caller(PrincipalKind.SERVICE, principal, name=lowered)
    parts = principal.split(":", 5)
    if len(parts) != 6:
        raise ValueError(f"malformed principal ARN: {principal!r}")
    _, partition, service, _, account, resource = parts
    kind_name, _, rest = resource.partition("/")
    if service == "iam" and resource == "root":
        return Caller(PrincipalKind.ROOT, principal, account, partition)
    if service == "iam" and kind_name == "user" and rest:
        return Caller(PrincipalKind.USER, principal, account, partition, rest.rsplit("/", 1)[-1])
    if service == "iam" and kind_name == "role" and rest:
        name = rest.rsplit("/", 1)[-1]
        return Caller(
            PrincipalKind.ROLE_SESSION, principal, account, partition, name, None, principal
        )
    if service == "sts" and kind_name == "assumed-role" and rest.count("/") == 1:
        name, session = rest.split("/")
        role_arn = f"arn:{partition}:iam::{account}:role/{name}"
        return Caller(
            PrincipalKind.ROLE_SESSION, principal, account, partition, name, session, role_arn
        )
    if service == "sts" and kind_name == "federated-user" and rest:
        return Caller(PrincipalKind.FEDERATED_USER, principal, account, partition, rest)
    if service == "iam" and kind_name in ("saml-provider", "oidc-provider"):
        return Caller(PrincipalKind.IDENTITY_PROVIDER, principal, account, partition, rest)
    raise ValueError(f"unsupported principal ARN: {principal!r}")


class PrincipalMatch(enum.StrEnum):
    """How a Principal element named the caller; decides the same-account rules of spec A.4."""

    WILDCARD = "wildcard"
    ACCOUNT = "account"
    USER = "user"
    ROLE = "role"
    SESSION = "session"
    FEDERATED_USER = "federated_user"
    FEDERATING_USER = "federating_user"
    SERVICE = "service"
    IDENTITY_PROVIDER = "identity_provider"


@dataclass(frozen=True)
class PrincipalSet:
    """A compiled Principal or NotPrincipal element."""

    entries: tuple[str, ...]
    wildcard: bool = False
    accounts: frozenset[str] = frozenset()
    users: frozenset[str] = frozenset()
    roles: frozenset[tuple[str, str]] = frozenset()
    sessions: frozenset[str] = frozenset()
    federated_users: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    providers: frozenset[str] = frozenset()
    unresolved: tuple[str, ...] = ()

    def matches(self, caller: Caller, federating_user: str | None = None) -> list[PrincipalMatch]:
        """Every way this element names the caller (empty when it does not)."""
        found: list[PrincipalMatch] = []
        if self.wildcard:
            found.append(PrincipalMatch.WILDCARD)
        kind = caller.kind
        if caller.account is not None and caller.account in self.accounts:
            found.append(PrincipalMatch.ACCOUNT)
        if kind is PrincipalKind.USER:
            if caller.arn in self.users:
                found.append(PrincipalMatch.USER)
        elif kind is PrincipalKind.ROLE_SESSION:
            if (caller.account or "", caller.name.lower()) in self.roles:
                found.append(PrincipalMatch.ROLE)
            if caller.session is not None and caller.arn in self.sessions:
                found.append(PrincipalMatch.SESSION)
        elif kind is PrincipalKind.FEDERATED_USER:
            if caller.arn in self.federated_users:
                found.append(PrincipalMatch.FEDERATED_USER)
            if federating_user is not None and federating_user in self.users:
                found.append(PrincipalMatch.FEDERATING_USER)
        elif kind is PrincipalKind.SERVICE:
            if caller.name in self.services:
                found.append(PrincipalMatch.SERVICE)
        elif kind is PrincipalKind.IDENTITY_PROVIDER and caller.arn in self.providers:
            found.append(PrincipalMatch.IDENTITY_PROVIDER)
        return found

    def names_account_of(self, caller: Caller) -> bool:
        """Whether any entry is in the caller's account (account vs principal mismatch)."""
        if caller.account is None:
            return False
        marker = f":{caller.account}:"
        return caller.account in self.accounts or any(marker in e for e in self.entries)

    def exempts(self, caller: Caller, needs_account: bool, federating_user: str | None) -> bool:
        """Whether a NotPrincipal element lists the caller, so its Deny does not apply."""
        found = self.matches(caller, federating_user)
        if not found:
            return False
        if not needs_account or PrincipalMatch.WILDCARD in found or not caller.is_iam:
            return True
        if PrincipalMatch.ACCOUNT not in found:
            return False
        return caller.kind is PrincipalKind.ROOT or len(found) > 1


def compile_principal(value: object, *, policy: str, statement: str) -> PrincipalSet:
    """Compile a Principal/NotPrincipal value: `"*"` or a map of AWS/Service/Federated/… lists."""
    if value == "*":
        return PrincipalSet(("*",), wildcard=True)
    if not isinstance(value, dict) or not value:
        raise PolicyError(
            'Principal must be "*" or a non-empty object', policy=policy, statement=statement
        )
    entries: list[str] = []
    sets: dict[str, set[str]] = {
        k: set() for k in ("accounts", "users", "sessions", "fed", "services", "providers")
    }
    roles: set[tuple[str, str]] = set()
    unresolved: list[str] = []
    wildcard = False
    for kind, raw in value.items():
        items = _string_list(raw, policy=policy, statement=statement, element="Principal")
        entries.extend(f"{kind}:{item}" for item in items)
        if kind == "AWS":
            for item in items:
                if item == "*":
                    wildcard = True
                else:
                    _add_aws(item, sets, roles, unresolved, policy, statement)
        elif kind == "Service":
            if "*" in items:
                wildcard = True
            sets["services"].update(i.lower() for i in items)
        elif kind == "Federated":
            sets["providers"].update(items)
        elif kind != "CanonicalUser":
            raise PolicyError(
                f"unknown principal type {kind!r}", policy=policy, statement=statement
            )
    return PrincipalSet(
        tuple(entries),
        wildcard,
        frozenset(sets["accounts"]),
        frozenset(sets["users"]),
        frozenset(roles),
        frozenset(sets["sessions"]),
        frozenset(sets["fed"]),
        frozenset(sets["services"]),
        frozenset(sets["providers"]),
        tuple(unresolved),
    )


def _add_aws(
    item: str,
    sets: dict[str, set[str]],
    roles: set[tuple[str, str]],
    unresolved: list[str],
    policy: str,
    statement: str,
) -> None:
    if _ACCOUNT_ID.match(item):
        sets["accounts"].add(item)
        return
    if _UNIQUE_ID.match(item):
        unresolved.append(item)  # a deleted user/role: matches nothing (spec A.7)
        return
    if "*" in item or "?" in item:
        raise PolicyError(
            f"wildcards are not allowed inside a principal ARN: {item!r}",
            policy=policy,
            statement=statement,
        )
    parts = item.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not _ACCOUNT_ID.match(parts[4]):
        raise PolicyError(f"invalid AWS principal {item!r}", policy=policy, statement=statement)
    service, account, resource = parts[2], parts[4], parts[5]
    kind_name, _, rest = resource.partition("/")
    if service == "iam" and resource == "root":
        sets["accounts"].add(account)
    elif service == "iam" and kind_name == "user" and rest:
        sets["users"].add(item)
    elif service == "iam" and kind_name == "role" and rest:
        roles.add((account, rest.rsplit("/", 1)[-1].lower()))
    elif service == "sts" and kind_name == "assumed-role" and rest.count("/") == 1:
        sets["sessions"].add(item)
    elif service == "sts" and kind_name == "federated-user" and rest:
        sets["fed"].add(item)
    else:
        raise PolicyError(
            f"not a valid principal (groups cannot be principals): {item!r}",
            policy=policy,
            statement=statement,
        )


def _string_list(raw: object, *, policy: str, statement: str, element: str) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and raw and all(isinstance(i, str) for i in raw):
        return list(raw)
    raise PolicyError(
        f"{element} values must be a string or a non-empty list of strings",
        policy=policy,
        statement=statement,
    )


def string_list(raw: object, *, policy: str, statement: str, element: str) -> tuple[str, ...]:
    """Normalise an element that may be one string or a list of strings."""
    return tuple(_string_list(raw, policy=policy, statement=statement, element=element))


def all_entries(sets: Iterable[PrincipalSet]) -> tuple[str, ...]:
    """Every entry of several principal sets, for display."""
    return tuple(e for s in sets for e in s.entries)
