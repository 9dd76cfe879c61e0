"""`cax diff` benchmark (issue #13): two 12,000-principal snapshots that differ in a few policies
(goal < 10 s, peak memory < 2 GB), each profile in a fresh process; the load beside each figure.

The second snapshot changes three things, as one pull request might: a statement added to one
repository policy (every principal may publish to it), one group's inline policy
removed, and the first statement removed from a customer managed policy (the one with fewest
holders, as most have few). A second case removes instead the statement of `admin-access`, the
administrator policy of the roles almost everyone may assume (the diverse profile): thousands
of verdicts move, and who-can is asked again on most repositories (run at a quarter of the
size: 3,000 principals).
`CAX_BENCH_SCALE` and `CAX_BENCH_PROFILES` work as for `bench_access`.
"""

from __future__ import annotations

import os
import time
from dataclasses import replace

from bench.bench_access import isolated, load, organisation_snapshot, peak_mb
from graph.diff import diff_snapshots
from graph.model import Account, Group, Policy, Role, User
from graph.snapshot import Snapshot
from graph.synthetic import PROFILES, Profile

EVERYONE_PUBLISHES = {
    "Sid": "BenchEveryonePublishes",
    "Effect": "Allow",
    "Principal": "*",
    "Action": [
        "codeartifact:GetRepositoryEndpoint",
        "codeartifact:PublishPackageVersion",
        "codeartifact:PutPackageMetadata",
    ],
    "Resource": "*",
}


def changed(snapshot: Snapshot, admin: bool = False) -> Snapshot:
    """The snapshot with the three changes made (see the module's docstring); with `admin`,
    the managed policy edited is `admin-access` where there is one."""
    holders: dict[str, int] = {}
    items: list[User | Role | Group] = [*snapshot.users(), *snapshot.roles(), *snapshot.groups()]
    for item in items:
        for arn in item.attached_policy_arns:
            holders[arn] = holders.get(arn, 0) + 1
    customer = [(n, arn) for arn, n in holders.items() if ":aws:policy/" not in arn]
    admins = [(n, arn) for n, arn in customer if arn.endswith("/admin-access")]
    few = min(admins if admin and admins else [c for c in customer if c not in admins])[1]
    done = {"repository": False, "group": False}

    def change(account: Account) -> Account:
        repositories = list(account.repositories)
        if repositories and not done["repository"]:
            first = repositories[0]
            old = (
                first.policy.document.get("Statement", [])
                if isinstance(first.policy, Policy)
                else []
            )
            statements = old if isinstance(old, list) else [old]
            document = {"Version": "2012-10-17", "Statement": [*statements, EVERYONE_PUBLISHES]}
            repositories[0] = replace(
                first, policy=Policy(f"repository policy of {first.name}", document)
            )
            done["repository"] = True
        groups = list(account.groups)
        for i, group in enumerate(groups):
            if group.inline_policies and not done["group"]:
                groups[i] = replace(group, inline_policies=group.inline_policies[1:])
                done["group"] = True
        policies = list(account.policies)
        for i, policy in enumerate(policies):
            if policy.arn == few and isinstance(policy.document, dict):
                statements = policy.document.get("Statement", [])
                statements = statements if isinstance(statements, list) else [statements]
                policies[i] = replace(
                    policy, document={**policy.document, "Statement": statements[1:]}
                )
        return replace(
            account,
            repositories=tuple(repositories),
            groups=tuple(groups),
            policies=tuple(policies),
        )

    return replace(snapshot, accounts=tuple(change(a) for a in snapshot.accounts))


def pair(profile: Profile, scale: float, admin: bool = False) -> None:
    """Generate the organisation, change it, and time `diff_snapshots` on the pair."""
    old = organisation_snapshot(profile, scale)
    new = changed(old, admin)
    principals = sum(1 for _ in old.users()) + sum(1 for _ in old.roles())
    started = time.perf_counter()
    diff = diff_snapshots(old, new)
    seconds = time.perf_counter() - started
    moved = len(diff.verdicts)
    print(
        f"diff {profile}{' (admin policy)' if admin else ''}, {principals} principals, "
        f"{len(diff.changes)} changes: {seconds:.1f} s "
        f"(goal < 10 s; {load()}); {moved} verdicts moved; peak memory {peak_mb():.0f} MB "
        f"(goal < 2 GB)",
        flush=True,
    )


def main() -> None:
    """Print the figures."""
    scale = float(os.environ.get("CAX_BENCH_SCALE", "1"))
    wanted = os.environ.get("CAX_BENCH_PROFILES", ",".join(PROFILES)).split(",")
    for profile in PROFILES:
        if profile in wanted:
            isolated(pair, profile, scale)
    if "diverse" in wanted:  # a quarter of the size: at 12k it asks who-can on everything
        isolated(pair, "diverse", scale / 4, True)
