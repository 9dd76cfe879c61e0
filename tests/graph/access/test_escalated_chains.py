"""`who_can(..., escalation=True, all_chains=True)` walks forwards from the principals that
could gain (`escalated_chains`): the same chains as walking back from every end over the
whole graph, which the answer was once made by (and which took ~1,000 s a question where
administrators may take over every user and role)."""

from __future__ import annotations

import pytest

import graph
import graph.access.escalation as escalation
from graph.access import AccessGraph
from graph.access.escalation_steps import ESCALATION
from graph.access.labels import RANK
from graph.access.queries import chains_to
from graph.access.results import Reach
from graph.access.verdicts import Verdict
from graph.access.walks import assume_into, hop_edge
from tests.graph.access.escalation_kit import small_diverse


def _backwards(
    g: object,
    ends: list[tuple[str, tuple[object, ...]]],
    _gainers: object,
    resource: str,
    what: str,
) -> list[Reach]:
    """Every principal's chains, walked back from each end (then filtered as before)."""
    return chains_to(g, ends, resource, what, True, escalation=True)  # type: ignore[arg-type]


def _answers(snapshot: graph.Snapshot) -> dict[tuple[str, str], list[Reach]]:
    g = AccessGraph.from_snapshot(snapshot)
    nodes = [d.arn for d in snapshot.domains()] + [r.arn for r in snapshot.repositories()]
    return {
        (node, capability): g.who_can(node, capability, escalation=True, all_chains=True)
        for node in nodes
        for capability in (("login",) if ":domain/" in node else ("read", "publish"))
    }


@pytest.mark.parametrize("source", ["demo", "diverse"])
def test_forwards_from_those_that_could_gain_as_backwards_from_every_end(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same principals, as good a best chain, and per principal and way in (the chain's last
    hop) as short a chain and as short an allowed one; on the demo the same chains in the same
    order (elsewhere chains of one length may tie, each way picks one of them)."""
    snapshot = graph.demo_snapshot if source == "demo" else small_diverse
    forwards = _answers(snapshot())
    monkeypatch.setattr(escalation, "escalated_chains", _backwards)
    backwards = _answers(snapshot())
    assert sum(map(len, forwards.values())) > 20
    for question, found in forwards.items():
        expected = backwards[question]
        if source == "demo":
            assert found == expected, question
        assert _shortest(found) == _shortest(expected), question
        assert _best(found) == _best(expected), question


def _best(reaches: list[Reach]) -> dict[str, tuple[Verdict, int]]:
    """Each principal's first chain's verdict and length."""
    return {r.principal: (r.verdict, len(r.chain.hops)) for r in reversed(reaches)}


def _shortest(reaches: list[Reach]) -> dict[tuple[str, object], tuple[int, int]]:
    """Per principal and last hop: the length of its shortest chain, and of its shortest
    allowed one (99 for none)."""
    found: dict[tuple[str, object], tuple[int, int]] = {}
    for r in reaches:
        key = (r.principal, r.chain.hops[-1])
        length = len(r.chain.hops)
        allowed = length if r.verdict is Verdict.ALLOWED else 99
        known = found.get(key, (99, 99))
        found[key] = (min(known[0], length), min(known[1], allowed))
    return found


def test_walk_callers_are_the_best_edges_into_each_node() -> None:
    """`Takeovers.callers`, made from the assume index and the take-overs written, gives
    each source into a user or role at its best edge's rank (`hop_edge`), as the node's
    edges say."""
    snapshot = small_diverse()
    g = AccessGraph.from_snapshot(snapshot)
    g.add_escalation(takeovers=True)
    takeovers, graph_ = g._escalation.takeovers, g.graph
    assumers = assume_into(graph_)
    taken = 0
    for node in [*(u.arn for u in snapshot.users()), *(r.arn for r in snapshot.roles())]:
        expected = {}
        for source, keys in graph_._pred[node].items():
            data = hop_edge(keys, escalation=True)
            if data is not None:
                expected[source] = RANK[str(data["verdict"])]
                taken += data.get("kind") == ESCALATION
        callers = takeovers.callers(node, assumers.get(node))
        assert (callers.ranks if callers else {}) == expected, node
    assert taken > 50
