"""Paste an AccessDenied message; cax jumps to its explanation."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea


class PasteErrorModal(ModalScreen[str | None]):
    """A text area for the error; `ctrl+s` or the button explains it."""

    BINDING_GROUP_TITLE = "Paste error dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close"),
        Binding("ctrl+s", "explain", "Explain", tooltip="Explain the pasted message"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-dialog", classes="dialog"):
            yield Static(
                Text("Explain an AccessDenied message", style="bold"), classes="dialog-title"
            )
            yield Static(
                Text(
                    "Paste the error from npm, pip, mvn or the AWS CLI (User: … is not "
                    "authorized to perform: … on resource: … because …)."
                ),
                classes="dialog-help",
            )
            yield TextArea(id="paste-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Explain", variant="primary", id="paste-go")
                yield Button("Cancel", id="paste-cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#paste-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#paste-go")
    def action_explain(self) -> None:
        text = self.query_one(TextArea).text.strip()
        self.dismiss(text or None)
