"""Explanations: every layer and statement of a request, matched or not, and why not."""

from __future__ import annotations

from graph.policy.compiler import CompiledPolicy
from graph.policy.decision import Explanation, LayerCheck, StatementCheck
from graph.policy.engine import Inputs, decide
from graph.policy.matching import Ev, Reasons, check
from graph.policy.model import Layer, PrincipalKind

_ABSENT_NOTES = {
    Layer.PERMISSION_BOUNDARY: "no permissions boundary",
    Layer.SESSION: "no session policy",
    Layer.ENDPOINT: "not called through a VPC endpoint",
}


def explain_inputs(inputs: Inputs) -> Explanation:
    """Check every statement of every layer with full mismatch reasons."""
    decision = decide(inputs)
    ev = inputs.ev()
    checks: list[LayerCheck] = []
    present = set()
    for layer, level, policies in inputs.layers():
        present.add(layer)
        checks.append(_layer(layer, level, policies, ev, _note(inputs, layer)))
    for layer, note in _missing(inputs).items():
        if layer not in present:
            checks.append(
                LayerCheck(layer, None, applies=False, allowed=False, denied=False, note=note)
            )
    return Explanation(decision.outcome, tuple(checks), decision.rules)


def _layer(
    layer: Layer, level: int | None, policies: tuple[CompiledPolicy, ...], ev: Ev, note: str
) -> LayerCheck:
    statements: list[StatementCheck] = []
    allowed = denied = False
    for policy in policies:
        for stmt in policy.statements:
            reasons: Reasons = []
            found = check(stmt, ev, reasons)
            unknowns = (
                tuple(
                    (p[0].key, p[0].operator, p[0].values)
                    for p in sorted(found[0], key=lambda p: (p[0].key, p[0].operator))
                )
                if found
                else ()
            )
            matched = found is not None
            if matched:
                if stmt.is_deny:
                    denied = True
                else:
                    allowed = True
            statements.append(StatementCheck(stmt.ref, matched, tuple(reasons), unknowns))
    return LayerCheck(layer, level, True, allowed, denied, note, tuple(statements))


def _note(inputs: Inputs, layer: Layer) -> str:
    if layer is Layer.RESOURCE and not inputs.same_account:
        return "cross-account: the resource policy must allow"
    if (
        layer is Layer.SESSION
        and inputs.caller.kind is PrincipalKind.FEDERATED_USER
        and not (inputs.session)
    ):
        return "an STS federated user without a session policy has no permissions"
    return ""


def _missing(inputs: Inputs) -> dict[Layer, str]:
    """Layers that take no part, with the reason (for a complete picture in a UI)."""
    out: dict[Layer, str] = {}
    if not inputs.resource_policies_apply:
        out[Layer.RESOURCE] = "resource-based policies are not consulted for this action"
    elif not inputs.resource_policies:
        out[Layer.RESOURCE] = "no resource-based policy"
    if inputs.boundaries is None:
        out[Layer.PERMISSION_BOUNDARY] = _ABSENT_NOTES[Layer.PERMISSION_BOUNDARY]
    if not inputs.session_applies:
        out[Layer.SESSION] = _ABSENT_NOTES[Layer.SESSION]
    if not inputs.endpoint:
        out[Layer.ENDPOINT] = _ABSENT_NOTES[Layer.ENDPOINT]
    if not inputs.scps or not inputs.caller.is_iam:
        out[Layer.SCP] = "no service control policies apply"
    if not inputs.rcps:
        out[Layer.RCP] = "no resource control policies apply"
    if not inputs.caller.has_identity_policies:
        out[Layer.IDENTITY] = f"a {inputs.caller.kind} caller has no identity-based policies"
    return out
