"""Reads `aws iam get-account-authorization-details` output: users, groups, roles, policies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph.errors import LoaderError
from graph.model import Group as IamGroup
from graph.model import ManagedPolicy, Policy, Role, Unknown, User
from graph.sources.documents import parse_document
from graph.sources.reader import (
    Where,
    as_object,
    as_str,
    is_account_id,
    opt_int,
    opt_list,
    opt_str,
    req_str,
    tags_of,
    unknown_of,
)

IAM_LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
T = TypeVar("T")


@dataclass
class IamPart:
    """The IAM items of one file, each with the place it came from.

    `account_id` is the file's account; an item whose ARN names another account keeps that
    account (`User.account_id`, the policy ARN's account), with a warning.
    """

    account_id: str
    users: list[tuple[User, Where]] = field(default_factory=list)
    groups: list[tuple[IamGroup, Where]] = field(default_factory=list)
    roles: list[tuple[Role, Where]] = field(default_factory=list)
    policies: list[tuple[ManagedPolicy, Where]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[LoaderError] = field(default_factory=list)
    """Entries that could not be read; the others are kept, so every problem is reported."""


def looks_like_authorization_details(value: object) -> bool:
    """True for the object that `get-account-authorization-details` prints."""
    return isinstance(value, dict) and any(name in value for name in IAM_LISTS)


def account_from_arns(obj: dict[str, Any], where: Where) -> str:
    """The account id of a bare authorization-details file: the one most of its ARNs name
    (the first named on a tie). Entries of other accounts are read into their own account."""
    counts: Counter[str] = Counter()
    for name in IAM_LISTS:
        items = obj.get(name)
        for item in items if isinstance(items, list) else []:
            arn = item.get("Arn") if isinstance(item, dict) else None
            account = arn_account(arn) if isinstance(arn, str) else ""
            if account:
                counts[account] += 1
    if not counts:
        raise where.error("cannot tell which account this is: no user, group, role or policy ARN")
    return counts.most_common(1)[0][0]


def arn_account(arn: str) -> str:
    """The 12-digit account an ARN names, or "" (AWS managed policies name `aws`)."""
    parts = arn.split(":")
    account = parts[4] if len(parts) >= 6 else ""
    return account if is_account_id(account) else ""


def parse_authorization_details(value: object, where: Where, account_id: str) -> IamPart:
    """The users, groups, roles and managed policies of one account's authorization details."""
    obj = as_object(value, where)
    part = IamPart(account_id)
    _each(obj, "UserDetailList", where, part, part.users, _user)
    _each(obj, "GroupDetailList", where, part, part.groups, _group)
    _each(obj, "RoleDetailList", where, part, part.roles, _role)
    _each(obj, "Policies", where, part, part.policies, _managed)
    return part


def _each(
    obj: dict[str, Any],
    name: str,
    where: Where,
    part: IamPart,
    into: list[tuple[T, Where]],
    read: Callable[[dict[str, Any], Where, IamPart], T],
) -> None:
    """Read every entry of list `name`; an entry that cannot be read is an error of its own."""
    try:
        items = opt_list(obj, name, where)
    except LoaderError as error:
        part.errors.append(error)
        return
    listed = where.key(name)
    for i, item in enumerate(items):
        at = listed.index(i)
        try:
            into.append((read(as_object(item, at), at, part), at))
        except LoaderError as error:
            part.errors.append(error)


def _arn(obj: dict[str, Any], where: Where, kind: str, part: IamPart) -> tuple[str, str]:
    """The entry's ARN and its account: the one the ARN names, said in a warning when it is
    not the file's (a file can mix accounts: cloudsplaining's example does)."""
    arn = req_str(obj, "Arn", where)
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith(kind + "/"):
        raise where.key("Arn").error(f"not an IAM {kind} ARN: {arn!r}")
    account = arn_account(arn)
    if not account:
        raise where.key("Arn").error(f"not an AWS account id in {arn!r}")
    if account != part.account_id:
        part.warnings.append(
            f"{where.key('Arn')}: {arn} is in account {account}, not {part.account_id} like "
            f"the rest; read into account {account}"
        )
    return arn, account


def _name(obj: dict[str, Any], field: str, arn: str, where: Where, part: IamPart) -> str:
    """The entry's name; the ARN's when the two disagree (with a warning): the ARN is what
    policies and trust policies name, so answers about it must find it."""
    name = req_str(obj, field, where)
    in_arn = arn.rsplit("/", 1)[-1]
    if name != in_arn:
        part.warnings.append(
            f"{where.key(field)}: {name!r} is not the name in the ARN {arn}; using {in_arn!r}"
        )
    return in_arn


def _inline(obj: dict[str, Any], name: str, where: Where, owner: str) -> tuple[Policy, ...]:
    policies = []
    listed = where.key(name)
    for i, item in enumerate(opt_list(obj, name, where)):
        at = listed.index(i)
        entry = as_object(item, at)
        policy_name = req_str(entry, "PolicyName", at)
        if "PolicyDocument" not in entry:
            raise at.error("missing required field 'PolicyDocument'")
        document = parse_document(entry["PolicyDocument"], at.key("PolicyDocument"))
        policies.append(Policy(name=policy_name, document=document, arn=f"{owner}#{policy_name}"))
    return tuple(policies)


def _attached(obj: dict[str, Any], where: Where) -> tuple[str, ...]:
    arns = []
    for i, item in enumerate(opt_list(obj, "AttachedManagedPolicies", where)):
        arn = item.get("PolicyArn") if isinstance(item, dict) else None
        if not isinstance(arn, str):  # the place is needed only to say what is wrong
            at = where.key("AttachedManagedPolicies").index(i)
            arn = req_str(as_object(item, at), "PolicyArn", at)
        arns.append(arn)
    return tuple(arns)


def _boundary(obj: dict[str, Any], where: Where) -> str | None:
    value = obj.get("PermissionsBoundary")
    if value is None:
        return None
    at = where.key("PermissionsBoundary")
    return req_str(as_object(value, at), "PermissionsBoundaryArn", at)


def _user(obj: dict[str, Any], where: Where, part: IamPart) -> User:
    arn, account_id = _arn(obj, where, "user", part)
    groups = tuple(
        g if isinstance(g, str) else as_str(g, where.key("GroupList").index(i))
        for i, g in enumerate(opt_list(obj, "GroupList", where))
    )
    return User(
        arn=arn,
        name=_name(obj, "UserName", arn, where, part),
        account_id=account_id,
        path=opt_str(obj, "Path", where, "/"),
        user_id=opt_str(obj, "UserId", where),
        inline_policies=_inline(obj, "UserPolicyList", where, arn),
        attached_policy_arns=_attached(obj, where),
        group_names=groups,
        boundary_arn=_boundary(obj, where),
        tags=tags_of(obj.get("Tags"), where.key("Tags")),
    )


def _group(obj: dict[str, Any], where: Where, part: IamPart) -> IamGroup:
    arn, account_id = _arn(obj, where, "group", part)
    return IamGroup(
        arn=arn,
        name=_name(obj, "GroupName", arn, where, part),
        account_id=account_id,
        path=opt_str(obj, "Path", where, "/"),
        group_id=opt_str(obj, "GroupId", where),
        inline_policies=_inline(obj, "GroupPolicyList", where, arn),
        attached_policy_arns=_attached(obj, where),
    )


def _role(obj: dict[str, Any], where: Where, part: IamPart) -> Role:
    arn, account_id = _arn(obj, where, "role", part)
    name = _name(obj, "RoleName", arn, where, part)
    trust = None
    if obj.get("AssumeRolePolicyDocument") is not None:
        at = where.key("AssumeRolePolicyDocument")
        document = parse_document(obj["AssumeRolePolicyDocument"], at)
        trust = Policy(name=f"trust policy of role/{name}", document=document, arn=arn)
    return Role(
        arn=arn,
        name=name,
        account_id=account_id,
        trust_policy=trust,
        path=opt_str(obj, "Path", where, "/"),
        role_id=opt_str(obj, "RoleId", where),
        inline_policies=_inline(obj, "RolePolicyList", where, arn),
        attached_policy_arns=_attached(obj, where),
        boundary_arn=_boundary(obj, where),
        tags=tags_of(obj.get("Tags"), where.key("Tags")),
        max_session_duration=opt_int(obj, "MaxSessionDuration", where, 3600),
    )


def _managed(obj: dict[str, Any], where: Where, part: IamPart) -> ManagedPolicy:
    arn = req_str(obj, "Arn", where)
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("policy/"):
        raise where.key("Arn").error(f"not an IAM policy ARN: {arn!r}")
    if parts[4] != "aws":
        _arn(obj, where, "policy", part)
    default_id = opt_str(obj, "DefaultVersionId", where)
    document: dict[str, Any] | Unknown | None = None
    for i, item in enumerate(opt_list(obj, "PolicyVersionList", where)):
        at = where.key("PolicyVersionList").index(i)
        version = as_object(item, at)
        is_default = version.get("IsDefaultVersion") is True or (
            default_id and version.get("VersionId") == default_id
        )
        if is_default:
            marker = unknown_of(version.get("Document"), at.key("Document"))
            document = marker or parse_document(version.get("Document"), at.key("Document"))
            break
    if document is None:
        part.warnings.append(f"{where}: policy {arn} has no default version in the file; unknown")
        document = Unknown("the default version is not in the file")
    return ManagedPolicy(
        arn=arn,
        name=req_str(obj, "PolicyName", where),
        path=opt_str(obj, "Path", where, "/"),
        policy_id=opt_str(obj, "PolicyId", where),
        default_version_id=default_id,
        document=document,
    )
