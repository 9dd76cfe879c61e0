"""Edits of a small organisation for the diff tests: each makes a changed copy whose verdicts
move in one known way (`CHANGES`, by name), and the changed pair's expected verdicts, made once
per process (two whole graphs asked everything: the slow half of each test)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import graph
from bench.bench_diff import EVERYONE_PUBLISHES
from graph.access import Verdict
from graph.diff import snapshot_changes
from graph.model import Account, Policy, Repository, Role
from graph.snapshot import Snapshot
from tests.small_orgs import managed_policy_gone, two_account_org

Key = tuple[str, str, str]
PRINCIPAL_KINDS = {"user", "role", "external_account", "service", "federated", "anyone"}


def every_verdict(snapshot: Snapshot) -> dict[Key, Verdict]:
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


def brute(old: Snapshot, new: Snapshot) -> dict[Key, tuple[Verdict, Verdict]]:
    changes = snapshot_changes(old, new)
    gone = {*changes.principals_added, *changes.principals_removed}
    gone |= {*changes.resources_added, *changes.resources_removed}
    before, after = every_verdict(old), every_verdict(new)
    moved = {}
    for key in before.keys() | after.keys():
        if key[0] in gone or key[2] in gone:
            continue
        was, now = before.get(key, Verdict.DENIED), after.get(key, Verdict.DENIED)
        if was is not now:
            moved[key] = (was, now)
    return moved


def accounts(snapshot: Snapshot, change: Callable[[Account], Account]) -> Snapshot:
    return replace(snapshot, accounts=tuple(change(a) for a in snapshot.accounts))


def small(profile: str, seed: int) -> Snapshot:
    return two_account_org(profile, seed)


def drop_first_statement(policy: Policy) -> Policy:
    statements = policy.document.get("Statement", [])
    statements = statements if isinstance(statements, list) else [statements]
    return replace(policy, document={**policy.document, "Statement": statements[1:]})


def managed_edited(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        if not a.policies:
            return a
        first = a.policies[0]
        statements = first.document.get("Statement", []) if isinstance(first.document, dict) else []
        edited = replace(first, document={"Version": "2012-10-17", "Statement": statements[1:]})
        return replace(a, policies=(edited, *a.policies[1:]))

    return accounts(s, change)


def trust_narrowed(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        roles = tuple(
            replace(r, trust_policy=drop_first_statement(r.trust_policy))
            if r.trust_policy is not None and i % 3 == 0
            else r
            for i, r in enumerate(a.roles)
        )
        return replace(a, roles=roles)

    return accounts(s, change)


def left_groups(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        users = tuple(
            replace(u, group_names=u.group_names[1:]) if i % 2 else u for i, u in enumerate(a.users)
        )
        return replace(a, users=users)

    return accounts(s, change)


WIDE = {
    "Sid": "EveryoneInTheAccount",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "codeartifact:*",
    "Resource": "*",
}


def repository_widened(s: Snapshot) -> Snapshot:
    def change(a: Account) -> Account:
        def widen(r: Repository, i: int) -> Repository:
            if i % 2:
                return r
            old = r.policy.document.get("Statement", []) if isinstance(r.policy, Policy) else []
            document = {"Version": "2012-10-17", "Statement": [*old, WIDE]}
            return replace(r, policy=Policy(f"repository policy of {r.name}", document))

        return replace(a, repositories=tuple(widen(r, i) for i, r in enumerate(a.repositories)))

    return accounts(s, change)


def role_added_and_repository_removed(s: Snapshot) -> Snapshot:
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

    return accounts(s, change)


def scp_denies_publish(s: Snapshot) -> Snapshot:
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


def role_inline_trimmed(s: Snapshot) -> Snapshot:
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

    return accounts(s, change)


ASSUME_ANY = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}


def users_may_assume_any_role(s: Snapshot) -> Snapshot:
    """Every third user gains `sts:AssumeRole` on every role: its first hop moves."""

    def change(a: Account) -> Account:
        grant = Policy("assume-any", {"Version": "2012-10-17", "Statement": [ASSUME_ANY]})
        users = tuple(
            replace(u, inline_policies=(*u.inline_policies, grant)) if i % 3 == 0 else u
            for i, u in enumerate(a.users)
        )
        return replace(a, users=users)

    return accounts(s, change)


def teams_moved(s: Snapshot) -> Snapshot:
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

    return accounts(s, change)


SEED_PUBLISH = 4
PUBLISH_ONLY = {**EVERYONE_PUBLISHES, "Sid": "EveryonePublishes"}


def first_repository_allows(a: Account, statement: dict[str, object]) -> Account:
    """The account with `statement` added to its first repository's policy."""
    if not a.repositories:
        return a
    first = a.repositories[0]
    old = first.policy.document.get("Statement", []) if isinstance(first.policy, Policy) else []
    document = {"Version": "2012-10-17", "Statement": [*old, statement]}
    widened = replace(first, policy=Policy(f"repository policy of {first.name}", document))
    return replace(a, repositories=(widened, *a.repositories[1:]))


def publish_widened_and_trust_narrowed(s: Snapshot) -> Snapshot:
    """The first repository lets everyone publish (who may administer it does not move:
    who-can is not asked there for admin) while trust policies narrow (chains move too)."""
    return trust_narrowed(accounts(s, lambda a: first_repository_allows(a, PUBLISH_ONLY)))


def upstream_added(s: Snapshot) -> Snapshot:
    """Each repository takes the next one of its domain as an upstream: reads reach more."""

    def change(a: Account) -> Account:
        repositories = list(a.repositories)
        for i, repository in enumerate(repositories):
            following = [r for r in repositories[i + 1 :] if r.domain == repository.domain]
            upstreams = repository.upstreams
            if following and isinstance(upstreams, tuple) and following[0].name not in upstreams:
                repositories[i] = replace(repository, upstreams=(*upstreams, following[0].name))
        return replace(a, repositories=tuple(repositories))

    return accounts(s, change)


CHANGES = {
    "publish widened, trust narrowed": publish_widened_and_trust_narrowed,
    "upstream added": upstream_added,
    "teams moved, boundaries removed": teams_moved,
    "managed policy gone, still attached": managed_policy_gone,
    "managed policy edited": managed_edited,
    "trust narrowed": trust_narrowed,
    "users left groups": left_groups,
    "repository policies widened": repository_widened,
    "role added, repository removed": role_added_and_repository_removed,
    "roles' inline policies trimmed": role_inline_trimmed,
    "users may assume any role": users_may_assume_any_role,
}


@functools.cache
def changed_pair(profile: str, name: str) -> tuple[Snapshot, Snapshot]:
    """The small organisation of the profile (seed 2) and its copy with the named change."""
    old = small(profile, seed=2)
    return old, CHANGES[name](old)


@functools.cache
def expected(profile: str, name: str) -> dict[Key, tuple[Verdict, Verdict]]:
    """What two whole graphs find moved between `changed_pair(profile, name)`."""
    return brute(*changed_pair(profile, name))
