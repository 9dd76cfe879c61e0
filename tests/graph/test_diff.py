"""`diff_snapshots` (issue #13): it evaluates only what the changes touch, yet finds exactly the
verdicts that a comparison of every principal × capability × resource on two whole graphs finds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import graph
from bench.bench_diff import EVERYONE_PUBLISHES
from graph.access import Verdict, access_graph, build
from graph.diff import diff_snapshots, snapshot_changes
from graph.model import Account, Policy, Repository, Role
from graph.snapshot import Snapshot
from tests.small_orgs import managed_policy_gone, two_account_org
from tests.spies import results_of

Key = tuple[str, str, str]
PRINCIPAL_KINDS = {"user", "role", "external_account", "service", "federated", "anyone"}


def _every_verdict(snapshot: Snapshot) -> dict[Key, Verdict]:
    """Every reaching or unknown verdict, from the whole graph: each principal's reach and
    who can do each capability on each resource (which adds callers outside the snapshot)."""
    whole = graph.AccessGraph.from_snapshot(snapshot)
    found: dict[Key, Verdict] = {}
    g = whole.graph
    callers = [n for n, kind in g.nodes(data="kind") if kind in PRINCIPAL_KINDS]
    reaches = [r for node in callers for r in whole.reachable(node)]
    for domain in snapshot.domains():
        reaches += [r for c in ("login", "admin") for r in whole.who_can(domain.arn, c)]
    for repo in snapshot.repositories():
        for capability in ("login", "read", "publish", "admin"):
            reaches += whole.who_can(repo.arn, capability)
    domains = {d.arn for d in snapshot.domains()}
    for reach in reaches:
        item = snapshot.find(reach.resource)
        if (
            isinstance(item, Repository)
            and reach.capability == "login"
            and item.domain_arn in domains
        ):
            continue  # said on the domain (`diff` compares login there)
        if item is None:
            continue  # an external connection: `diff` compares domains and repositories
        if reach.verdict is not Verdict.DENIED:
            found[(reach.principal, reach.capability, reach.resource)] = reach.verdict
    return found


def _brute(old: Snapshot, new: Snapshot) -> dict[Key, tuple[Verdict, Verdict]]:
    changes = snapshot_changes(old, new)
    gone = {*changes.principals_added, *changes.principals_removed}
    gone |= {*changes.resources_added, *changes.resources_removed}
    before, after = _every_verdict(old), _every_verdict(new)
    moved = {}
    for key in before.keys() | after.keys():
        if key[0] in gone or key[2] in gone:
            continue
        was, now = before.get(key, Verdict.DENIED), after.get(key, Verdict.DENIED)
        if was is not now:
            moved[key] = (was, now)
    return moved


def _found(old: Snapshot, new: Snapshot) -> dict[Key, tuple[Verdict, Verdict]]:
    diff = diff_snapshots(old, new)
    return {(v.principal, v.capability, v.resource): (v.before, v.after) for v in diff.verdicts}


def _accounts(snapshot: Snapshot, change: Callable[[Account], Account]) -> Snapshot:
    return replace(snapshot, accounts=tuple(change(a) for a in snapshot.accounts))


def _small(profile: str, seed: int) -> Snapshot:
    return two_account_org(profile, seed)


def _drop_first_statement(policy: Policy) -> Policy:
    statements = policy.document.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    return replace(policy, document={**policy.document, "Statement": statements[1:]})


def _managed_edited(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        if not a.policies:
            return a
        first = a.policies[0]
        statements = first.document.get("Statement", []) if isinstance(first.document, dict) else []
        edited = replace(first, document={"Version": "2012-10-17", "Statement": statements[1:]})
        return replace(a, policies=(edited, *a.policies[1:]))

    return _accounts(s, change)


def _trust_narrowed(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        roles = tuple(
            replace(r, trust_policy=_drop_first_statement(r.trust_policy))
            if r.trust_policy is not None and i % 3 == 0
            else r
            for i, r in enumerate(a.roles)
        )
        return replace(a, roles=roles)

    return _accounts(s, change)


def _left_groups(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        users = tuple(
            replace(u, group_names=u.group_names[1:]) if i % 2 else u for i, u in enumerate(a.users)
        )
        return replace(a, users=users)

    return _accounts(s, change)


WIDE = {
    "Sid": "EveryoneInTheAccount",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "codeartifact:*",
    "Resource": "*",
}


def _repository_widened(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        def widen(r: Repository, i: int) -> Repository:
            if i % 2:
                return r
            old = r.policy.document.get("Statement", []) if isinstance(r.policy, Policy) else []
            document = {"Version": "2012-10-17", "Statement": [*old, WIDE]}
            return replace(r, policy=Policy(f"repository policy of {r.name}", document))

        return replace(a, repositories=tuple(widen(r, i) for i, r in enumerate(a.repositories)))

    return _accounts(s, change)


def _role_added_and_repository_removed(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        trusted = [f"arn:aws:iam::{a.id}:root", *(u.arn for u in a.users[:1])]
        root = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": trusted}, "Action": "sts:AssumeRole"}
            ],
        }
        admin = Policy(
            "all",
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            },
        )
        role = Role(
            f"arn:aws:iam::{a.id}:role/new-admin",
            "new-admin",
            a.id,
            Policy("trust", root),
            inline_policies=(admin,),
        )
        return replace(a, roles=(*a.roles, role), repositories=a.repositories[1:])

    return _accounts(s, change)


def _scp_denies_publish(s: Snapshot) -> Snapshot:
    org = s.org
    assert org is not None
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Deny", "Action": "codeartifact:PublishPackageVersion", "Resource": "*"}
        ],
    }
    policies = tuple(
        replace(p, document=deny) if i == 0 and p.type == "SERVICE_CONTROL_POLICY" else p
        for i, p in enumerate(org.policies)
    )
    return replace(s, organization=replace(org, policies=policies))


def _role_inline_trimmed(s: Snapshot) -> Snapshot:
    """Every other role's first inline policy loses its first statement and its first managed
    policy is detached: own access moves, and the roles it may assume mostly not
    (`_own_moves`)."""

    def change(a: Account) -> Account:
        def trim(r: Role, i: int) -> Role:
            if i % 2:
                return r
            r = replace(r, attached_policy_arns=r.attached_policy_arns[1:])
            if not r.inline_policies:
                return r
            first = r.inline_policies[0]
            doc = first.document if isinstance(first.document, dict) else {}
            statements = doc.get("Statement", [])
            statements = statements if isinstance(statements, list) else [statements]
            edited = Policy(first.name, {**doc, "Statement": statements[1:]})
            return replace(r, inline_policies=(edited, *r.inline_policies[1:]))

        return replace(a, roles=tuple(trim(r, i) for i, r in enumerate(a.roles)))

    return _accounts(s, change)


ASSUME_ANY = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}


def _users_may_assume_any_role(s: Snapshot) -> Snapshot:
    """Every third user gains `sts:AssumeRole` on every role: its first hop moves."""

    def change(a: Account) -> Account:
        grant = Policy("assume-any", {"Version": "2012-10-17", "Statement": [ASSUME_ANY]})
        users = tuple(
            replace(u, inline_policies=(*u.inline_policies, grant)) if i % 3 == 0 else u
            for i, u in enumerate(a.users)
        )
        return replace(a, users=users)

    return _accounts(s, change)


def _teams_moved(s: Snapshot) -> Snapshot:
    """Every other tagged user and role moves to another team (trust policies and grants read
    `aws:PrincipalTag/team`), and every role's permissions boundary is removed."""
    teams = sorted({str(p.tags["team"]) for p in (*s.users(), *s.roles()) if "team" in p.tags})

    def moved(item: Any, i: int) -> Any:
        team = item.tags.get("team")
        if team is None or i % 2:
            return item
        other = teams[(teams.index(team) + 1) % len(teams)]
        return replace(item, tags={**item.tags, "team": other})

    def change(a: Account) -> Account:
        return replace(
            a,
            users=tuple(moved(u, i) for i, u in enumerate(a.users)),
            roles=tuple(replace(moved(r, i), boundary_arn=None) for i, r in enumerate(a.roles)),
        )

    return _accounts(s, change)


