"""The policies pane: the domain and repository policy JSON of the selected resource."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.policies_state import ResourcePolicies
from tui.widgets.verdicts import Palette
from tui.widgets.why_sections import json_block


class PolicyView(VerticalScroll):
    """Shows `ResourcePolicies`; `mark` puts a marker on one statement and scrolls to it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self.policies: ResourcePolicies | None = None
        self.marked: tuple[str, int] | None = None
        """The policy ARN and statement index marked, if any."""

    def compose(self) -> ComposeResult:
        yield Static(id="policies-body")

    def show(self, policies: ResourcePolicies, marked: tuple[str, int] | None = None) -> None:
        """Display the policies; with `marked`, scroll to that statement."""
        self.policies = policies
        self.marked = marked
        palette = Palette(self.app)
        parts: list[RenderableType] = []
        target_line = 0
        line = 0
        found = policies.find(*marked) if marked else None
        for at, policy in enumerate(policies.policies):
            if parts:
                parts.append(Text())
                line += 1
            parts.append(Text(policy.title, style=palette.primary))
            line += 1
            if not policy.text:
                parts.append(Text(f"  {policy.note}", style="dim"))
                line += 1
                continue
            lines: frozenset[int] = frozenset()
            if found is not None and found[0] == at:
                first, last = found[1]
                lines = frozenset(range(first, last + 1))
                target_line = line + first
            parts.append(json_block(policy.text, lines, palette))
            line += len(policy.text.splitlines())
        if not parts:
            parts.append(Text("No domain or repository policy applies here.", style="dim"))
        self.query_one("#policies-body", Static).update(Group(*parts))
        self.border_subtitle = (
            f"{policies.policies[found[0]].title} · statement {marked[1] + 1}"
            if found is not None and marked is not None
            else ""
        )
        if found is not None:
            # Long lines may wrap, so the line is a lower bound: good enough to bring it near.
            self.call_after_refresh(self.scroll_to, y=max(0, target_line - 1), animate=False)
        else:
            self.scroll_home(animate=False)
