"""Save the fix's policy JSON: ask for a path, never overwrite without asking, write atomically."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


@dataclass(frozen=True)
class SaveRequest:
    """Where to write, and whether the user agreed to replace an existing file."""

    path: Path
    overwrite: bool = False


def default_fix_path(principal: str, capability: str, resource: str) -> str:
    """`cax-fix-<principal>-<capability>-<repository>.json`, names only, safe characters."""
    parts = (principal, capability, resource)
    name = "-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", p.rsplit("/", 1)[-1]) for p in parts)
    return f"cax-fix-{name}.json"


def write_file(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write `text` to `path` atomically: readers see the old file or the whole new one.

    Raises:
        FileExistsError: the file exists (or appeared meanwhile) and `overwrite` is false.
        OSError: the directory is missing or not writable, the disk is full, …
    """
    if not overwrite and path.exists():
        raise FileExistsError(f"{path} exists")
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), 0o644)
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the file appeared since the check
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


class SaveFixModal(ModalScreen[SaveRequest | None]):
    """A path, prefilled; saving over an existing file needs a second press."""

    BINDING_GROUP_TITLE = "Save fix dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", tooltip="Write the file"),
    ]

    def __init__(self, default: str, what: str) -> None:
        super().__init__()
        self.default = default
        self.what = what
        self.confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="save-dialog", classes="dialog"):
            yield Static(Text("Save the fix", style="bold"), classes="dialog-title")
            yield Static(Text(self.what), classes="dialog-help")
            yield Label("Path")
            yield Input(self.default, id="save-path")
            yield Static(id="save-warning", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save-go")
                yield Button("Cancel", id="save-cancel")

    def on_mount(self) -> None:
        self.query_one("#save-warning").display = False
        self.query_one("#save-path", Input).focus()

    @on(Input.Changed, "#save-path")
    def _path_changed(self) -> None:
        if self.confirmed is not None:
            self.confirmed = None
            self.query_one("#save-warning").display = False
            self.query_one("#save-go", Button).label = "Save"

    @on(Button.Pressed, "#save-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save-go")
    @on(Input.Submitted, "#save-path")
    def action_save(self) -> None:
        typed = self.query_one("#save-path", Input).value.strip()
        if not typed:
            self._warn("Type a path.")
            return
        path = Path(typed).expanduser()
        if path.is_dir():
            self._warn(f"{path} is a directory.")
            return
        if not path.parent.is_dir():
            self._warn(f"No directory {path.parent}.")
            return
        if path.exists() and self.confirmed != path:
            self.confirmed = path
            self._warn(f"{path} exists: press Replace (or enter) again to overwrite it.")
            self.query_one("#save-go", Button).label = "Replace"
            return
        self.dismiss(SaveRequest(path, overwrite=self.confirmed == path))

    def _warn(self, text: str) -> None:
        warning = self.query_one("#save-warning", Static)
        warning.update(Text(text))
        warning.display = True
