"""What a shared decision's key is made of: which statements cover an action and match a
resource, and naming a shared decision's statements after the policies that apply."""

from __future__ import annotations

from dataclasses import replace

from graph.policy import CompiledPolicy, CompiledStatement, Decision, StatementRef


def relabel(
    decision: Decision, used: tuple[CompiledPolicy, ...], wanted: tuple[CompiledPolicy, ...]
) -> Decision:
    """A shared decision with its resource-policy statements named after `wanted`, the
    policies of the same text that apply to this request (see `Evaluator._content_id`)."""
    refs: dict[StatementRef, StatementRef] = {}
    for old, new in zip(used, wanted, strict=True):
        if old is not new:
            for before, after in zip(old.statements, new.statements, strict=True):
                refs[before.ref] = after.ref
    if not refs:
        return decision
    return replace(
        decision,
        statements=tuple(refs.get(r, r) for r in decision.statements),
        unknowns=tuple(
            replace(u, where=refs[u.where]) if u.where in refs else u for u in decision.unknowns
        ),
    )


def statement_matches(stmt: CompiledStatement, resource: str) -> object:
    """Whether a statement's Resource/NotResource element covers `resource`; the ARN itself
    when a policy variable makes that depend on the caller."""
    if stmt.resource_implied:
        return True
    hit = False
    for pattern in stmt.resources:
        if pattern.matcher is None:
            return resource
        if pattern.matcher(resource):
            hit = True
            break
    return hit != stmt.not_resource
