"""Every scenario of spec section F, data-driven from `scenarios.py`."""

from __future__ import annotations

import pytest

from graph import policy
from tests.graph.policy.scenario_parts import Scenario
from tests.graph.policy.scenarios import SCENARIOS


def run(scenario: Scenario) -> tuple[str, policy.Decision]:
    """Evaluate each step in order; return the first step not allowed (or the last step)."""
    decision: policy.Decision | None = None
    action = ""
    for step in scenario.steps:
        request = policy.Request(
            principal=scenario.principal,
            action=step.action,
            resource=step.resource,
            context=step.context,
            **scenario.request,
        )
        decision = policy.evaluate(
            request,
            identity_policies=scenario.identity,
            resource_policies=scenario.resource,
            permission_boundaries=scenario.boundary,
            session_policies=scenario.session,
            scps=scenario.scps,
            rcps=scenario.rcps,
            options=scenario.options,
        )
        action = step.action
        if not decision.allowed:
            break
    assert decision is not None
    return action, decision


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_spec_f_scenario(scenario: Scenario) -> None:
    action, decision = run(scenario)
    assert decision.outcome == scenario.expected, policy.sentence(decision)
    if scenario.layer is not None:
        assert scenario.layer in decision.blocked_by, decision.blocked_by
    else:
        assert decision.blocked_by == frozenset()
    if scenario.failing_action is not None:
        assert action == scenario.failing_action


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_spec_f_scenario_in_discover_mode_gives_same_outcome_when_context_is_complete(
    scenario: Scenario,
) -> None:
    """Discover mode may only differ where a key is unknown; these scenarios mostly give keys."""
    _, strict = run(scenario)
    if strict.outcome == "allowed":
        return
    for step in scenario.steps:
        decision = policy.evaluate(
            policy.Request(
                scenario.principal,
                step.action,
                step.resource,
                context=step.context,
                **scenario.request,
            ),
            identity_policies=scenario.identity,
            resource_policies=scenario.resource,
            permission_boundaries=scenario.boundary,
            session_policies=scenario.session,
            scps=scenario.scps,
            rcps=scenario.rcps,
            options=scenario.options,
            mode="discover",
        )
        # discover never gives a *worse* outcome than strict
        rank = {"allowed": 0, "implicit_deny": 1, "explicit_deny": 2}
        single = policy.evaluate(
            policy.Request(
                scenario.principal,
                step.action,
                step.resource,
                context=step.context,
                **scenario.request,
            ),
            identity_policies=scenario.identity,
            resource_policies=scenario.resource,
            permission_boundaries=scenario.boundary,
            session_policies=scenario.session,
            scps=scenario.scps,
            rcps=scenario.rcps,
            options=scenario.options,
        )
        assert rank[decision.outcome] <= rank[single.outcome]
