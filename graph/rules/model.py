"""Access rules (`cax assert`): what a team expects of who reaches its repositories.

Rules are TOML (`tomllib`: in the standard library, strict about types, and with no implicit
conversions such as YAML's `no` → false); see docs/assert.md. Every problem in a rules file is
reported with the file, the rule and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

Kind = Literal["only", "can", "max_hops"]
KINDS: Final = ("only", "can", "max_hops")
KEYWORDS: Final = ("organization", "same-account", "services")
"""Principal patterns that name a place rather than a principal (see `graph.rules.check`)."""
_KEYS: Final = {"id", "message", "resources", "capability", "conditional", *KINDS}


class RulesError(ValueError):
    """A rules file that cannot be read: the message names the file, rule and key."""


@dataclass(frozen=True)
class Rule:
    """One expectation over the principals that reach some resources with a capability.

    - `only`: no principal but those matching `principals` reaches (an empty list: nobody);
    - `can`: every principal listed reaches each resource;
    - `max_hops`: no principal's best chain is longer than `hops` hops.
    """

    id: str
    message: str
    kind: Kind
    resources: str
    """A domain or repository, or a pattern: `acme/*-internal`, an ARN pattern."""
    capability: str
    """`login`, `read`, `publish`, `admin` or one action."""
    principals: tuple[str, ...] = ()
    hops: int = 0
    conditional_counts: bool = True
    """Conditional answers count as reach (False: `conditional = "ok"`)."""


def load_rules(path: str | Path) -> tuple[Rule, ...]:
    """The rules of a TOML file (`[[rule]]` tables). Raises RulesError naming the place."""
    where = str(path)
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise RulesError(f"{where}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise RulesError(f"{where}: not UTF-8 text ({error.reason})") from error
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{where}: not TOML: {error}") from error
    unknown = set(document) - {"rule"}
    if unknown:
        raise RulesError(f"{where}: unknown top-level key {sorted(unknown)[0]!r} (use [[rule]])")
    tables = document.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RulesError(f"{where}: no [[rule]] tables")
    rules = [_rule(table, f"{where}: rule {i + 1}") for i, table in enumerate(tables)]
    seen: set[str] = set()
    for i, rule in enumerate(rules):
        if rule.id in seen:
            raise RulesError(f"{where}: rule {i + 1}: id {rule.id!r} is used twice")
        seen.add(rule.id)
    return tuple(rules)


def _rule(table: Any, where: str) -> Rule:
    if not isinstance(table, Mapping):
        raise RulesError(f"{where}: a rule is a table")
    unknown = set(table) - _KEYS
    if unknown:
        raise RulesError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    rule_id = _text(table, "id", where)
    where = f"{where} ({rule_id})"
    kinds = [k for k in KINDS if k in table]
    if len(kinds) != 1:
        raise RulesError(f"{where}: give exactly one of {', '.join(KINDS)}")
    kind: Kind = kinds[0]  # type: ignore[assignment]
    principals: tuple[str, ...] = ()
    hops = 0
    if kind == "max_hops":
        value = table["max_hops"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RulesError(f"{where}: max_hops is a whole number of hops, 1 or more")
        hops = value
    else:
        value = table[kind]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise RulesError(f"{where}: {kind} is a list of principal patterns")
        if kind == "can" and not value:
            raise RulesError(f"{where}: can names at least one principal")
        principals = tuple(value)
    conditional = table.get("conditional", "reach")
    if conditional not in ("reach", "ok"):
        raise RulesError(f'{where}: conditional is "reach" or "ok"')
    return Rule(
        id=rule_id,
        message=str(table.get("message", "")) if isinstance(table.get("message", ""), str) else "",
        kind=kind,
        resources=_text(table, "resources", where),
        capability=_text(table, "capability", where),
        principals=principals,
        hops=hops,
        conditional_counts=conditional == "reach",
    )


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{where}: {key} is required text")
    return value.strip()
