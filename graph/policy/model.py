"""The vocabulary of policy evaluation: requests, outcomes, layers, reasons, options, errors."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal, TypeAlias

from graph.once import once

ANONYMOUS: Final = "anonymous"
"""Principal value for an unsigned (anonymous) request."""


class _Absent(enum.Enum):
    ABSENT = "absent"

    def __repr__(self) -> str:
        return "policy.ABSENT"


ABSENT: Final = _Absent.ABSENT
"""Context value saying "this key is known to be absent" (matters in discover mode)."""

ContextValue: TypeAlias = (
    str | bool | int | float | datetime | Sequence[str] | Literal[_Absent.ABSENT] | None
)
"""What a request context may map a key to; a sequence makes the key multivalued."""

Mode: TypeAlias = Literal["strict", "discover"]


class PolicyError(ValueError):
    """A policy document AWS would reject; names the policy and, when known, the statement."""

    def __init__(self, message: str, *, policy: str = "", statement: str | None = None) -> None:
        self.policy = policy
        self.statement = statement
        self.detail = message
        where = policy or "policy"
        if statement is not None:
            where += f", statement {statement}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class PolicyWarning:
    """Something AWS would refuse to store, evaluated anyway as AWS's engine treats it.

    `code` is machine-readable: `principal_in_identity_policy`, `no_principal`,
    `allow_not_principal`, `empty_statement`.
    """

    code: str
    detail: str
    policy: str
    statement: str | None = None

    def __str__(self) -> str:
        where = self.policy or "policy"
        if self.statement is not None:
            where += f", statement {self.statement}"
        return f"{where}: {self.detail}"


class Outcome(enum.StrEnum):
    """The three answers AWS can give."""

    ALLOWED = "allowed"
    IMPLICIT_DENY = "implicit_deny"
    EXPLICIT_DENY = "explicit_deny"


class Layer(enum.StrEnum):
    """A kind of policy that takes part in a decision; `SERVICE` is a service's own rule."""

    IDENTITY = "identity"
    RESOURCE = "resource"
    PERMISSION_BOUNDARY = "permission_boundary"
    SESSION = "session"
    SCP = "scp"
    RCP = "rcp"
    ENDPOINT = "endpoint"
    SERVICE = "service"


class Effect(enum.StrEnum):
    ALLOW = "Allow"
    DENY = "Deny"


class DenialReason(enum.StrEnum):
    """Why a request failed, in the terms of AWS's access-denied messages."""

    EXPLICIT_DENY = "explicit_deny"
    NO_RCP_ALLOW = "no_rcp_allow"
    NO_SCP_ALLOW = "no_scp_allow"
    NO_ENDPOINT_ALLOW = "no_endpoint_allow"
    NO_RESOURCE_ALLOW = "no_resource_allow"
    NO_IDENTITY_ALLOW = "no_identity_allow"
    NO_BOUNDARY_ALLOW = "no_boundary_allow"
    NO_SESSION_ALLOW = "no_session_allow"
    SERVICE_RULE = "service_rule"


class Mismatch(enum.StrEnum):
    """Why one statement did not apply to a request (machine-readable)."""

    ACTION_MISMATCH = "action_mismatch"
    RESOURCE_MISMATCH = "resource_mismatch"
    RESOURCE_NOT_WILDCARD = "resource_not_wildcard"
    PRINCIPAL_MISMATCH = "principal_mismatch"
    ACCOUNT_MISMATCH = "account_mismatch"
    NO_PRINCIPAL_ELEMENT = "no_principal_element"
    CONDITION_FAILED = "condition_failed"
    CONDITION_UNKNOWN = "condition_unknown"
    VARIABLE_MISSING = "variable_missing"


