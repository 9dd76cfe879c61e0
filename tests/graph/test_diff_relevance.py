"""`relevance`: a change of statements alone moves only requests for the actions they cover,
so `cax diff` does not ask about the others (issue #13's speed)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import graph
from bench.bench_diff import EVERYONE_PUBLISHES
from graph.access import AccessGraph
from graph.access.capabilities import Capability
from graph.diff import diff_snapshots, snapshot_changes
from graph.diff.relevance import capabilities_moved, covers
from graph.model import Account, Group, Policy
from graph.snapshot import Snapshot
from tests.small_orgs import managed_policy_gone, two_account_org

S3 = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
PUBLISH = EVERYONE_PUBLISHES  # everyone may publish: read and publish steps


def _groups_gain(snapshot: Snapshot, statement: dict[str, object]) -> Snapshot:
    """Every group's first inline policy (or a new one) gains `statement`."""

    def grow(group: Group) -> Group:
        first = group.inline_policies[0] if group.inline_policies else Policy("extra", {})
        document = first.document if isinstance(first.document, dict) else {}
        old = document.get("Statement", [])
        statements = [*(old if isinstance(old, list) else [old]), statement]
        grown = Policy(first.name, {"Version": "2012-10-17", "Statement": statements})
        return replace(group, inline_policies=(grown, *group.inline_policies[1:]))

    def change(a: Account) -> Account:
        return replace(a, groups=tuple(grow(g) for g in a.groups))

    return replace(snapshot, accounts=tuple(change(a) for a in snapshot.accounts))


def test_statements_for_another_service_move_nothing_and_ask_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = two_account_org("diverse", 2)
    new = _groups_gain(old, S3)
    changes = snapshot_changes(old, new).changes
    assert changes and all(c.statements_only for c in changes)
    asked: list[str] = []
    for name in ("own_access", "first_hop", "reachable", "who_can", "who_can_answers"):
        original = getattr(AccessGraph, name)

        def spy(self: AccessGraph, *args: object, _f: object = original, _n: str = name) -> object:
            asked.append(_n)
            return _f(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(AccessGraph, name, spy)
    diff = diff_snapshots(old, new)
    assert diff.unchanged and not asked


def test_an_assume_statement_asks_the_first_hop_only() -> None:
    old = two_account_org("diverse", 2)
    statement = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}
    change = snapshot_changes(old, _groups_gain(old, statement)).changes[0]
    covered = covers(change)
    assert covered is not None
    assert covered("sts:assumerole") and not covered("codeartifact:readfromrepository")


def test_an_edit_covers_the_actions_before_and_after() -> None:
    old = two_account_org("diverse", 2)
    new = _groups_gain(old, {**S3, "Sid": "Edited"})
    newer = _groups_gain(old, {**S3, "Sid": "Edited", "Action": "codeartifact:ReadFromRepository"})
    (change, *_) = snapshot_changes(new, newer).changes
    assert change.diff.get("edited")
    covered = covers(change)
    assert covered is not None
    assert covered("s3:getobject") and covered("codeartifact:readfromrepository")
    assert capabilities_moved([covers(change)]) == {Capability.READ}


def test_a_repository_policy_letting_everyone_publish_moves_read_and_publish_only() -> None:
    demo = graph.demo_snapshot()
    repository = next(iter(demo.repositories()))

    def change(a: Account) -> Account:
        repositories = tuple(
            replace(r, policy=Policy("p", {"Version": "2012-10-17", "Statement": [PUBLISH]}))
            if r.arn == repository.arn
            else r
            for r in a.repositories
        )
        return replace(a, repositories=repositories)

    new = replace(demo, accounts=tuple(change(a) for a in demo.accounts))
    changes = [c for c in snapshot_changes(demo, new).changes if c.resources]
    assert capabilities_moved(map(covers, changes)) == {Capability.READ, Capability.PUBLISH}


def test_a_managed_policy_gone_while_attached_may_move_anything() -> None:
    old = two_account_org("diverse", 2)
    changes = snapshot_changes(old, managed_policy_gone(old)).changes
    assert changes and not any(c.statements_only for c in changes)
    assert all(covers(c) is None for c in changes)


def test_an_edit_that_makes_a_policy_unreadable_may_move_anything() -> None:
    old = two_account_org("diverse", 2)
    broken = {**S3, "Condition": {"NoSuchOperator": {"aws:SourceIp": "10.0.0.0/8"}}}
    changes = snapshot_changes(old, _groups_gain(old, broken)).changes
    assert changes and all(covers(c) is None for c in changes)
