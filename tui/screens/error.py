"""Shown instead of a traceback when a snapshot cannot be loaded."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ErrorScreen(Screen[None]):
    """The loader's message, verbatim (it names the file and the JSON path)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="error-box"):
            yield Static(Text("The snapshot could not be loaded", style="bold"), id="error-title")
            yield Static(Text(self.error), id="error-message")
            yield Static(
                Text("Fix the file (cax validate PATH shows every problem) and start again."),
                id="error-hint",
            )
        yield Footer()