class PrincipalKind(enum.StrEnum):
    """What sort of caller a request comes from."""

    ROOT = "root"
    USER = "user"
    ROLE_SESSION = "role_session"
    FEDERATED_USER = "federated_user"
    SERVICE = "service"
    IDENTITY_PROVIDER = "identity_provider"
    ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class Options:
    """Switches for behaviour AWS documents ambiguously (spec DOC-CONFLICT/UNCONFIRMED items).

    Attributes:
        session_arn_grant_bypasses_session_policy: a same-account resource policy naming the role
            *session* ARN is not limited by a session policy (AWS prose; iam-simulate disagrees).
        wildcard_grant_bypasses_ceilings: a same-account resource-policy grant to `"*"` is not
            limited by permissions boundaries or session policies.
        root_cannot_get_authorization_token: CodeArtifact refuses GetAuthorizationToken to root
            users (spec D.10, documented in the archived tokens page).
        multivalued_plain_operator_matches: a plain (non-set) operator applied to a multivalued
            request value matches like `ForAnyValue:`; the default (False) never matches.
        notprincipal_needs_account: a `NotPrincipal` exemption only takes effect when it lists the
            caller's account as well as the caller (user, role or session), as the NotPrincipal
            page advises; False exempts on any single listed entry.
        rcp_for_resourceless_actions: apply RCPs to actions with no resource type (AWS applies
            RCPs only to actions that authorise a resource listed in the SAR).
    """

    session_arn_grant_bypasses_session_policy: bool = True
    wildcard_grant_bypasses_ceilings: bool = True
    root_cannot_get_authorization_token: bool = True
    multivalued_plain_operator_matches: bool = False
    notprincipal_needs_account: bool = True
    rcp_for_resourceless_actions: bool = False


DEFAULT_OPTIONS: Final = Options()


@dataclass(frozen=True, eq=False)
class Request:
    """One authorisation question: may `principal` perform `action` on `resource`?

    Attributes:
        principal: caller ARN (user, role session, role, root, STS federated user), a service
            principal name (`codebuild.amazonaws.com`), an identity-provider name or ARN, or
            `ANONYMOUS`.
        action: `service:Operation`, any case.
        resource: the resource ARN, or `"*"` for actions without a resource type.
        resource_account: owner of the resource; taken from the ARN when absent, and for `"*"`
            the caller's account.
        context: request context keys (any case). A sequence value makes the key multivalued;
            `ABSENT` (or None) states the key is known to be absent.
        principal_arn: `aws:PrincipalArn` when it cannot be derived, e.g. the role ARN *with
            path* for a role session (the session ARN carries no path).
        principal_tags: the user's or role's tags; None means "not known".
        session_tags: session tags, which override principal tags of the same key.
        principal_org_id: `aws:PrincipalOrgID`; None means not given.
        principal_org_paths: `aws:PrincipalOrgPaths`; None means not given.
        user_id: `aws:userid` (`AIDA…`, `AROA…:session`); derived for root and when possible.
        resource_tags: the resource's tags (`aws:ResourceTag/*`); None means "not known".
        federating_user_arn: for an STS federated user, the IAM user that called
            GetFederationToken (a resource policy naming it grants, limited by ceilings).
        resource_is_pattern: `resource` names many resources (`…:repository/acme/*`): a
            statement applies when its Resource pattern overlaps it (some resource matches
            both), a NotResource unless it holds them all. False: `*` and `?` in `resource`
            are plain characters (`…/npm-internal/*` as "any package" only matches patterns
            covering it).
    """

    principal: str
    action: str
    resource: str = "*"
    resource_account: str | None = None
    context: Mapping[str, ContextValue] = field(default_factory=dict)
    principal_arn: str | None = None
    principal_tags: Mapping[str, str] | None = None
    session_tags: Mapping[str, str] | None = None
    principal_org_id: str | None = None
    principal_org_paths: Sequence[str] | None = None
    user_id: str | None = None
    resource_tags: Mapping[str, str] | None = None
    federating_user_arn: str | None = None
    resource_is_pattern: bool = False

    @once
    def action_lower(self) -> str:
        """The action in lower case, computed once per request."""
        return self.action.lower()


@dataclass(frozen=True)
class StatementRef:
    """Which statement of which policy: enough for a UI to point at it."""

    policy: str
    policy_arn: str | None
    layer: Layer
    index: int
    sid: str | None
    effect: Effect

    @once
    def order(self) -> tuple[str, bool, str, int]:
        """Where the statement sorts among others (`grant.ref_key`): by layer, a principal's
        own policies before those it has through a group (named `group NAME: …`), then by
        policy name and position; made once per statement, not per comparison."""
        return self.layer.value, self.policy.startswith("group "), self.policy, self.index

    @property
    def label(self) -> str:
        """The Sid, or `#n` (1-based position) for a statement without one."""
        return self.sid if self.sid else f"#{self.index + 1}"
