"""Capabilities: what login, read, publish and admin mean as AWS actions (spec D.5)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from graph.model import Domain, Repository
from graph.policy import catalogue

BEARER_CONTEXT: Final[Mapping[str, str]] = {"sts:AWSServiceName": "codeartifact.amazonaws.com"}


class Capability(enum.StrEnum):
    """The questions people ask of a domain or repository."""

    LOGIN = "login"
    READ = "read"
    PUBLISH = "publish"
    ADMIN = "admin"


REPOSITORY_CAPABILITIES: Final = (
    Capability.LOGIN,
    Capability.READ,
    Capability.PUBLISH,
    Capability.ADMIN,
)
DOMAIN_CAPABILITIES: Final = (Capability.LOGIN, Capability.ADMIN)
_LOGIN_ACTIONS: Final = ("codeartifact:getauthorizationtoken", "sts:getservicebearertoken")
CAPABILITY_ACTIONS: Final[dict[Capability, tuple[str, ...]]] = {
    Capability.LOGIN: _LOGIN_ACTIONS,
    Capability.READ: (
        *_LOGIN_ACTIONS,
        "codeartifact:getrepositoryendpoint",
        "codeartifact:readfromrepository",
    ),
    Capability.PUBLISH: (
        *_LOGIN_ACTIONS,
        "codeartifact:getrepositoryendpoint",
        "codeartifact:publishpackageversion",
        "codeartifact:putpackagemetadata",
    ),
    Capability.ADMIN: (
        "codeartifact:putdomainpermissionspolicy",
        "codeartifact:deletedomainpermissionspolicy",
        "codeartifact:deletedomain",
        "codeartifact:putrepositorypermissionspolicy",
        "codeartifact:deleterepositorypermissionspolicy",
        "codeartifact:updaterepository",
        "codeartifact:deleterepository",
    ),
}
"""The actions of each capability, lower case: what an actor's class is computed over."""


@dataclass(frozen=True)
class Step:
    """One authorisation AWS makes on the way to a capability."""

    action: str
    resource: str
    context: Mapping[str, str] = field(default_factory=dict, hash=False)
    pattern: bool = False
    """`resource` names many resources (a package pattern): statements that overlap it apply."""

    @property
    def identity_only(self) -> bool:
        """`sts:GetServiceBearerToken`: no resource policy can grant it (spec D.2)."""
        return self.resource == "*"


def package_arn(repo: Repository, package: str = "*") -> str:
    """The package ARN a publish is authorised on; `*` stands for "any package"."""
    prefix = f"arn:aws:codeartifact:{repo.region}:{repo.domain_owner}:package"
    return f"{prefix}/{repo.domain}/{repo.name}/{package}"


def is_pattern(package: str) -> bool:
    """A package pattern (`npm/acme/*`) rather than one package or `*`, "any package"."""
    return package != "*" and ("*" in package or "?" in package)


def _login(domain_arn: str) -> tuple[Step, ...]:
    return (
        Step("codeartifact:GetAuthorizationToken", domain_arn),
        Step("sts:GetServiceBearerToken", "*", BEARER_CONTEXT),
    )


def capability_steps(
    capability: Capability, resource: Domain | Repository, package: str = "*"
) -> tuple[Step, ...]:
    """Every step a capability needs on a domain or repository, in the order AWS meets them.

    Made once per capability, package and the fields the steps read (not the whole domain or
    repository, whose policy and upstreams hashed on every call showed in profiles of the
    build, which makes a few hundred thousand calls)."""
    key: tuple[object, ...] = (capability, package, resource.arn)
    if isinstance(resource, Repository):
        key += (resource.region, resource.domain_owner, resource.domain, resource.name)
    found = _STEPS.get(key)
    if found is None:
        if len(_STEPS) >= _MAX_STEPS:
            _STEPS.clear()
        found = _STEPS[key] = _capability_steps(capability, resource, package)
    return found


_STEPS: dict[tuple[object, ...], tuple[Step, ...]] = {}
_MAX_STEPS: Final = 65536


def _capability_steps(
    capability: Capability, resource: Domain | Repository, package: str
) -> tuple[Step, ...]:
    if isinstance(resource, Domain):
        if capability is Capability.LOGIN:
            return _login(resource.arn)
        if capability is Capability.ADMIN:
            return tuple(
                Step(f"codeartifact:{name}", resource.arn)
                for name in (
                    "PutDomainPermissionsPolicy",
                    "DeleteDomainPermissionsPolicy",
                    "DeleteDomain",
                )
            )
        raise ValueError(f"{capability} applies to repositories, not domains")
    repo = resource.arn
    login = _login(resource.domain_arn)
    endpoint = Step("codeartifact:GetRepositoryEndpoint", repo)
    if capability is Capability.LOGIN:
        return login
    if capability is Capability.READ:
        return (*login, endpoint, Step("codeartifact:ReadFromRepository", repo))
    if capability is Capability.PUBLISH:
        pkg = package_arn(resource, package)
        many = is_pattern(package)
        return (
            *login,
            endpoint,
            Step("codeartifact:PublishPackageVersion", pkg, pattern=many),
            Step("codeartifact:PutPackageMetadata", pkg, pattern=many),
        )
    return tuple(
        Step(f"codeartifact:{name}", repo)
        for name in (
            "PutRepositoryPermissionsPolicy",
            "DeleteRepositoryPermissionsPolicy",
            "UpdateRepository",
            "DeleteRepository",
        )
    )


def action_steps(
    action: str, resource: Domain | Repository, package: str = "*"
) -> tuple[Step, ...]:
    """The single step of one named action, on the resource type the SAR says it takes.

    Raises ValueError for an action the catalogue does not know or that cannot apply here.
    """
    info = catalogue.action_info(action)
    if info is None:
        raise ValueError(f"unknown action {action!r}")
    types = [t.name for t in info.resource_types]
    name = info.full_name
    context = BEARER_CONTEXT if name.lower() == "sts:getservicebearertoken" else {}
    if not types:
        return (Step(name, "*", context),)
    if isinstance(resource, Domain):
        if "domain" in types:
            return (Step(name, resource.arn),)
        raise ValueError(f"{name} does not act on a domain (it takes {', '.join(types)})")
    if "repository" in types:
        return (Step(name, resource.arn),)
    if "package" in types:
        return (Step(name, package_arn(resource, package), pattern=is_pattern(package)),)
    if "domain" in types:
        return (Step(name, resource.domain_arn),)
    raise ValueError(f"{name} does not act on a repository (it takes {', '.join(types)})")


def parse_capability(text: str) -> Capability | None:
    """The capability named by `text` (any case), or None when it names an action."""
    try:
        return Capability(text.lower())
    except ValueError:
        return None
