"""Finds principals and resources from what people type: ARNs, `user/NAME`, `domain/repo`, names."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import networkx as nx

from graph.policy.wildcard import arn_regex, glob_regex

PRINCIPAL_KINDS = ("user", "role", "group", "external_account", "anyone", "service", "federated")
RESOURCE_KINDS = ("domain", "repository")


@dataclass(eq=False)  # compared and hashed by identity, as exceptions are
class NotFound(LookupError):
    """Nothing (or more than one thing) matches; `suggestions` are the closest names.

    Not frozen: raised through a context manager (`graph.pause.paused`), an exception has its
    `__traceback__` set, which a frozen dataclass refuses (FrozenInstanceError instead)."""

    text: str
    what: str
    suggestions: tuple[str, ...] = ()
    ambiguous: bool = False

    def __str__(self) -> str:
        if self.ambiguous:
            return f"{self.what} {self.text!r} is ambiguous: {', '.join(self.suggestions)}"
        hint = f"; closest: {', '.join(self.suggestions)}" if self.suggestions else ""
        return f"no {self.what} {self.text!r}{hint}"


def _nodes(g: nx.MultiDiGraph, kinds: tuple[str, ...]) -> list[tuple[str, dict[str, object]]]:
    return [(n, d) for n, d in g.nodes(data=True) if d.get("kind") in kinds]


def _pick(text: str, what: str, found: list[str], pool: list[str]) -> str:
    unique = sorted(set(found))
    if len(unique) == 1:
        return unique[0]
    if len(unique) > 1:
        raise NotFound(text, what, tuple(unique[:8]), ambiguous=True)
    close = difflib.get_close_matches(text, pool, n=5, cutoff=0.5)
    raise NotFound(text, what, tuple(close))


def resolve_principal(g: nx.MultiDiGraph, text: str) -> str:
    """The node of a principal: its ARN, a role session ARN, `user/NAME`, `role/NAME` or a name."""
    text = text.strip()
    if g.has_node(text) and g.nodes[text].get("kind") in PRINCIPAL_KINDS:
        return text
    nodes = _nodes(g, PRINCIPAL_KINDS)
    parts = text.split(":", 5)
    if len(parts) == 6 and parts[2] == "sts" and parts[5].startswith("assumed-role/"):
        name = parts[5].split("/")[1]
        found = [
            n
            for n, d in nodes
            if d["kind"] == "role"
            and d.get("account") == parts[4]
            and str(d.get("name", "")).lower() == name.lower()
        ]
        return _pick(text, "principal", found, [n for n, _ in nodes])
    if len(parts) == 6 and parts[2] == "iam" and parts[5] == "root":
        node = f"account:{parts[4]}"
        if g.has_node(node):
            return node
    kind, _, name = text.partition("/")
    if name and kind in ("user", "role", "group"):
        found = [
            n
            for n, d in nodes
            if d["kind"] == kind
            and d.get("name") == name.rsplit("/", 1)[-1]
            and n.endswith("/" + name)
        ]
        labels = [str(d.get("label", "")) for _, d in nodes]
        return _pick(text, "principal", found, labels)
    found = [n for n, d in nodes if d.get("name") == text or d.get("label") == text]
    return _pick(text, "principal", found, [str(d.get("name", n)) for n, d in nodes])


def resolve_resource(g: nx.MultiDiGraph, text: str) -> str:
    """The node of a domain or repository: its ARN, `domain/repository` or a domain name."""
    text = text.strip()
    if g.has_node(text) and g.nodes[text].get("kind") in RESOURCE_KINDS:
        return text
    nodes = _nodes(g, RESOURCE_KINDS)
    labels = [str(d.get("label", "")) for _, d in nodes]
    if "/" in text:
        found = [n for n, d in nodes if d["kind"] == "repository" and d.get("label") == text]
    else:
        found = [n for n, d in nodes if d["kind"] == "domain" and d.get("name") == text]
        if not found:
            found = [n for n, d in nodes if d["kind"] == "repository" and d.get("name") == text]
    return _pick(text, "domain or repository", found, labels)


def resolve_resources(g: nx.MultiDiGraph, pattern: str) -> list[str]:
    """Every domain or repository a wildcard pattern names, sorted by label.

    `*` spans any characters (also `/`), `?` one, as in a policy's Resource element:
    `acme/*` (repositories of domain acme), `*/npm-*`, an ARN pattern
    (`arn:aws:codeartifact:*:111111111111:repository/acme/*`), or a domain name (`ac*`).
    Raises NotFound when nothing matches.
    """
    text = pattern.strip()
    nodes = _nodes(g, RESOURCE_KINDS)
    if text.startswith("arn:"):
        test = arn_regex(text).fullmatch
        found = [(str(d.get("label", "")), n) for n, d in nodes if test(n)]
    else:
        kind, key = ("repository", "label") if "/" in text else ("domain", "name")
        match = glob_regex(text).fullmatch
        found = [
            (str(d.get("label", "")), n)
            for n, d in nodes
            if d["kind"] == kind and match(str(d.get(key, "")))
        ]
    if not found:
        close = difflib.get_close_matches(text, [str(d.get("label", "")) for _, d in nodes], n=5)
        raise NotFound(text, "domain or repository", tuple(close))
    return [n for _, n in sorted(found)]
