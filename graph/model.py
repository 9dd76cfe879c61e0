"""The typed model of an AWS estate: IAM principals and policies, CodeArtifact, Organizations.

Everything here is immutable data. Policy documents are kept as parsed JSON objects; the policy
engine compiles them. A value that could not be read is an `Unknown` (with the error text), which
is different from an absent value (`None` or an empty tuple).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

PolicyDocument = Mapping[str, Any]
Tags = Mapping[str, str]


@dataclass(frozen=True)
class Unknown:
    """A value the collector could not read, with the error AWS gave."""

    error: str

    def __str__(self) -> str:
        return f"unknown ({self.error})"


@dataclass(frozen=True)
class Policy:
    """A named policy document: inline, managed (default version), trust or resource policy."""

    name: str
    document: PolicyDocument = field(hash=False)
    arn: str | None = None


@dataclass(frozen=True)
class ManagedPolicy:
    """A managed policy; only its default version counts (`document`)."""

    arn: str
    name: str
    path: str = "/"
    policy_id: str = ""
    default_version_id: str = ""
    document: PolicyDocument | Unknown = field(default_factory=dict, hash=False)

    @property
    def aws_managed(self) -> bool:
        """True for AWS managed policies (`arn:aws:iam::aws:policy/...`)."""
        return self.arn.split(":")[4:5] == ["aws"]

    def as_policy(self) -> Policy | Unknown:
        """The default version as a named `Policy`, or the `Unknown` that stands for it."""
        if isinstance(self.document, Unknown):
            return self.document
        return Policy(name=self.name, document=self.document, arn=self.arn)


@dataclass(frozen=True)
class User:
    """An IAM user."""

    arn: str
    name: str
    account_id: str
    path: str = "/"
    user_id: str = ""
    inline_policies: tuple[Policy, ...] = ()
    attached_policy_arns: tuple[str, ...] = ()
    group_names: tuple[str, ...] = ()
    boundary_arn: str | None = None
    tags: Tags = field(default_factory=dict, hash=False)

    @property
    def label(self) -> str:
        """`user/NAME`: how cax names it everywhere (graph nodes, diffs, what-ifs)."""
        return f"user/{self.name}"


@dataclass(frozen=True)
class Group:
    """An IAM group: a bag of policies for its member users (never a principal itself)."""

    arn: str
    name: str
    account_id: str
    path: str = "/"
    group_id: str = ""
    inline_policies: tuple[Policy, ...] = ()
    attached_policy_arns: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """`group/NAME`."""
        return f"group/{self.name}"


@dataclass(frozen=True)
class Role:
    """An IAM role with its trust policy (who may assume it)."""

    arn: str
    name: str
    account_id: str
    trust_policy: Policy | None
    path: str = "/"
    role_id: str = ""
    inline_policies: tuple[Policy, ...] = ()
    attached_policy_arns: tuple[str, ...] = ()
    boundary_arn: str | None = None
    tags: Tags = field(default_factory=dict, hash=False)
    max_session_duration: int = 3600

    @property
    def label(self) -> str:
        """`role/NAME`."""
        return f"role/{self.name}"

    @property
    def service_linked(self) -> bool:
        """Service-linked roles are exempt from SCPs and RCPs."""
        return self.path.startswith("/aws-service-role/")


Principal = User | Role


@dataclass(frozen=True)
class ExternalConnection:
    """A repository's connection to a public registry such as `public:npmjs`."""

    name: str
    package_format: str = ""
    status: str = ""


@dataclass(frozen=True)
class Domain:
    """A CodeArtifact domain and its resource policy."""

    name: str
    owner: str
    region: str
    arn: str
    policy: Policy | Unknown | None = None
    tags: Tags | Unknown = field(default_factory=dict, hash=False)
    encryption_key: str = ""
    status: str = ""


@dataclass(frozen=True)
class Repository:
    """A CodeArtifact repository: its policy, upstreams (in priority order) and connections."""

    name: str
    domain: str
    domain_owner: str
    region: str
    arn: str
    administrator_account: str = ""
    description: str = ""
    policy: Policy | Unknown | None = None
    upstreams: tuple[str, ...] | Unknown = ()
    external_connections: tuple[ExternalConnection, ...] | Unknown = ()
    tags: Tags | Unknown = field(default_factory=dict, hash=False)

    @property
    def domain_arn(self) -> str:
        """The ARN of the domain that holds this repository."""
        return f"arn:aws:codeartifact:{self.region}:{self.domain_owner}:domain/{self.domain}"

    @property
    def account_id(self) -> str:
        """The account in the repository's ARN: the one whose RCPs and policies apply."""
        return self.arn.split(":")[4]


