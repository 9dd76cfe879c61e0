"""`outright.OutrightDenies`: a step none of whose Denies could apply outright is not denied
outright, said without the step's decision (issue #10). Never wrong: wherever the engine finds
a Deny that applies with nothing unknown, the shortcut must let it through."""

from __future__ import annotations

from typing import Any

import pytest

import graph
from graph.access.capabilities import Capability, Step, capability_steps
from graph.access.evaluator import Evaluator, _resource_side
from graph.access.outright import OutrightDenies
from graph.access.policies import PolicyBook
from graph.model import Repository
from graph.policy import Layer, Request, compile_policy, denied_outright
from tests.small_orgs import small_org

REPO = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/libs"
SOURCE_IP = {"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}
REGIONS = {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}}
DEPLOY = {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/*-deploy-*"}}


def _deny(condition: dict[str, Any] | None, resource: str = "*") -> Any:
    statement = {"Effect": "Deny", "Action": "codeartifact:*", "Resource": resource}
    if condition:
        statement["Condition"] = condition
    document = {"Version": "2012-10-17", "Statement": [statement]}
    return compile_policy(document, name="guard", kind=Layer.IDENTITY)


def _may(policy: Any, resource: str = REPO, known: set[str] | None = None) -> bool:
    step = Step("codeartifact:ReadFromRepository", resource)

    def request() -> Request:
        context = {"aws:SourceIp": "192.0.2.1"} if known else {}
        return Request(
            principal="arn:aws:iam::111111111111:user/ana",
            action=step.action,
            resource=resource,
            context=context,
        )

    return OutrightDenies(known or set()).any_of(((policy,),), step, request)


@pytest.mark.parametrize(
    ("condition", "resource", "known", "expected"),
    [
        (SOURCE_IP, "*", set(), False),  # nobody knows the caller's address
        (SOURCE_IP, "*", {"aws:sourceip"}, True),  # the context says: outside the range
        (REGIONS, "*", set(), False),  # the repository is in an allowed region
        (None, "*", set(), True),  # applies to everyone
        (None, "arn:aws:codeartifact:*:*:repository/other/*", set(), False),  # not this one
        (DEPLOY, "*", set(), True),  # reads the caller: the decision tells
    ],
)
def test_a_deny_that_cannot_apply_outright_is_left_out(
    condition: dict[str, Any] | None, resource: str, known: set[str], expected: bool
) -> None:
    assert _may(_deny(condition, resource), known=known) is expected


def test_a_region_guard_applies_outright_out_of_its_regions() -> None:
    elsewhere = REPO.replace("us-east-1", "eu-central-1")
    assert _may(_deny(REGIONS), resource=elsewhere)


@pytest.mark.parametrize(
    ("seed", "context"),
    [(3, None), (11, None), (3, {"aws:SourceIp": "198.51.100.7"})],
)
def test_the_shortcut_agrees_with_the_engine(seed: int, context: dict[str, str] | None) -> None:
    snapshot = small_org("diverse", seed)
    access = graph.AccessGraph.from_snapshot(snapshot, context, lazy=True)
    built = access._built
    evaluator = Evaluator(PolicyBook(), access.context)
    targets = [t for t in built.targets.values() if isinstance(t.item, Repository)]
    checked = denied = 0
    for node in list(built.actors)[::3]:
        actor = built.actors[node]
        for target in targets:
            for capability in (Capability.READ, Capability.PUBLISH):
                assert isinstance(target.item, Repository)
                for step in capability_steps(capability, target.item):
                    rp, rcps, _ = _resource_side(actor, target, step)
                    plain = denied_outright(evaluator._inputs(actor, step, rp, rcps, target))
                    assert evaluator.denied_outright(actor, target, step) is plain, (node, step)
                    checked += 1
                    denied += plain
    assert checked > 1000
    assert denied or context is None  # the office-IP deny applies outright once the IP is known


@pytest.mark.parametrize("seed", [3, 11])
def test_only_blocked_repositories_can_be_answers_the_graph_drops(seed: int) -> None:
    """`Unkept.blocked` (the build asks `Unkept` only there) holds every repository where
    `Unkept` could say True."""
    access = graph.AccessGraph.from_snapshot(small_org("diverse", seed), lazy=True)
    built = access._built
    setup = built.access_setup(access._evaluator, access.snapshot)
    classes, masks = setup.classes, setup.masks
    dropped = 0
    for actor in built.actors.values():
        keys = classes.keys(actor)
        for capability in (Capability.READ, Capability.PUBLISH):
            blocked = classes.unkept.blocked(actor, capability, keys[capability])
            for i, target in enumerate(masks.repositories):
                if classes.unkept(actor, target, capability, keys[capability]):
                    dropped += 1
                    assert blocked & 1 << i, (actor.node, target.node, capability)
    assert dropped > 100


@pytest.mark.parametrize(
    ("seed", "context"),
    [(3, None), (11, None), (3, {"aws:SourceIp": "192.0.2.1"})],  # out of the office: denied
)
def test_answers_dropped_by_masks_are_those_unkept_drops(
    seed: int, context: dict[str, str] | None
) -> None:
    """`Unkept.surely` (the build leaves those repositories out unasked) holds only
    repositories where `Unkept` says True, and most of them."""
    access = graph.AccessGraph.from_snapshot(small_org("diverse", seed), context, lazy=True)
    built = access._built
    setup = built.access_setup(access._evaluator, access.snapshot)
    classes, masks = setup.classes, setup.masks
    dropped = sure = 0
    for actor in built.actors.values():
        keys = classes.keys(actor)
        for capability in (Capability.READ, Capability.PUBLISH):
            surely = classes.unkept.surely(actor, capability, keys[capability])
            for i, target in enumerate(masks.repositories):
                unkept = classes.unkept(actor, target, capability, keys[capability])
                dropped += unkept
                if surely & 1 << i:
                    sure += 1
                    assert unkept, (actor.node, target.node, capability)
    assert sure > dropped / 2 > 50
