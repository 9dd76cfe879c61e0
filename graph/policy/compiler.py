"""Parse and validate policy documents once into `CompiledPolicy` objects (cached)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Final
from urllib.parse import unquote

from graph.policy.conditions import Clause, compile_condition
from graph.policy.model import Effect, Layer, PolicyError, PolicyWarning, StatementRef
from graph.policy.principals import PrincipalSet, compile_principal, string_list
from graph.policy.resources import ResourcePattern, element_test, resource_pattern
from graph.policy.wildcard import ActionMatcher, Matcher

MAX_POLICY_CHARS: Final[dict[Layer, int]] = {
    Layer.IDENTITY: 10240,  # largest inline identity policy (roles); managed ones stop at 6144
    Layer.PERMISSION_BOUNDARY: 6144,  # a managed policy
    Layer.SESSION: 2048,  # inline and managed session policies together
    Layer.RESOURCE: 7168,  # CodeArtifact policy documents (trust policies stop at 4096)
    Layer.SCP: 5120,
    Layer.RCP: 5120,
    Layer.ENDPOINT: 20480,
    Layer.SERVICE: 20480,
}
"""Characters of whitespace-free JSON AWS accepts per policy kind (IAM/Organizations quotas);
AWS managed policies (`arn:...:iam::aws:policy/`) have none."""

_IDENTITY_SIDE: Final = frozenset({Layer.IDENTITY, Layer.PERMISSION_BOUNDARY, Layer.SESSION})
_PRINCIPAL_REQUIRED: Final = frozenset({Layer.RESOURCE})
_VERSIONS: Final = frozenset({"2012-10-17", "2008-10-17"})


@dataclass(frozen=True, eq=False)
class CompiledStatement:
    """A validated statement with its matchers prepared."""

    ref: StatementRef
    effect: Effect
    actions: ActionMatcher
    not_action: bool
    resources: tuple[ResourcePattern, ...]
    not_resource: bool
    resource_implied: bool
    principal: PrincipalSet | None
    not_principal: bool
    conditions: tuple[Clause, ...]
    covers_star: bool
    resource_test: Matcher | None = field(default=None, repr=False)
    """The whole Resource/NotResource test when it has no variables."""
    fast: bool = field(default=False, repr=False)
    """No Principal and no Condition: the resource test decides alone."""
    warnings: tuple[PolicyWarning, ...] = field(default=(), repr=False)
    """What AWS would refuse to store in this statement, and how it is evaluated instead."""

    @property
    def is_deny(self) -> bool:
        return self.effect is Effect.DENY


@dataclass(frozen=True, eq=False)
class CompiledPolicy:
    """A policy ready for evaluation: hashable (by identity), immutable, shared via a cache."""

    name: str
    arn: str | None
    kind: Layer
    version: str | None
    statements: tuple[CompiledStatement, ...]
    source: str = field(repr=False)
    warnings: tuple[PolicyWarning, ...] = field(default=(), repr=False)
    """Elements AWS would refuse to store, each evaluated as AWS's engine treats it."""
    _by_action: dict[str, tuple[tuple[CompiledStatement, ...], tuple[CompiledStatement, ...]]] = (
        field(default_factory=dict, repr=False)
    )

    def for_action(
        self, action_lower: str
    ) -> tuple[tuple[CompiledStatement, ...], tuple[CompiledStatement, ...]]:
        """(allow, deny) statements whose Action/NotAction element covers the action; memoised."""
        found = self._by_action.get(action_lower)
        if found is None:
            covering = [s for s in self.statements if s.actions(action_lower) != s.not_action]
            found = (
                tuple(s for s in covering if not s.is_deny),
                tuple(s for s in covering if s.is_deny),
            )
            self._by_action[action_lower] = found
        return found


_Index = tuple[tuple[CompiledStatement, ...], tuple[CompiledStatement, ...]]
_INDEX: dict[tuple[tuple[CompiledPolicy, ...], str], _Index] = {}
_INDEX_LIMIT: Final = 65536


def statements_for(policies: tuple[CompiledPolicy, ...], action_lower: str) -> _Index:
    """(allow, deny) statements of several policies covering an action; memoised per tuple."""
    key = (policies, action_lower)
    found = _INDEX.get(key)
    if found is None:
        allow: list[CompiledStatement] = []
        deny: list[CompiledStatement] = []
        for policy in policies:
            a, d = policy.for_action(action_lower)
            allow.extend(a)
            deny.extend(d)
        found = (tuple(allow), tuple(deny))
        if len(_INDEX) >= _INDEX_LIMIT:
            _INDEX.clear()
        _INDEX[key] = found
    return found