SEED_PUBLISH = 4
PUBLISH_ONLY = {**EVERYONE_PUBLISHES, "Sid": "EveryonePublishes"}


def _first_repository_allows(a: Account, statement: dict[str, object]) -> Account:
    """The account with `statement` added to its first repository's policy."""
    if not a.repositories:
        return a
    first = a.repositories[0]
    old = first.policy.document.get("Statement", []) if isinstance(first.policy, Policy) else []
    document = {"Version": "2012-10-17", "Statement": [*old, statement]}
    widened = replace(first, policy=Policy(f"repository policy of {first.name}", document))
    return replace(a, repositories=(widened, *a.repositories[1:]))


def _publish_widened_and_trust_narrowed(s: Snapshot) -> Snapshot:
    """The first repository lets everyone publish (who may administer it does not move:
    who-can is not asked there for admin) while trust policies narrow (chains move too)."""
    return _trust_narrowed(_accounts(s, lambda a: _first_repository_allows(a, PUBLISH_ONLY)))


def _upstream_added(s: Snapshot) -> Snapshot:
    """Each repository takes the next one of its domain as an upstream: reads reach more."""

    def change(a: Account) -> Account:
        repositories = list(a.repositories)
        for i, repository in enumerate(repositories):
            following = [r for r in repositories[i + 1 :] if r.domain == repository.domain]
            upstreams = repository.upstreams
            if following and isinstance(upstreams, tuple) and following[0].name not in upstreams:
                repositories[i] = replace(repository, upstreams=(*upstreams, following[0].name))
        return replace(a, repositories=tuple(repositories))

    return _accounts(s, change)


