"""Reads the organisation part of a snapshot: the tree, and SCPs and RCPs with their targets."""

from __future__ import annotations

from typing import Any

from graph.model import Organization, OrgNode, OrgPolicy, PolicyType
from graph.sources.documents import parse_document
from graph.sources.reader import Where, as_object, as_str, opt_list, opt_str, req_str, unknown_of

POLICY_TYPES: tuple[PolicyType, ...] = ("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY")


def parse_organization(value: object, where: Where) -> Organization:
    """The organisation of a snapshot; parents and targets must name nodes of the tree."""
    obj = as_object(value, where)
    org_id = req_str(obj, "id", where)
    management = opt_str(obj, "management_account_id", where)
    nodes: list[OrgNode] = []
    enabled: set[str] = set()
    for i, item in enumerate(opt_list(obj, "roots", where)):
        at = where.key("roots").index(i)
        root = as_object(item, at)
        nodes.append(OrgNode(req_str(root, "id", at), opt_str(root, "name", at, "Root"), "root"))
        for j, kind in enumerate(opt_list(root, "policy_types", at)):
            enabled.add(as_str(kind, at.key("policy_types").index(j)))
    for key, kind in (("organizational_units", "ou"), ("accounts", "account")):
        for i, item in enumerate(opt_list(obj, key, where)):
            at = where.key(key).index(i)
            entry = as_object(item, at)
            node_id = req_str(entry, "id", at)
            parent = opt_str(entry, "parent_id", at) or None
            nodes.append(OrgNode(node_id, opt_str(entry, "name", at), kind, parent))  # type: ignore[arg-type]
    ids = {n.id for n in nodes}
    if len(ids) != len(nodes):
        raise where.error("a root, OU or account id appears twice in the organisation")
    parents = {n.id for n in nodes if n.kind in ("root", "ou")}
    places: dict[str, Where] = {}
    for key in ("organizational_units", "accounts"):
        for i, item in enumerate(opt_list(obj, key, where)):
            parent = item.get("parent_id")
            at = where.key(key).index(i).key("parent_id")
            places[item["id"]] = at
            if parent is not None and parent not in parents:
                raise at.error(f"parent {parent!r} is not a root or OU of the organisation")
    _check_no_cycle(nodes, places)
    if management and management not in ids:
        nodes.append(OrgNode(management, "management", "account", _root_id(nodes)))
    policies = tuple(
        _policy(item, where.key("policies").index(i), ids)
        for i, item in enumerate(opt_list(obj, "policies", where))
    )
    return Organization(
        id=org_id,
        management_account_id=management,
        nodes=tuple(nodes),
        policies=policies,
        enabled_policy_types=frozenset(enabled),
    )


def _check_no_cycle(nodes: list[OrgNode], places: dict[str, Where]) -> None:
    """Every chain of parents ends at a root: an OU that is its own parent, or A→B→A, would
    make every walk up the tree go round for ever."""
    parent_of = {n.id: n.parent_id for n in nodes}
    done: set[str] = set()
    for node in nodes:
        chain: list[str] = []
        current: str | None = node.id
        while current is not None and current not in done:
            if current in chain:
                loop = [*chain[chain.index(current) :], current]
                raise places[current].error(
                    "the organisation tree has a cycle: " + " → ".join(loop)
                )
            chain.append(current)
            current = parent_of.get(current)
        done.update(chain)


def _root_id(nodes: list[OrgNode]) -> str | None:
    return next((n.id for n in nodes if n.kind == "root"), None)


def _policy(value: object, where: Where, ids: set[str]) -> OrgPolicy:
    obj: dict[str, Any] = as_object(value, where)
    kind = req_str(obj, "type", where)
    if kind not in POLICY_TYPES:
        raise where.key("type").error(f"expected one of {', '.join(POLICY_TYPES)}, found {kind!r}")
    targets = []
    for i, target in enumerate(opt_list(obj, "targets", where)):
        at = where.key("targets").index(i)
        name = as_str(target, at)
        if name not in ids:
            raise at.error(f"target {name!r} is not a root, OU or account of the organisation")
        targets.append(name)
    if "content" not in obj:
        raise where.error("missing required field 'content'")
    content = obj["content"]
    document = unknown_of(content, where.key("content")) or parse_document(
        content, where.key("content")
    )
    aws_managed = obj.get("aws_managed", False)
    return OrgPolicy(
        policy_id=req_str(obj, "id", where),
        name=opt_str(obj, "name", where) or req_str(obj, "id", where),
        type=kind,
        document=document,
        targets=tuple(targets),
        aws_managed=aws_managed is True,
    )
