"""Typed access to parsed JSON that reports the file and JSON path of anything wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.errors import LoaderError
from graph.model import Unknown

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ACCOUNT_ID = re.compile(r"[0-9]{12}")
UNKNOWN_KEY = "$unknown"


_STEPS: dict[str, str] = {}
"""`.name` or `['odd name']` per member name seen (names repeat: `Arn`, `Tags`, ...)."""
_MAX_STEPS = 4096


@dataclass(frozen=True, slots=True)
class Where:
    """A place in an input file: the file name and a JSON path such as `$.accounts[0].id`.

    `notes` collects warnings (`note`) for the whole file; places made from this one share it.
    """

    file: str
    path: str = "$"
    notes: list[str] | None = field(default=None, compare=False, repr=False)

    def key(self, name: str) -> Where:
        """The place of member `name` of the object here."""
        step = _STEPS.get(name)
        if step is None:
            step = f".{name}" if _IDENT.match(name) else f"[{name!r}]"
            if len(_STEPS) < _MAX_STEPS:
                _STEPS[name] = step
        return Where(self.file, self.path + step, self.notes)

    def index(self, i: int) -> Where:
        """The place of item `i` of the list here."""
        return Where(self.file, f"{self.path}[{i}]", self.notes)

    def note(self, message: str) -> None:
        """A warning about this place (dropped when no one collects them)."""
        if self.notes is not None:
            self.notes.append(f"{self}: {message}")

    def error(self, message: str) -> LoaderError:
        """A loader error at this place."""
        return LoaderError(self.file, self.path, message)

    def __str__(self) -> str:
        return f"{self.file}: {self.path}"


def is_account_id(text: str) -> bool:
    """Twelve ASCII digits (`str.isdigit` would take `١٢٣…` too)."""
    return _ACCOUNT_ID.fullmatch(text) is not None


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def as_object(value: object, where: Where) -> dict[str, Any]:
    """The value as a JSON object, or a loader error."""
    if not isinstance(value, dict):
        raise where.error(f"expected an object, found {_kind(value)}")
    return value


def as_list(value: object, where: Where) -> list[Any]:
    """The value as a JSON list, or a loader error."""
    if not isinstance(value, list):
        raise where.error(f"expected a list, found {_kind(value)}")
    return value


def as_str(value: object, where: Where) -> str:
    """The value as a string, or a loader error."""
    if not isinstance(value, str):
        raise where.error(f"expected a string, found {_kind(value)}")
    return value


# The helpers below make the member's place (`where.key(name)`) only when something is wrong:
# a 12,000-principal snapshot reads some 150,000 members, nearly all of them fine.


def req_str(obj: dict[str, Any], name: str, where: Where) -> str:
    """Required string member `name`."""
    value = obj.get(name)
    if isinstance(value, str):
        return value
    if name not in obj:
        raise where.error(f"missing required field {name!r}")
    return as_str(value, where.key(name))


def opt_str(obj: dict[str, Any], name: str, where: Where, default: str = "") -> str:
    """Optional string member `name` (`null` counts as absent)."""
    value = obj.get(name)
    if value is None:
        return default
    return value if isinstance(value, str) else as_str(value, where.key(name))


def opt_list(obj: dict[str, Any], name: str, where: Where) -> list[Any]:
    """Optional list member `name` (`null` counts as empty)."""
    value = obj.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else as_list(value, where.key(name))


def opt_int(obj: dict[str, Any], name: str, where: Where, default: int) -> int:
    """Optional integer member `name`."""
    value = obj.get(name)
    if value is None:
        return default
    if not isinstance(value, int) or isinstance(value, bool):
        raise where.key(name).error(f"expected a whole number, found {_kind(value)}")
    return value


def unknown_of(value: object, where: Where) -> Unknown | None:
    """The `Unknown` that a `{"$unknown": "error"}` marker stands for, else None."""
    if isinstance(value, dict) and UNKNOWN_KEY in value:
        if len(value) != 1:
            raise where.error(f"an unknown marker holds only {UNKNOWN_KEY!r}")
        return Unknown(as_str(value[UNKNOWN_KEY], where.key(UNKNOWN_KEY)))
    return None


def tags_of(value: object, where: Where) -> dict[str, str]:
    """Tags given as a mapping or as AWS's `[{"Key","Value"}]` / `[{"key","value"}]` list."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {k: v if isinstance(v, str) else as_str(v, where.key(k)) for k, v in value.items()}
    tags: dict[str, str] = {}
    for i, item in enumerate(as_list(value, where)):
        obj = item if isinstance(item, dict) else as_object(item, where.index(i))
        key = obj.get("Key", obj.get("key"))
        val = obj.get("Value", obj.get("value", ""))
        if not isinstance(key, str):
            key = as_str(key, where.index(i).key("Key"))
        if not isinstance(val, str):
            val = as_str(val, where.index(i).key("Value"))
        tags[key] = val
    return tags