CHANGES = {
    "publish widened, trust narrowed": _publish_widened_and_trust_narrowed,
    "upstream added": _upstream_added,
    "teams moved, boundaries removed": _teams_moved,
    "managed policy gone, still attached": managed_policy_gone,
    "managed policy edited": _managed_edited,
    "trust narrowed": _trust_narrowed,
    "users left groups": _left_groups,
    "repository policies widened": _repository_widened,
    "role added, repository removed": _role_added_and_repository_removed,
    "roles' inline policies trimmed": _role_inline_trimmed,
    "users may assume any role": _users_may_assume_any_role,
}


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_diff_finds_what_two_whole_graphs_find(profile: str, name: str) -> None:
    old = _small(profile, seed=2)
    new = CHANGES[name](old)
    expected = _brute(old, new)
    assert _found(old, new) == expected
    # each change moves something (tags and boundaries only where the profile reads them,
    # upstreams only where not everyone reads every repository)
    assert expected or (
        profile == "stamped" and name in {"teams moved, boundaries removed", "upstream added"}
    )


@pytest.mark.parametrize("name", ["users left groups", "teams moved, boundaries removed"])
def test_the_new_snapshot_takes_the_old_ones_trust_edges_where_nothing_moved(name: str) -> None:
    """Trust edges into a role whose way in, and whose callers, no change touches are taken
    from the old snapshot's graph (only the changed callers are evaluated): same verdicts."""
    old = _small("diverse", seed=2)
    new = CHANGES[name](old)
    diff = diff_snapshots(old, new)
    edges = diff.new._built.assume_edges(diff.new._evaluator, diff.new.snapshot)
    assert edges.borrowed > 0
    assert _found(old, new) == _brute(old, new)
    # completed, the new graph has the very edges a build of the new snapshot makes
    assert _edges(diff.new.graph) == _edges(graph.AccessGraph.from_snapshot(new).graph)


@pytest.mark.parametrize("name", ["trust narrowed", "roles' inline policies trimmed"])
def test_the_new_graph_shares_the_old_ones_decisions(name: str) -> None:
    """The new snapshot's evaluator takes every decision the old one made where the policies
    read alike (`Evaluator.fork`): it evaluates little of its own, and finds the same."""
    old = _small("diverse", seed=2)
    new = CHANGES[name](old)
    diff = diff_snapshots(old, new)
    assert diff.old.evaluations > 100
    assert diff.new.evaluations * 10 < diff.old.evaluations
    assert _found(old, new) == _brute(old, new)


def test_borrowed_trust_edges_of_callers_outside_the_snapshot() -> None:
    """The demo's roles trust other accounts and services: their edges are borrowed too."""
    old = graph.demo_snapshot()
    new = graph.load_snapshot(Path(graph.__file__).parent / "demo" / "acme-org-changed.json")
    diff = diff_snapshots(old, new)
    outside = {u for u, _, k in diff.new.partial_graph.edges(keys=True) if k == "can_assume"} - {
        p.arn for p in (*new.users(), *new.roles())
    }
    assert outside  # callers outside the snapshot
    assert diff.new._built.assume_edges(diff.new._evaluator, new).borrowed > 0
    whole = graph.AccessGraph.from_snapshot(new).graph
    assert _edges(diff.new.graph) == _edges(whole)
    assert sorted(diff.new.graph.nodes(data=True)) == sorted(whole.nodes(data=True))