def load_document(document: object, name: str) -> dict[str, Any]:
    """A policy document from a dict, a JSON string or a URL-encoded JSON string."""
    if isinstance(document, dict):
        return document
    if not isinstance(document, str):
        raise PolicyError(
            f"a policy must be a JSON object or string, not {type(document).__name__}", policy=name
        )
    text = document.strip()
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        if "%" not in text:
            raise PolicyError(f"invalid JSON: {error.msg} at {error.pos}", policy=name) from None
        try:
            loaded = json.loads(unquote(text))
        except json.JSONDecodeError:
            raise PolicyError(f"invalid JSON: {error.msg} at {error.pos}", policy=name) from None
    if not isinstance(loaded, dict):
        raise PolicyError("a policy document must be a JSON object", policy=name)
    return loaded


def canonical_json(document: dict[str, Any], name: str) -> str:
    """Whitespace-free JSON with sorted keys: the cache key and the size AWS counts."""
    try:
        return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError) as error:
        raise PolicyError(f"not JSON-serialisable: {error}", policy=name) from None


def compile_policy(
    document: object,
    *,
    name: str = "policy",
    arn: str | None = None,
    kind: Layer | str = Layer.IDENTITY,
    strict: bool = False,
) -> CompiledPolicy:
    """Validate and compile a policy document of the given kind (identity, resource, scp, …).

    The result is cached by canonical JSON text, name, ARN and kind, so compiling the same
    document twice returns the same object. Raises PolicyError for a document that cannot be
    evaluated. Elements AWS would refuse to store but whose evaluation is clear (a Principal in
    an identity-side policy or SCP, a resource-policy statement naming no principal, an Allow
    with NotPrincipal, an empty Statement list) become `warnings`; `strict` raises for them.
    """
    layer = Layer(kind)
    loaded = load_document(document, name)
    compiled = _compile_cached(canonical_json(loaded, name), name, arn, layer)
    if strict:
        raise_warnings(compiled)
    return compiled


def raise_warnings(policy: CompiledPolicy) -> None:
    """Raise the first warning of a policy as a PolicyError (strict validation)."""
    if policy.warnings:
        first = policy.warnings[0]
        raise PolicyError(first.detail, policy=first.policy, statement=first.statement)


_UNNAMED: Final = "\x00"
"""The name a policy is first compiled under, before it is named (`_compile_cached`)."""
_MANAGED_ARN: Final = "arn:aws:iam::aws:policy/\x00"
"""The ARN an AWS managed policy is first compiled under (its size is not limited)."""


@lru_cache(maxsize=8192)
def _compile_cached(source: str, name: str, arn: str | None, kind: Layer) -> CompiledPolicy:
    """One compile per text and kind, named after each policy that holds it (name and ARN):
    every role of an account may carry the same trust policy, under its own name."""
    try:
        unnamed = _compile_text(source, kind, _aws_managed(arn))
    except PolicyError:
        return _compile_named(source, name, arn, kind)  # its error names the policy
    return _named(unnamed, name, arn)


@lru_cache(maxsize=1024)
def _compile_text(source: str, kind: Layer, aws_managed: bool) -> CompiledPolicy:
    return _compile_named(source, _UNNAMED, _MANAGED_ARN if aws_managed else None, kind)


def _named(policy: CompiledPolicy, name: str, arn: str | None) -> CompiledPolicy:
    """A compiled policy under another name and ARN: its statements' references and
    warnings too."""
    statements = tuple(_named_statement(s, name, arn) for s in policy.statements)
    warnings = tuple(replace(w, policy=name) for w in policy.warnings)
    return CompiledPolicy(
        name, arn, policy.kind, policy.version, statements, policy.source, warnings=warnings
    )


def _named_statement(stmt: CompiledStatement, name: str, arn: str | None) -> CompiledStatement:
    """The statement under its policy's new name (built field by field: `replace` costs
    several times more, and a large account names tens of thousands of statements)."""
    ref = stmt.ref
    return CompiledStatement(
        StatementRef(name, arn, ref.layer, ref.index, ref.sid, ref.effect),
        stmt.effect,
        stmt.actions,
        stmt.not_action,
        stmt.resources,
        stmt.not_resource,
        stmt.resource_implied,
        stmt.principal,
        stmt.not_principal,
        stmt.conditions,
        stmt.covers_star,
        stmt.resource_test,
        stmt.fast,
        tuple(replace(w, policy=name) for w in stmt.warnings) if stmt.warnings else (),
    )


def _compile_named(source: str, name: str, arn: str | None, kind: Layer) -> CompiledPolicy:
    limit = MAX_POLICY_CHARS[kind]
    if len(source) > limit and not _aws_managed(arn):
        raise PolicyError(
            f"{len(source)} characters exceeds the {limit} AWS allows for a {kind} policy",
            policy=name,
        )
    document = json.loads(source)
    version = document.get("Version")
    if version is not None and (not isinstance(version, str) or version not in _VERSIONS):
        raise PolicyError(f"unsupported Version {version!r}", policy=name)
    if "Statement" not in document:
        raise PolicyError("no Statement element", policy=name)
    raw = document["Statement"]
    raw_statements = raw if isinstance(raw, list) else [raw]
    warnings: list[PolicyWarning] = []
    if not raw_statements:
        # IAM refuses it; evaluated, it is a policy with no statement: it allows nothing.
        warnings.append(PolicyWarning("empty_statement", "the Statement list is empty", name))
    variables = version == "2012-10-17"
    statements = tuple(
        _compile_statement(item, index, name, arn, kind, variables)
        for index, item in enumerate(raw_statements)
    )
    for statement in statements:
        warnings.extend(statement.warnings)
    return CompiledPolicy(name, arn, kind, version, statements, source, warnings=tuple(warnings))


