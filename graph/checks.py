"""Policies in a snapshot that load but cannot be compiled, so every answer they take part in
is "unknown": `cax validate` lists them instead of saying "ok"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graph.model import Group, Policy, Role, Unknown, User
from graph.policy import Layer, PolicyError, compile_policy
from graph.snapshot import Snapshot


@dataclass(frozen=True)
class PolicyProblem:
    """A policy that cannot be evaluated: where it is (ARN and which policy) and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def _policies(snapshot: Snapshot) -> Iterator[tuple[str, Policy | Unknown | None, Layer]]:
    for account in snapshot.accounts:
        holders: list[User | Group | Role] = [*account.users, *account.groups, *account.roles]
        for holder in holders:
            for policy in holder.inline_policies:
                yield f"{holder.arn} inline policy {policy.name}", policy, Layer.IDENTITY
        for role in account.roles:
            yield f"{role.arn} trust policy", role.trust_policy, Layer.RESOURCE
        for managed in account.policies:
            yield managed.arn, managed.as_policy(), Layer.IDENTITY
        for domain in account.domains:
            yield f"{domain.arn} resource policy", domain.policy, Layer.RESOURCE
        for repository in account.repositories:
            yield f"{repository.arn} resource policy", repository.policy, Layer.RESOURCE
    organization = snapshot.organization
    if organization is not None and not isinstance(organization, Unknown):
        for org_policy in organization.policies:
            layer = Layer.SCP if org_policy.type == "SERVICE_CONTROL_POLICY" else Layer.RCP
            yield f"{org_policy.type} {org_policy.policy_id}", org_policy.as_policy(), layer


def uncompilable(snapshot: Snapshot) -> list[PolicyProblem]:
    """Every policy document AWS would reject (and cax therefore cannot evaluate), in order.

    Policies that are unknown (could not be read) are not listed: `cax validate` reports those
    among the unknown values already.
    """
    found: list[PolicyProblem] = []
    for where, policy, layer in _policies(snapshot):
        if not isinstance(policy, Policy):
            continue
        try:
            compile_policy(dict(policy.document), name=policy.name, arn=policy.arn, kind=layer)
        except PolicyError as error:
            step = f"statement {error.statement}: " if error.statement is not None else ""
            found.append(PolicyProblem(where, step + error.detail))
        except RecursionError:
            found.append(PolicyProblem(where, "nested too deeply to evaluate"))
    return found
