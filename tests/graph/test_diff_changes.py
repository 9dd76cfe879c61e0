"""What `snapshot_changes` finds between two snapshots, and what each change touches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import graph
from graph.diff import snapshot_changes
from graph.model import Account, Repository, User
from graph.snapshot import Snapshot

OLIVIA = "arn:aws:iam::100000000000:user/admin/olivia.chen"
RAJ = "arn:aws:iam::100000000000:user/security/raj.patel"
ADMIN = "arn:aws:iam::111111111111:role/platform/codeartifact-admin"
NPM = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"


def _users(s: Snapshot, change: Callable[[User], User]) -> Snapshot:
    def account(a: Account) -> Account:
        return replace(a, users=tuple(change(u) for u in a.users))

    return replace(s, accounts=tuple(account(a) for a in s.accounts))


def test_attachments_memberships_boundaries_and_tags_of_a_user() -> None:
    old = graph.demo_snapshot()

    def change(u: User) -> User:
        if u.arn == OLIVIA:
            return replace(
                u,
                attached_policy_arns=(),
                boundary_arn="arn:aws:iam::aws:policy/AWSCodeArtifactReadOnlyAccess",
                tags={**u.tags, "team": "elsewhere"},
            )
        if u.arn == RAJ:
            return replace(u, group_names=())
        return u

    found = snapshot_changes(old, _users(old, change))
    kinds = sorted((c.kind, c.where) for c in found.changes)
    assert kinds == [
        ("attachment", OLIVIA),
        ("boundary", OLIVIA),
        ("membership", RAJ),
        ("tags", OLIVIA),
    ]
    detached = next(c for c in found.changes if c.kind == "attachment")
    assert detached.diff["detached"] == "arn:aws:iam::aws:policy/AdministratorAccess"
    assert detached.diff["removed"]  # the AWS managed policy's statements, from the bundled data
    assert all(c.principals == {c.where} and not c.roles for c in found.changes)
    assert "removed from group/auditors" in next(
        c.summary for c in found.changes if c.kind == "membership"
    )


def test_a_role_trust_policy_changes_the_way_in_only() -> None:
    old = graph.demo_snapshot()

    def account(a: Account) -> Account:
        roles = tuple(
            replace(r, trust_policy=replace(r.trust_policy, document={"Statement": []}))
            if r.arn == ADMIN and r.trust_policy is not None
            else r
            for r in a.roles
        )
        return replace(a, roles=roles)

    (change,) = snapshot_changes(
        old, replace(old, accounts=tuple(map(account, old.accounts)))
    ).changes
    assert change.kind == "trust_policy" and change.entered == {ADMIN}
    assert not change.principals and not change.roles and change.diff["removed"]


def test_upstreams_and_scp_targets() -> None:
    old = graph.demo_snapshot()

    def repository(r: Repository) -> Repository:
        return replace(r, upstreams=()) if r.arn == NPM else r

    def account(a: Account) -> Account:
        return replace(a, repositories=tuple(map(repository, a.repositories)))

    org = old.org
    assert org is not None
    policies = tuple(
        replace(p, targets=()) if p.name == "DenyOutsideApprovedRegions" else p
        for p in org.policies
    )
    new = replace(
        old,
        accounts=tuple(map(account, old.accounts)),
        organization=replace(org, policies=policies),
    )
    found = {c.kind: c for c in snapshot_changes(old, new).changes}
    assert set(found) == {"upstreams", "scp"}
    assert found["upstreams"].resources == {NPM}
    assert found["upstreams"].diff == {"before": ["npm-store"], "after": []}
    assert found["scp"].everything and found["scp"].diff["targets"]["after"] == []


def test_nothing_changed() -> None:
    assert snapshot_changes(graph.demo_snapshot(), graph.demo_snapshot()).empty


def test_a_group_that_goes_while_users_still_name_it() -> None:
    old = graph.demo_snapshot()

    def account(a: Account) -> Account:
        return replace(a, groups=tuple(g for g in a.groups if g.name != "auditors"))

    found = snapshot_changes(old, replace(old, accounts=tuple(map(account, old.accounts))))
    gone = [c for c in found.changes if c.kind == "membership"]
    assert gone and all("group/auditors removed" in c.summary for c in gone)
    assert RAJ in {p for c in gone for p in c.principals}