def _aws_managed(arn: str | None) -> bool:
    """An AWS managed policy (`arn:PARTITION:iam::aws:policy/...`): AWS writes it, so the
    customer-managed size quotas do not apply (ReadOnlyAccess is far larger)."""
    parts = arn.split(":", 5) if arn else ()
    return len(parts) == 6 and parts[2] == "iam" and parts[4] == "aws"


def _compile_statement(
    raw: object, index: int, name: str, arn: str | None, kind: Layer, variables: bool
) -> CompiledStatement:
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        raise PolicyError("a statement must be a JSON object", policy=name, statement=label)
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError("Sid must be a string", policy=name, statement=label)
    label = sid or label
    effect_text = raw.get("Effect")
    if effect_text not in ("Allow", "Deny"):
        raise PolicyError(
            f"Effect must be Allow or Deny, not {effect_text!r}", policy=name, statement=label
        )
    effect = Effect(effect_text)
    ref = StatementRef(name, arn, kind, index, sid or None, effect)
    actions, not_action = _pick(raw, "Action", "NotAction", name, label, required=True)
    assert actions is not None
    resources_raw, not_resource = _pick(
        raw, "Resource", "NotResource", name, label, required=kind in _IDENTITY_SIDE
    )
    warnings: list[PolicyWarning] = []
    principal, not_principal = _principal(raw, kind, effect, name, label, warnings)
    condition = raw.get("Condition")
    clauses = (
        compile_condition(condition, variables=variables, policy=name, statement=label)
        if condition is not None
        else ()
    )
    resources = tuple(resource_pattern(r, variables) for r in resources_raw or ())
    covers_star = any(r.covers_star for r in resources)
    resource_test = None
    if all(r.matcher for r in resources):
        resource_test = element_test(resources, not_resource, resources_raw is None)
    return CompiledStatement(
        ref=ref,
        effect=effect,
        actions=ActionMatcher(actions),
        not_action=not_action,
        resources=resources,
        not_resource=not_resource,
        resource_implied=resources_raw is None,
        principal=principal,
        not_principal=not_principal,
        conditions=clauses,
        covers_star=resources_raw is None or (covers_star != not_resource),
        resource_test=resource_test,
        # A resource-policy statement naming no principal must reach the principal test
        # (which matches no caller), so it is never "fast".
        fast=not clauses
        and principal is None
        and resource_test is not None
        and kind not in _PRINCIPAL_REQUIRED,
        warnings=tuple(warnings),
    )


def _pick(
    raw: dict[str, Any], positive: str, negative: str, name: str, label: str, *, required: bool
) -> tuple[tuple[str, ...] | None, bool]:
    if positive in raw and negative in raw:
        raise PolicyError(
            f"a statement cannot have both {positive} and {negative}", policy=name, statement=label
        )
    for element, negated in ((positive, False), (negative, True)):
        if element in raw:
            return string_list(raw[element], policy=name, statement=label, element=element), negated
    if required:
        raise PolicyError(
            f"a statement needs {positive} or {negative}", policy=name, statement=label
        )
    return None, False


def _principal(
    raw: dict[str, Any],
    kind: Layer,
    effect: Effect,
    name: str,
    label: str,
    warnings: list[PolicyWarning],
) -> tuple[PrincipalSet | None, bool]:
    has_positive, has_negative = "Principal" in raw, "NotPrincipal" in raw
    if not (has_positive or has_negative):
        if kind in _PRINCIPAL_REQUIRED:
            text = (
                "a resource-policy statement needs Principal or NotPrincipal; it matches no caller"
            )
            warnings.append(PolicyWarning("no_principal", text, name, label))
        return None, False
    if has_positive and has_negative:
        raise PolicyError(
            "a statement cannot have both Principal and NotPrincipal", policy=name, statement=label
        )
    element = "NotPrincipal" if has_negative else "Principal"
    if kind in _IDENTITY_SIDE or kind is Layer.SCP:
        # IAM and Organizations reject the document; the policy applies to whoever holds it,
        # so evaluation ignores the element.
        text = f"a {kind} policy cannot have a {element} element (IAM rejects this policy); ignored"
        warnings.append(PolicyWarning("principal_in_identity_policy", text, name, label))
        return None, False
    compiled = compile_principal(raw[element], policy=name, statement=label)
    if has_negative and effect is Effect.ALLOW:
        text = (
            "NotPrincipal is only supported with Deny; "
            "evaluated literally: allows every caller not listed"
        )
        warnings.append(PolicyWarning("allow_not_principal", text, name, label))
    return compiled, has_negative
