"""The context dialog: assumptions for condition keys a snapshot cannot know."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from graph.policy.model import ContextValue
from tui.context_state import parse_context

_KNOWN = (
    "aws:MultiFactorAuthPresent",
    "aws:SourceIp",
    "aws:SourceVpce",
    "aws:CurrentTime",
    "sts:ExternalId",
)


class ContextModal(ModalScreen[dict[str, ContextValue] | None]):
    """Blank means unknown: answers that depend on the key stay *conditional*."""

    BINDING_GROUP_TITLE = "Context dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything"),
        Binding("ctrl+s", "apply", "Apply", tooltip="Re-evaluate every pane"),
    ]

    def __init__(self, context: Mapping[str, ContextValue]) -> None:
        super().__init__()
        self.context = dict(context)

    def _value(self, key: str) -> str:
        value = self.context.get(key)
        return "" if value is None else str(value)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """On a small terminal the dialog scrolls: keep the focused field in sight."""
        event.widget.scroll_visible(animate=False)

    def compose(self) -> ComposeResult:
        mfa = self.context.get("aws:MultiFactorAuthPresent")
        extra = ", ".join(f"{k}={v}" for k, v in self.context.items() if k not in _KNOWN)
        with VerticalScroll(id="context-dialog", classes="dialog"):
            yield Static(Text("Context assumptions", style="bold"), classes="dialog-title")
            yield Static(
                Text(
                    "A snapshot cannot know how a request is made. Blank means unknown: "
                    "answers that depend on it stay conditional (◐)."
                ),
                classes="dialog-help",
            )
            with Grid(id="context-grid"):
                yield Label("MFA present")
                yield Select(
                    [("unknown", "unknown"), ("yes", "true"), ("no", "false")],
                    value="unknown" if mfa is None else ("true" if mfa else "false"),
                    allow_blank=False,
                    id="ctx-mfa",
                )
                yield Label("source IP")
                yield Input(self._value("aws:SourceIp"), placeholder="203.0.113.7", id="ctx-ip")
                yield Label("VPC endpoint")
                yield Input(self._value("aws:SourceVpce"), placeholder="vpce-0abc…", id="ctx-vpce")
                yield Label("time")
                yield Input(
                    self._value("aws:CurrentTime"),
                    placeholder="2026-03-01T12:00:00Z",
                    id="ctx-time",
                )
                yield Label("ExternalId")
                yield Input(
                    self._value("sts:ExternalId"),
                    placeholder="for sts:AssumeRole",
                    id="ctx-external-id",
                )
                yield Label("other keys")
                yield Input(extra, placeholder="key=value, key=value", id="ctx-extra")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="ctx-apply")
                yield Button("Clear all", id="ctx-clear")
                yield Button("Cancel", id="ctx-cancel")

    @on(Button.Pressed, "#ctx-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ctx-clear")
    def _clear(self) -> None:
        self.dismiss({})

    @on(Button.Pressed, "#ctx-apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        try:
            context = parse_context(
                str(self.query_one("#ctx-mfa", Select).value),
                self.query_one("#ctx-ip", Input).value,
                self.query_one("#ctx-vpce", Input).value,
                self.query_one("#ctx-time", Input).value,
                self.query_one("#ctx-external-id", Input).value,
                self.query_one("#ctx-extra", Input).value,
            )
        except ValueError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.dismiss(context)