@dataclass(frozen=True)
class PackageGroup:
    """A package group with its origin controls (`PUBLISH`, `EXTERNAL_UPSTREAM`, ...)."""

    arn: str
    pattern: str
    domain: str
    domain_owner: str
    region: str
    parent: str | None = None
    origin_configuration: Mapping[str, str] = field(default_factory=dict, hash=False)


PolicyType = Literal["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]


@dataclass(frozen=True)
class OrgPolicy:
    """An SCP or RCP and the targets (root, OU or account ids) it is attached to."""

    policy_id: str
    name: str
    type: PolicyType
    document: PolicyDocument | Unknown = field(hash=False)
    targets: tuple[str, ...] = ()
    aws_managed: bool = False

    def as_policy(self) -> Policy | Unknown:
        """The content as a named `Policy`, or the `Unknown` that stands for it."""
        if isinstance(self.document, Unknown):
            return self.document
        return Policy(name=self.name, document=self.document, arn=self.policy_id)


@dataclass(frozen=True)
class OrgNode:
    """A root, organisational unit or account in the organisation tree."""

    id: str
    name: str
    kind: Literal["root", "ou", "account"]
    parent_id: str | None = None


@dataclass(frozen=True)
class Organization:
    """An AWS Organization: its tree and the SCPs and RCPs attached to it."""

    id: str
    management_account_id: str
    nodes: tuple[OrgNode, ...]
    policies: tuple[OrgPolicy, ...] = ()
    enabled_policy_types: frozenset[str] = frozenset()

    def node(self, node_id: str) -> OrgNode | None:
        """The root, OU or account with this id."""
        return next((n for n in self.nodes if n.id == node_id), None)

    def contains(self, account_id: str) -> bool:
        """True when the account is a member (or the management account)."""
        found = self.node(account_id)
        return account_id == self.management_account_id or (
            found is not None and found.kind == "account"
        )

    def path_to(self, account_id: str) -> tuple[OrgNode, ...]:
        """Root first, then each OU down to the account itself; empty if not a member."""
        chain: list[OrgNode] = []
        current = self.node(account_id)
        while current is not None and current not in chain:  # a cycle ends the walk
            chain.append(current)
            current = self.node(current.parent_id) if current.parent_id else None
        return tuple(reversed(chain))

    def org_paths(self, account_id: str) -> str | None:
        """The `aws:PrincipalOrgPaths` value of the account's principals."""
        path = self.path_to(account_id)
        if not path:
            return None
        return "/".join([self.id, *(n.id for n in path if n.kind != "account")]) + "/"

    def levels(self, account_id: str, policy_type: PolicyType) -> tuple[tuple[OrgPolicy, ...], ...]:
        """The SCPs or RCPs per level (root, OUs, account) for an account; () when none apply.

        None apply when the type is not enabled, the account is the management account, or it is
        not in the organisation.
        """
        if policy_type not in self.enabled_policy_types:
            return ()
        if account_id == self.management_account_id:
            return ()
        path = self.path_to(account_id)
        return tuple(
            tuple(p for p in self.policies if p.type == policy_type and node.id in p.targets)
            for node in path
        )


@dataclass(frozen=True)
class Account:
    """One AWS account: its IAM (from authorization details) and its CodeArtifact per region."""

    id: str
    name: str = ""
    users: tuple[User, ...] = ()
    groups: tuple[Group, ...] = ()
    roles: tuple[Role, ...] = ()
    policies: tuple[ManagedPolicy, ...] = ()
    domains: tuple[Domain, ...] = ()
    repositories: tuple[Repository, ...] = ()
    package_groups: tuple[PackageGroup, ...] = ()
    iam_unknown: Unknown | None = None
    region_unknowns: Mapping[str, Unknown] = field(default_factory=dict, hash=False)

    @property
    def label(self) -> str:
        """`name (id)` or just the id."""
        return f"{self.name} ({self.id})" if self.name else self.id
