"""A what-if copy of the snapshot reuses the original's actors only where nothing changed."""

from __future__ import annotations

import graph
from graph.access.build import skeleton
from graph.access.evaluator import Evaluator
from graph.access.fixes import Fix
from graph.access.policies import PolicyBook
from graph.access.whatif import apply_fix

STATEMENT = {
    "Effect": "Allow",
    "Action": "codeartifact:ReadFromRepository",
    "Resource": "*",
}


def test_only_the_changed_principal_is_built_again() -> None:
    snapshot = graph.demo_snapshot()
    original = skeleton(snapshot, Evaluator(PolicyBook()))
    user = next(u for u in snapshot.users() if u.name == "mateojackson")
    fix = Fix("identity_policy", "inline policy", user.arn, "", (STATEMENT,))
    changed = apply_fix(snapshot, fix)
    book = PolicyBook().fork()
    again = skeleton(changed, Evaluator(book), reuse=(snapshot, original))
    assert again.actors[user.arn] is not original.actors[user.arn]
    assert len(again.actors[user.arn].identity) == len(original.actors[user.arn].identity) + 1
    others = [arn for arn in original.actors if arn != user.arn]
    assert all(again.actors[arn] is original.actors[arn] for arn in others)


def test_a_changed_organisation_builds_every_actor_again() -> None:
    snapshot = graph.demo_snapshot()
    original = skeleton(snapshot, Evaluator(PolicyBook()))
    account = next(iter(original.actors.values())).account_id
    fix = Fix("scp", "SCP", f"account:{account}", "", (STATEMENT,))
    changed = apply_fix(snapshot, fix)
    again = skeleton(changed, Evaluator(PolicyBook()), reuse=(snapshot, original))
    assert not any(again.actors[arn] is actor for arn, actor in original.actors.items())


def _reach(access: graph.AccessGraph, principal: str) -> list[tuple[str, str, str]]:
    return sorted((r.capability, r.resource, r.verdict.value) for r in access.reachable(principal))


def test_what_ifs_one_after_another_answer_as_fresh_graphs() -> None:
    """Each what-if shares the original's decisions as it learns them (`Evaluator.fork`), and
    is dropped after: the next ones, and the original, still answer as graphs built afresh
    (what a dropped copy compiled stays alive, so no later object takes a key's id)."""
    snapshot = graph.demo_snapshot()
    original = graph.AccessGraph.from_snapshot(snapshot)
    users = [u for u in snapshot.users()][:4]
    for round_ in range(2):
        for user in users:
            statement = {**STATEMENT, "Sid": f"Round{round_}"}
            fix = Fix("identity_policy", "inline policy", user.arn, "", (statement,))
            changed = apply_fix(snapshot, fix)
            copy = original.changed(changed)
            fresh = graph.AccessGraph.from_snapshot(changed)
            for principal in (user.arn, *(u.arn for u in users)):
                assert _reach(copy, principal) == _reach(fresh, principal)
            del copy
    again = graph.AccessGraph.from_snapshot(snapshot)
    for user in users:
        assert _reach(original, user.arn) == _reach(again, user.arn)