def _edges(g: Any) -> list[tuple[object, ...]]:
    return sorted((u, v, k, sorted(d.items())) for u, v, k, d in g.edges(keys=True, data=True))


def test_an_scp_change_asks_everything_again() -> None:
    old = _small("diverse", seed=4)
    if old.org is None or not old.org.policies:
        pytest.skip("this organisation has no SCP")
    new = _scp_denies_publish(old)
    assert _found(old, new) == _brute(old, new)


def test_who_can_is_asked_only_where_direct_access_moved(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository policy that lets everyone publish packages: who-can is asked on that
    repository for publish only (who reads or administers it without a role is the same in
    both snapshots: the statement allows no step of theirs)."""
    old = _small("diverse", seed=SEED_PUBLISH)
    statement = {**PUBLISH_ONLY, "Action": PUBLISH_ONLY["Action"][1:]}  # not the endpoint
    new = _accounts(old, lambda a: _first_repository_allows(a, statement))
    asked: list[tuple[str, str]] = []
    who_can = graph.AccessGraph.who_can_answers

    def spy(self: graph.AccessGraph, resource: str, capability: str) -> object:
        asked.append((capability, resource))
        return who_can(self, resource, capability)

    monkeypatch.setattr(graph.AccessGraph, "who_can_answers", spy)
    found = _found(old, new)
    monkeypatch.undo()
    assert found == _brute(old, new) and found
    widened = next(a.repositories[0].arn for a in old.accounts if a.repositories)
    assert asked == [("publish", widened)] * 2  # once in each snapshot


def test_an_unchanged_pair_reports_nothing() -> None:
    demo = graph.demo_snapshot()
    diff = diff_snapshots(demo, graph.demo_snapshot())
    assert diff.unchanged and not diff.changes and not diff.verdicts and not diff.appeared


def test_the_demo_pair_gains_publish_and_loses_the_release_chain() -> None:
    old = graph.demo_snapshot()
    new = graph.load_snapshot(Path(graph.__file__).parent / "demo" / "acme-org-changed.json")
    diff = diff_snapshots(old, new)
    assert _found(old, new) == _brute(old, new)
    kinds = {c.kind for c in diff.changes}
    assert kinds == {"identity_policy", "repository_policy"}
    lost = [v for v in diff.verdicts if v.kind == "lost"]
    assert {v.principal.rsplit("/", 1)[-1] for v in lost} == {"sofia.rossi"}
    for verdict in diff.verdicts:
        (cause,) = verdict.causes  # each moved verdict has one cause, the right one
        expected = "identity_policy" if verdict.kind == "lost" else "repository_policy"
        assert diff.changes[cause].kind == expected
    assert diff.widened and diff.narrowed


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_whole_graph_at_hand_gives_the_same_diff(profile: str, name: str) -> None:
    """The TUI's what-if passes its built graph: the copy reuses its actors and compiles."""
    old = _small(profile, seed=2)
    new = CHANGES[name](old)
    whole = graph.AccessGraph.from_snapshot(old)
    diff = diff_snapshots(old, new, graph=whole)
    found = {(v.principal, v.capability, v.resource): (v.before, v.after) for v in diff.verdicts}
    assert found == _found(old, new)
    assert diff.old is whole


@pytest.mark.parametrize("profile", ["stamped", "diverse"])
@pytest.mark.parametrize("name", sorted(CHANGES))
def test_whole_graphs_take_the_old_ones_access_edges(
    profile: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the diff builds both graphs whole, the new one takes the old one's access edges
    between actors and resources that did not change (`lent_access`) and its trust edges where
    nothing moved: the very edges of a build of the new snapshot, and the same verdicts as two
    whole graphs."""
    monkeypatch.setattr(access_graph, "WHOLE_AFTER", 0)
    lent = results_of(monkeypatch, build, "lend_access")
    old = _small(profile, seed=2)
    new = CHANGES[name](old)
    diff = diff_snapshots(old, new)
    found = {(v.principal, v.capability, v.resource): (v.before, v.after) for v in diff.verdicts}
    assert found == _brute(old, new)
    fresh = graph.AccessGraph.from_snapshot(diff.new.snapshot).graph
    assert _edges(diff.new.graph) == _edges(fresh)  # trust edges borrowed, access edges lent
    assert all(x is not None for x in lent)  # the organisation and its accounts are the same
    assert lent or name not in {"repository policies widened", "managed policy edited"}
