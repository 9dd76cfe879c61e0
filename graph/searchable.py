"""What a snapshot's search index holds, read from the snapshot without building the access graph.

Besides users, groups, roles, domains and repositories, the access graph has nodes the policies
name: identity providers and AWS services in trust policies, accounts outside the snapshot and
anyone (`*`) in trust and resource policies, external connections and upstream repositories
outside the snapshot. They are found here from the same policies, with the node ids, kinds and
labels the graph gives them (`graph.access.trust.strangers`, `graph.access.foreign`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from graph.access.trust import TrustNames, names_in, strangers
from graph.model import Domain, Group, Policy, Repository, Role, Unknown, User
from graph.policy import CompiledPolicy, Layer, PolicyError, compile_policy
from graph.search import Entry, make_entry
from graph.snapshot import Snapshot


def snapshot_entries(snapshot: Snapshot) -> Iterator[Entry]:
    """Every principal and resource of `snapshot`, and every caller or connection it names."""
    seen: set[str] = set()
    for entry in (*_items(snapshot), *_named(snapshot), *_outside(snapshot)):
        if entry.node not in seen:
            seen.add(entry.node)
            yield entry


def _items(snapshot: Snapshot) -> Iterator[Entry]:
    for account in snapshot.accounts:
        items: list[tuple[str, str, User | Group | Role | Domain | Repository]] = [
            *(("user", f"user/{u.name}", u) for u in account.users),
            *(("group", f"group/{g.name}", g) for g in account.groups),
            *(("role", f"role/{r.name}", r) for r in account.roles),
            *(("domain", d.name, d) for d in account.domains),
            *(("repository", f"{r.domain}/{r.name}", r) for r in account.repositories),
        ]
        for kind, label, item in items:
            tags = getattr(item, "tags", None)
            yield make_entry(
                item.arn,
                kind,
                label,
                name=item.name,
                account=account.id,
                arn=item.arn,
                tags=dict(tags) if isinstance(tags, Mapping) else None,
            )


def _names(policies: Iterable[Policy | Unknown | None], cache: dict[str, TrustNames]) -> TrustNames:
    """Whom the Allow statements of the readable `policies` name, as `names_in` reads them.

    Only the Principal elements are compiled, each distinct one once: thousands of trust
    policies name a few dozen principals.
    """
    principals: list[object] = []
    for policy in policies:
        if isinstance(policy, Policy):
            statements = policy.document.get("Statement")
            items = statements if isinstance(statements, list) else [statements]
            principals.extend(
                s["Principal"]
                for s in items
                if isinstance(s, dict) and s.get("Effect") == "Allow" and "Principal" in s
            )
    key = json.dumps(principals, sort_keys=True, default=str)
    found = cache.get(key)
    if found is None:
        found = cache[key] = names_in(*(_principal(p) for p in principals))
    return found


def _principal(principal: object) -> CompiledPolicy:
    """One Principal element as a policy of its own (one the graph cannot read names nobody)."""
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    try:
        return compile_policy({"Statement": [statement]}, name="p", kind=Layer.RESOURCE)
    except PolicyError:
        return _NOBODY


_NOBODY: Final = compile_policy({"Statement": []}, name="nobody", kind=Layer.RESOURCE)


def _named(snapshot: Snapshot) -> Iterator[Entry]:
    """Callers outside the snapshot that trust, domain and repository policies name."""
    known = {a.id for a in snapshot.accounts}
    cache: dict[str, TrustNames] = {}
    callers: dict[str, str] = {}
    for role in snapshot.roles():
        for stranger in strangers(_names((role.trust_policy,), cache), known):
            callers.setdefault(stranger.node, stranger.kind)
    resource = (
        *(d.policy for d in snapshot.domains()),
        *(r.policy for r in snapshot.repositories()),
    )
    names = _names(resource, cache)
    for account in sorted(names.accounts - known):
        callers.setdefault(f"account:{account}", "external_account")
    if names.wildcard:
        callers.setdefault("anyone", "anyone")
    for node, kind in callers.items():
        yield _caller(node, kind)


def _caller(node: str, kind: str) -> Entry:
    """The entry of a caller node, labelled as the access graph labels it."""
    if kind == "external_account":
        account = node.split(":", 1)[1]
        label = f"account {account} (outside the snapshot)"
        return make_entry(node, kind, label, name=label, account=account, arn=node)
    if kind == "anyone":
        label = "anyone (*)"
    elif node.startswith("service:"):
        label = node.split(":", 1)[1]
    else:
        label = node.rsplit("/", 1)[-1]
    return make_entry(node, kind, label, name=label, arn=node)


def _outside(snapshot: Snapshot) -> Iterator[Entry]:
    """External connections, and upstream repositories the snapshot does not hold."""
    for repo in snapshot.repositories():
        if not isinstance(repo.upstreams, Unknown):
            prefix = repo.arn.rsplit("/", 1)[0]
            for name in repo.upstreams:
                arn = f"{prefix}/{name}"
                label = f"{repo.domain}/{name}"
                yield make_entry(
                    arn, "repository", label, name=name, account=repo.account_id, arn=arn
                )
        if not isinstance(repo.external_connections, Unknown):
            for connection in repo.external_connections:
                node = f"external:{connection.name}"
                yield make_entry(
                    node, "external_connection", connection.name, name=connection.name, arn=node
                )
