"""Which requests a change can decide differently: those for the actions its statements cover.

A request is decided by the statements whose Action (or NotAction) covers its action; the
others take no part. So a change that only adds, removes or edits statements moves no answer
for an action none of them covers: a diff need not ask about it (a group's policy that lost an
S3 statement moves no CodeArtifact access, nor any `sts:AssumeRole`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

from graph.access.capabilities import CAPABILITY_ACTIONS, Capability
from graph.diff.model import PolicyChange
from graph.policy import Layer, PolicyError, compile_policy

Covers = Callable[[str], bool]
"""Whether a lower-cased action is covered by a change's statements."""

ASSUME: Final = "sts:assumerole"
_RESOURCE_SIDE: Final = frozenset({"domain_policy", "repository_policy", "trust_policy"})


def covers(change: PolicyChange) -> Covers | None:
    """The actions a change's statements cover, or None when the change is not statements
    alone (tags, memberships, boundaries, upstreams, a policy that came, went or cannot be
    read: anything may move)."""
    diff = change.diff
    if not change.statements_only or change.everything or "before" in diff or "after" in diff:
        return None
    statements = [*diff.get("added", ()), *diff.get("removed", ())]
    for edit in diff.get("edited", ()):
        statements.extend((edit.get("before"), edit.get("after")))
    if not statements:
        return None  # only the Version changed, say
    layer = Layer.RESOURCE if change.kind in _RESOURCE_SIDE else Layer.IDENTITY
    document = {"Version": "2012-10-17", "Statement": statements}
    try:
        policy = compile_policy(document, name="changed statements", kind=layer)
    except PolicyError:
        return None  # the edit made a policy unreadable, or mended one: anything may move
    return lambda action: any(policy.for_action(action))


def capabilities_moved(covered_by: Iterable[Covers | None]) -> set[Capability]:
    """The capabilities whose answers changes may move, from what each covers (`covers`; all
    capabilities when one is not statements alone)."""
    found: set[Capability] = set()
    for covered in covered_by:
        if covered is None:
            return set(Capability)
        found.update(c for c, actions in CAPABILITY_ACTIONS.items() if any(map(covered, actions)))
    return found
