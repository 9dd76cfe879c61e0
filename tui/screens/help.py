"""The help screen: every key of every screen and dialog, and what the glyphs mean."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.widgets.verdicts import Palette, legend
from tui.widgets.why_view import WhyView

_GLYPHS = (
    ("✔ ◐ ? ✘", "allowed, conditional, unknown (a policy could not be read), denied"),
    ("·", "no path: nothing even partly grants it"),
    ("⇡", "in a table: packages served through a repository that has this one upstream"),
    (
        "↯",
        "who can, after `g`: could gain it by an escalation step (a policy it may rewrite, "
        "a user or role it may take over); not granted now",
    ),
    ("↑", "in the resources tree: an upstream repository"),
    ("◇", "in the resources tree: an external connection (public:npmjs, …)"),
    ("▶ ▼", "in a tree: a closed or open branch (enter opens and closes it)"),
    ("↳", "in the reach table: an external connection reached through the repository above"),
    ("→", "one hop of a chain: member of a group, assumes a role, reads"),
)
"""Every glyph the screens draw, for the help screen."""


def _keys(binding: Binding) -> str:
    names = {"slash": "/", "question_mark": "?", "escape": "esc"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def _bindings(owner: type) -> list[Binding]:
    found: list[Binding] = []
    for item in getattr(owner, "BINDINGS", []):
        if isinstance(item, Binding):
            found.append(item)
    return found


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the main screen, the app and each dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", tooltip="Close the help"),
    ]

    def __init__(self, main: Screen[None]) -> None:
        super().__init__()
        self.main = main

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(id="help-body")

    def on_mount(self) -> None:
        from tui.screens.context import ContextModal
        from tui.screens.export import ExportModal
        from tui.screens.paste_error import PasteErrorModal
        from tui.screens.save_fix import SaveFixModal

        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        table.add_column(style="dim")

        def section(title: str, bindings: list[Binding]) -> None:
            table.add_row(Text(title, style="underline"), "", "")
            for binding in bindings:
                table.add_row(_keys(binding), binding.description, binding.tooltip)
            table.add_row("", "", "")

        everywhere = {b.key for b in _bindings(type(self.app))}
        section("Main screen", [b for b in _bindings(type(self.main)) if b.key not in everywhere])
        section("Why pane", _bindings(WhyView))
        section(
            "Everywhere",
            [
                *_bindings(type(self.app)),
                Binding(
                    "ctrl+p",
                    "",
                    "Command palette",
                    tooltip="Jump to principal, repository, export, view",
                ),
                Binding("tab, shift+tab", "", "Next / previous pane"),
                Binding("↑ ↓ ← →, enter", "", "Move, open, select"),
                Binding("ctrl+q", "", "Quit"),
            ],
        )
        section("Export dialog", _bindings(ExportModal))
        section("Context dialog", _bindings(ContextModal))
        section("Paste error dialog", _bindings(PasteErrorModal))
        section("Save fix dialog", _bindings(SaveFixModal))
        palette = Palette(self.app)
        body = Table.grid()
        body.add_row(Text("cax keys", style="bold"))
        body.add_row(table)
        body.add_row(Text("Glyphs", style="underline"))
        body.add_row(legend(palette))
        glyphs = Table.grid(padding=(0, 2))
        glyphs.add_column(style="bold", no_wrap=True)
        glyphs.add_column()
        for glyph, meaning in _GLYPHS:
            glyphs.add_row(glyph, meaning)
        body.add_row(glyphs)
        body.add_row(
            Text(
                "Conditional: allowed if conditions hold that a snapshot cannot know "
                "(MFA, source IP, ExternalId…); press c to assume them.",
                style="dim",
            )
        )
        self.query_one("#help-body", Static).update(body)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
