"""Details of one principal: ARN, tags, groups, and its policies as JSON."""

from __future__ import annotations

import json

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.widgets import Static

from graph import Snapshot
from graph.model import Group, Policy, Role, User
from tui.state import PrincipalEntry


def _field(label: str, value: str) -> Text:
    return Text.assemble((f"{label:>10} ", "dim"), value)


def _policy(title: str, policy: Policy | None) -> list[RenderableType]:
    if policy is None:
        return [Text(title, style="bold"), Text("  (none)", style="dim")]
    body = json.dumps(policy.document, indent=2)
    return [Text(title, style="bold"), Syntax(body, "json", theme="ansi_dark", word_wrap=True)]


def describe(entry: PrincipalEntry, snapshot: Snapshot) -> RenderableType:
    """A renderable for one principal; every AWS string goes in as plain `Text`, never markup."""
    item = entry.item
    parts: list[RenderableType] = [
        Text(entry.short, style="bold"),
        _field("arn", item.arn),
        _field("account", entry.account_label),
        _field("path", item.path),
    ]
    if isinstance(item, User | Role):
        for key, value in item.tags.items():
            parts.append(_field("tag", f"{key} = {value}"))
        if item.boundary_arn:
            parts.append(_field("boundary", item.boundary_arn))
    if isinstance(item, User) and item.group_names:
        parts.append(_field("groups", ", ".join(item.group_names)))
    parts.append(Text())
    if isinstance(item, Role):
        parts.extend(_policy("trust policy", item.trust_policy))
    for inline in item.inline_policies:
        parts.extend(_policy(f"inline policy {inline.name}", inline))
    for arn in item.attached_policy_arns:
        managed = snapshot.managed_policy(arn)
        policy = managed.as_policy() if managed else None
        if isinstance(policy, Policy):
            parts.extend(_policy(f"managed policy {arn}", policy))
        else:
            parts.append(Text.assemble((f"managed policy {arn}", "bold"), ("  unknown", "yellow")))
    if isinstance(item, Group):
        members = [
            u.name
            for u in snapshot.users()
            if u.account_id == item.account_id and item.name in u.group_names
        ]
        parts.insert(4, _field("members", ", ".join(members) or "(none)"))
    return RichGroup(*parts)


class PrincipalDetails(Static):
    """Shows `describe()` of the selected principal."""

    def show(self, entry: PrincipalEntry | None, snapshot: Snapshot | None) -> None:
        """Display `entry`, or a hint when nothing is selected."""
        if entry is None or snapshot is None:
            self.update(Text("Select a principal to see its details.", style="dim"))
            return
        self.update(describe(entry, snapshot))
