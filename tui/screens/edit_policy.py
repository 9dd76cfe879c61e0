"""Edit a policy's JSON (or paste one) to try it in the what-if view, and pick which of a
principal's policies to edit."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static, TextArea

from graph.access.editable import EditablePolicy
from graph.visible import visible


class EditPolicyModal(ModalScreen[str | None]):
    """The policy's JSON in a text area; `ctrl+s` or the button tries it (nothing is sent to
    AWS). Used when neither $VISUAL nor $EDITOR names an editor."""

    BINDING_GROUP_TITLE = "Edit policy dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without trying"),
        Binding("ctrl+s", "try_it", "Try it", tooltip="Show who gains and loses with this policy"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Static(
                Text("Edit or paste the policy JSON; cax shows who would gain and lose what."),
                classes="dialog-help",
            )
            yield TextArea(self.text, id="edit-text", show_line_numbers=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Try it", variant="primary", id="edit-go")
                yield Button("Cancel", id="edit-cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#edit-go")
    def action_try_it(self) -> None:
        self.dismiss(self.query_one(TextArea).text)


class PickPolicyModal(ModalScreen[EditablePolicy | None]):
    """The selected principal's policies that a what-if may edit; `enter` picks one."""

    BINDING_GROUP_TITLE = "Pick policy dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without editing"),
    ]

    def __init__(self, choices: list[EditablePolicy]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-dialog", classes="dialog"):
            yield Static(Text("What-if: which policy?", style="bold"), classes="dialog-title")
            yield Static(
                Text("Pick a policy to edit; cax shows who would gain and lose what."),
                classes="dialog-help",
            )
            yield OptionList(*(Text(visible(c.label)) for c in self.choices), id="pick-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
