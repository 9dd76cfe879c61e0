"""The kinds of escalation step, their edge keys and hops (see `escalation`): what walks and
chains need of them, apart from how they are evaluated."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

import networkx as nx

from graph.access.hops import _label, edge_verdict
from graph.access.results import Hop

ESCALATION: Final = "escalation"
"""The `kind` of an escalation edge; its key is `escalate:` and the action, lower case."""
PREFIX: Final = "escalate:"
BECOME: Final = "become"
"""What a take-over gains: the user's or role's own access (walks follow it as a role hop)."""

GLYPH: Final = "↯"
"""Marks an escalation step in chains (CLI and TUI)."""

REPOSITORY_POLICY: Final = "codeartifact:PutRepositoryPermissionsPolicy"
DOMAIN_POLICY: Final = "codeartifact:PutDomainPermissionsPolicy"
DELETE_POLICY: Final = "codeartifact:DeleteRepositoryPermissionsPolicy"
UPDATE_REPOSITORY: Final = "codeartifact:UpdateRepository"
ASSOCIATE_CONNECTION: Final = "codeartifact:AssociateExternalConnection"
USER_TAKEOVERS: Final = ("iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile")
ROLE_TAKEOVER: Final = "iam:UpdateAssumeRolePolicy"
PASS_ROLE: Final = "iam:PassRole"

RUNS_CODE: Final = {
    "lambda.amazonaws.com": (
        "Lambda",
        (
            ("lambda:CreateFunction", "arn:aws:lambda:*:{account}:function:*"),
            ("lambda:InvokeFunction", "arn:aws:lambda:*:{account}:function:*"),
        ),
    ),
    "codebuild.amazonaws.com": (
        "CodeBuild",
        (
            ("codebuild:CreateProject", "arn:aws:codebuild:*:{account}:project/*"),
            ("codebuild:StartBuild", "arn:aws:codebuild:*:{account}:project/*"),
        ),
    ),
    "ecs-tasks.amazonaws.com": (
        "ECS",
        (
            ("ecs:RegisterTaskDefinition", "*"),
            ("ecs:RunTask", "arn:aws:ecs:*:{account}:task-definition/*"),
        ),
    ),
    "ec2.amazonaws.com": (
        "EC2",
        (("ec2:RunInstances", "arn:aws:ec2:*:{account}:instance/*"),),
    ),
}
"""Services that run code as a role passed to them: the service's name and the actions (with
the resource pattern they are asked on) that make it run code, after `iam:PassRole`."""

_HOW: Final = {
    REPOSITORY_POLICY: "rewriting its repository policy",
    DOMAIN_POLICY: "rewriting its domain policy",
    DELETE_POLICY: "deleting its repository policy (and the Deny in it)",
    "iam:CreateAccessKey": "creating an access key for it",
    "iam:CreateLoginProfile": "creating a console password for it",
    "iam:UpdateLoginProfile": "resetting its console password",
    ROLE_TAKEOVER: "rewriting its trust policy to trust itself",
    PASS_ROLE: "passing it to a service that runs code as it",
}


def edge_key(action: str) -> str:
    """The key of an escalation edge by `action` (a pair may have several)."""
    return f"{PREFIX}{action.lower()}"


_WIDENING: Final = {
    "iam:PutRolePolicy": "putting an inline policy on {who}",
    "iam:AttachRolePolicy": "attaching a policy to {who}",
    "iam:PutRolePermissionsBoundary": "replacing the permissions boundary of {who}",
    "iam:DeleteRolePermissionsBoundary": "removing the permissions boundary of {who}",
    "iam:PutUserPolicy": "putting an inline policy on {who}",
    "iam:AttachUserPolicy": "attaching a policy to {who}",
    "iam:PutUserPermissionsBoundary": "replacing the permissions boundary of {who}",
    "iam:DeleteUserPermissionsBoundary": "removing the permissions boundary of {who}",
    "iam:AddUserToGroup": "adding itself to {item}",
    "iam:CreatePolicyVersion": "writing a new default version of {item} (attached to {who})",
    "iam:SetDefaultPolicyVersion": "making another version of {item} the default "
    "(attached to {who})",
    PASS_ROLE: "passing it to {service} and running code there ({actions})",
    UPDATE_REPOSITORY: "making it an upstream of {item}, which it reads",
    ASSOCIATE_CONNECTION: "connecting {item}, which it reads, to it",
}


def how(action: str) -> str:
    """How the step works, for sentences: `rewriting its repository policy`."""
    return _HOW.get(action, action)


def how_edge(g: nx.MultiDiGraph, source: str, data: Mapping[str, object]) -> str:
    """How an edge's step works, naming the user or role it widens (`itself`, or a role the
    source assumes after) and the group or policy it names."""
    action = str(data.get("action"))
    template = _WIDENING.get(action)
    if template is None:
        return how(action)
    subject, item = str(data.get("subject") or source), str(data.get("item") or "")
    if action == PASS_ROLE:
        service, steps = RUNS_CODE.get(item, (item, ()))
        actions = " + ".join([PASS_ROLE, *(a for a, _ in steps)])
        return template.format(service=service, actions=actions)
    who = "itself" if subject == source else _label(g, subject)
    named = _label(g, item) if item in g else item.rsplit(":", 1)[-1]
    then = "" if subject == source else ", then assuming it"
    return template.format(who=who, item=named) + then


def escalations(keys: Mapping[str, dict[str, object]]) -> Iterator[dict[str, object]]:
    """The escalation edges among one pair's edges (by key)."""
    for key, data in keys.items():
        if key.startswith(PREFIX):
            yield data


def takeover_hop(g: nx.MultiDiGraph, source: str, target: str, data: dict[str, object]) -> Hop:
    """The hop of taking a user or role over: `could take over role/deploy by rewriting its
    trust policy to trust itself`."""
    return Hop(
        "escalation",
        source,
        target,
        edge_verdict(data),
        f"could take over {_label(g, target)} by {how_edge(g, source, data)}",
        tuple(data.get("statements", ())),  # type: ignore[arg-type]
        tuple(data.get("conditions", ())),  # type: ignore[arg-type]
    )


def gain_hop(
    g: nx.MultiDiGraph, source: str, target: str, capability: str, data: dict[str, object]
) -> Hop:
    """The hop of granting itself a capability: `could gain publish on acme/npm by rewriting
    its repository policy`."""
    return Hop(
        "escalation",
        source,
        target,
        edge_verdict(data),
        f"could gain {capability} on {_label(g, target)} by {how_edge(g, source, data)}",
        tuple(data.get("statements", ())),  # type: ignore[arg-type]
        tuple(data.get("conditions", ())),  # type: ignore[arg-type]
    )
