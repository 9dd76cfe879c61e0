"""`load_snapshot`: reads snapshots and AWS CLI output, alone or mixed, into one `Snapshot`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.errors import LoaderError, LoaderErrors
from graph.model import Organization, OrgNode
from graph.pause import paused
from graph.snapshot import Snapshot
from graph.sources.assemble import Assembly
from graph.sources.authdetails import (
    account_from_arns,
    looks_like_authorization_details,
    parse_authorization_details,
)
from graph.sources.codeartifact import (
    Patch,
    domain_patch,
    package_group_patch,
    parse_arn,
    policy_field,
    repository_patch,
)
from graph.sources.jsontext import parse, read_text
from graph.sources.organization import parse_organization
from graph.sources.reader import (
    Where,
    as_list,
    as_object,
    is_account_id,
    opt_list,
    opt_str,
    req_str,
    unknown_of,
)
from graph.sources.scrub import may_hold_unwritable, scrub

FORMAT = "cax-snapshot"
VERSION = 1


def load_snapshot(*paths: str | Path) -> Snapshot:
    """Read snapshot files, `get-account-authorization-details` files, CodeArtifact CLI output
    and directories of them, and merge them into one snapshot.

    Entries of one IAM identity in two files are merged, the later file winning (warning when
    they differ). Raises `LoaderError` naming the file and JSON path of the problem; when there
    are several, `LoaderErrors` holding every one (a bad file or entry does not hide the next).
    """
    if not paths:
        raise LoaderError("(no input)", "", "no files given")
    assembly = Assembly()
    with paused(freeze=True):  # a snapshot lives on: out of the collector's sight
        for path in _expand([Path(p) for p in paths], assembly.errors):
            assembly.sources.append(str(path))
            where = Where(str(path), notes=assembly.warnings)
            with _collecting(assembly):
                _add_value(assembly, _read_json(path, where), where)
        return assembly.build()


def snapshot_from_document(document: object, source: str = "<document>") -> Snapshot:
    """A snapshot from an already parsed JSON value (any form `load_snapshot` accepts)."""
    assembly = Assembly()
    assembly.sources.append(source)
    where = Where(source, notes=assembly.warnings)
    with _collecting(assembly):
        _add_value(assembly, scrub(document, where), where)
    return assembly.build()


@contextmanager
def _collecting(assembly: Assembly) -> Iterator[None]:
    """Record the error of one reader; reading goes on with the next one."""
    try:
        yield
    except LoaderError as error:
        assembly.errors.append(error)


def _expand(paths: list[Path], errors: list[LoaderError]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
            if not found:
                errors.append(LoaderError(str(path), "", "directory holds no .json files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            errors.append(LoaderError(str(path), "", "not a regular file or a directory"))
        else:
            errors.append(LoaderError(str(path), "", "no such file or directory"))
    return files


def _read_json(path: Path, where: Where) -> Any:
    """The file's JSON within the limits of `graph.sources.jsontext`, NUL and lone surrogates
    replaced (`scrub`). A key given twice is an error in a snapshot, a warning elsewhere."""
    text = read_text(path)
    value, duplicates = parse(text, where)
    if duplicates and isinstance(value, dict) and "format" in value:
        errors = [d.where.error(f"{d.brief()}; a snapshot gives each key once") for d in duplicates]
        raise errors[0] if len(errors) == 1 else LoaderErrors(errors)
    for duplicate in duplicates:
        duplicate.where.note(f"{duplicate.brief()}; the last one is used")
    if not may_hold_unwritable(text):
        return value
    try:
        return scrub(value, where)
    except RecursionError:
        raise where.error("JSON nested too deeply to read") from None


def _add_value(assembly: Assembly, value: object, where: Where) -> None:
    obj = as_object(value, where)
    if "format" in obj:
        _add_snapshot(assembly, obj, where)
    elif looks_like_authorization_details(obj):
        account_id = account_from_arns(obj, where)
        assembly.add_iam(parse_authorization_details(obj, where, account_id))
    elif isinstance(obj.get("domains"), list):
        _add_patches(assembly, obj["domains"], where.key("domains"), domain_patch)
    elif isinstance(obj.get("domain"), dict):
        assembly.add_patch(domain_patch(obj["domain"], where.key("domain")))
    elif isinstance(obj.get("repositories"), list):
        _add_patches(assembly, obj["repositories"], where.key("repositories"), repository_patch)
    elif isinstance(obj.get("repository"), dict):
        assembly.add_patch(repository_patch(obj["repository"], where.key("repository")))
    elif isinstance(obj.get("packageGroups"), list):
        _add_patches(
            assembly, obj["packageGroups"], where.key("packageGroups"), package_group_patch
        )
    elif isinstance(obj.get("policy"), dict) and "resourceArn" in obj["policy"]:
        _add_policy_file(assembly, obj["policy"], where.key("policy"))
    elif isinstance(obj.get("Organization"), dict):
        _add_describe_organization(assembly, obj["Organization"], where.key("Organization"))
    else:
        raise where.error(
            "not a file cax knows: expected a cax snapshot, the output of "
            "'aws iam get-account-authorization-details', or CodeArtifact CLI output "
            "(list-domains, describe-repository, get-*-permissions-policy, ...)"
        )


def _add_patches(
    assembly: Assembly, items: list[Any], where: Where, read: Callable[[object, Where], Patch]
) -> None:
    """Every item of a CodeArtifact list; a bad item does not hide the next."""
    for i, item in enumerate(items):
        with _collecting(assembly):
            assembly.add_patch(read(item, where.index(i)))


def _add_snapshot(assembly: Assembly, obj: dict[str, Any], where: Where) -> None:
    if obj["format"] != FORMAT:
        raise where.key("format").error(f"unknown format {obj['format']!r}; expected {FORMAT!r}")
    version = obj.get("version")
    if type(version) is not int or version != VERSION:
        raise where.key("version").error(
            f"unsupported version {version!r}; this cax reads version {VERSION}"
        )
    assembly.generated_at = opt_str(obj, "generated_at", where) or assembly.generated_at
    if "accounts" not in obj:
        raise where.error("missing required field 'accounts'")
    seen: dict[str, Where] = {}
    for i, item in enumerate(as_list(obj["accounts"], where.key("accounts"))):
        at = where.key("accounts").index(i)
        entry = as_object(item, at)
        account_id = req_str(entry, "id", at)
        if not is_account_id(account_id):
            raise at.key("id").error(f"not an AWS account id: {account_id!r}")
        if account_id in seen:
            first = seen[account_id]
            raise at.key("id").error(f"account {account_id} appears twice (also at {first})")
        seen[account_id] = at
        with _collecting(assembly):
            _add_account(assembly, entry, at, account_id)
    org = obj.get("organization")
    if org is not None:
        at = where.key("organization")
        assembly.set_organization(unknown_of(org, at) or parse_organization(org, at), at)


def _add_account(assembly: Assembly, entry: dict[str, Any], where: Where, account_id: str) -> None:
    parts = assembly.account(account_id, opt_str(entry, "name", where))
    details = entry.get("authorization_details")
    if details is not None:
        at = where.key("authorization_details")
        marker = unknown_of(details, at)
        if marker is not None:
            parts.iam_unknown = marker
        else:
            assembly.add_iam(parse_authorization_details(details, at, account_id))
    regions = entry.get("codeartifact")
    if regions is None:
        return
    at = where.key("codeartifact")
    for region, data in as_object(regions, at).items():
        _add_region(assembly, account_id, region, data, at.key(region))


def _add_region(
    assembly: Assembly, account_id: str, region: str, data: object, where: Where
) -> None:
    marker = unknown_of(data, where)
    if marker is not None:
        assembly.account(account_id).region_unknowns[region] = marker
        return
    obj = as_object(data, where)
    readers = (
        ("domains", domain_patch),
        ("repositories", repository_patch),
        ("package_groups", package_group_patch),
    )
    for key, read in readers:
        for i, item in enumerate(opt_list(obj, key, where)):
            with _collecting(assembly):
                patch = read(item, where.key(key).index(i))
                _add_in_region(assembly, patch, account_id, region)


def _add_in_region(assembly: Assembly, patch: Patch, account_id: str, region: str) -> None:
    if patch.region != region:
        raise patch.where.key("arn").error(f"{patch.arn} is not in region {region}")
    if patch.account_id != account_id:
        raise patch.where.key("arn").error(f"{patch.arn} is not in account {account_id}")
    assembly.add_patch(patch)


def _add_policy_file(assembly: Assembly, obj: dict[str, Any], where: Where) -> None:
    arn = req_str(obj, "resourceArn", where)
    kind, _, _, names = parse_arn(arn, where.key("resourceArn"))
    if kind == "package-group":
        raise where.key("resourceArn").error("package groups have no permissions policy")
    if "document" not in obj:
        raise where.error("missing required field 'document'")
    label = f"{kind} policy of {'/'.join(names)}"
    policy = policy_field(obj["document"], where.key("document"), label, arn)
    read = domain_patch if kind == "domain" else repository_patch
    patch = read({"arn": arn}, where)
    patch.fields["policy"] = policy
    assembly.add_patch(patch)


def _add_describe_organization(assembly: Assembly, obj: dict[str, Any], where: Where) -> None:
    org_id = req_str(obj, "Id", where)
    management = opt_str(obj, "MasterAccountId", where)
    nodes = (OrgNode(management, "management", "account"),) if management else ()
    assembly.set_organization(Organization(org_id, management, nodes), where)
    assembly.warnings.append(
        f"{where}: only the organisation's id is known (no tree, no SCPs or RCPs in the input)"
    )
