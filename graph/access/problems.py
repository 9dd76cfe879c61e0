"""Every policy of a snapshot compiled with its kind: what AWS would refuse to store, and what
cannot be evaluated at all (for `cax validate`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import Domain, Policy, Repository, Unknown
from graph.policy import Layer, PolicyError, compile_policy
from graph.snapshot import Snapshot


@dataclass(frozen=True)
class PolicyProblem:
    """One problem of one policy: `error` True when cax cannot evaluate the policy (unknown)."""

    where: str
    detail: str
    code: str
    error: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


def _policies(snapshot: Snapshot) -> Iterator[tuple[str, Policy, Layer]]:
    """(where, policy, kind) for every policy document the snapshot holds."""
    for account in snapshot.accounts:
        for user in account.users:
            for p in user.inline_policies:
                yield f"{user.arn} inline policy {p.name}", p, Layer.IDENTITY
        for group in account.groups:
            for p in group.inline_policies:
                yield f"{group.arn} inline policy {p.name}", p, Layer.IDENTITY
        for role in account.roles:
            if role.trust_policy is not None:
                yield f"{role.arn} trust policy", role.trust_policy, Layer.RESOURCE
            for p in role.inline_policies:
                yield f"{role.arn} inline policy {p.name}", p, Layer.IDENTITY
        for managed in account.policies:
            found = managed.as_policy()
            if isinstance(found, Policy):
                yield managed.arn, found, Layer.IDENTITY
        resources: list[Domain | Repository] = [*account.domains, *account.repositories]
        for item in resources:
            if isinstance(item.policy, Policy):
                yield f"{item.arn} resource policy", item.policy, Layer.RESOURCE
    org = snapshot.org
    if org is not None:
        for org_policy in org.policies:
            found = org_policy.as_policy()
            if isinstance(found, Unknown):
                continue
            scp = org_policy.type == "SERVICE_CONTROL_POLICY"
            kind, label = (Layer.SCP, "SCP") if scp else (Layer.RCP, "RCP")
            yield f"{label} {org_policy.name} ({org_policy.policy_id})", found, kind


def policy_problems(snapshot: Snapshot) -> list[PolicyProblem]:
    """Each policy AWS would refuse to store (evaluated anyway, as AWS's engine treats each
    element) and each that cannot be evaluated (cax treats it as unknown)."""
    found: list[PolicyProblem] = []
    for where, item, kind in _policies(snapshot):
        try:
            compiled = compile_policy(dict(item.document), name=where, arn=item.arn, kind=kind)
        except PolicyError as error:
            detail = f"cannot be evaluated (treated as unknown): {error.detail}"
            label = f"{where}, statement {error.statement}" if error.statement else where
            found.append(PolicyProblem(label, detail, "invalid", error=True))
            continue
        for warning in compiled.warnings:
            found.append(
                PolicyProblem(
                    _where(warning.policy, warning.statement), warning.detail, warning.code
                )
            )
    return found


def _where(policy: str, statement: str | None) -> str:
    return f"{policy}, statement {statement}" if statement is not None else policy
