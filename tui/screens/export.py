"""The export dialog: format, scope (everything, the selected principal or repository), path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Select, Static

import graph


@dataclass(frozen=True)
class ExportRequest:
    """What the dialog asks for."""

    fmt: str
    path: str
    principal: str | None = None
    resource: str | None = None
    force: bool = False


def formats() -> dict[str, Any]:
    """The export formats, or {} while `graph.export` is not available."""
    try:
        from graph.export import FORMATS
    except ImportError:
        return {}
    return dict(FORMATS)


def run_export(access_graph: graph.AccessGraph, request: ExportRequest) -> str:
    """Write the export; returns a one-line summary. Raises what `export_graph` raises."""
    from graph.export import export_graph

    result = export_graph(
        access_graph,
        request.fmt,
        request.path,
        principal=request.principal,
        resource=request.resource,
        force=request.force,
    )
    paths = ", ".join(str(p) for p in result.paths)
    return f"{result.nodes} nodes, {result.edges} edges → {paths}"


class ExportModal(ModalScreen[ExportRequest | None]):
    """Pick a format, a scope and a path; `escape` cancels."""

    BINDING_GROUP_TITLE = "Export dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without exporting"),
        Binding("ctrl+s", "export", "Export", tooltip="Write the file"),
    ]

    def __init__(self, principal: str | None, resource: str | None) -> None:
        super().__init__()
        self.principal = principal
        self.resource = resource
        self.formats = formats()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """On a small terminal the dialog scrolls: keep the focused field in sight."""
        event.widget.scroll_visible(animate=False)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-dialog", classes="dialog"):
            yield Static(Text("Export the access graph", style="bold"), classes="dialog-title")
            if not self.formats:
                yield Static(
                    Text("Exports are not available in this build (graph.export is missing)."),
                    classes="dialog-error",
                )
            options = [(f"{name} · {fmt.description}", name) for name, fmt in self.formats.items()]
            yield Label("Format")
            yield Select(
                options,
                value=options[0][1] if options else Select.NULL,
                allow_blank=not options,
                id="export-format",
            )
            yield Label("Scope")
            with RadioSet(id="export-scope"):
                yield RadioButton("everything", value=True, id="scope-all")
                yield RadioButton(
                    Text(f"principal {_short(self.principal)}"),
                    disabled=self.principal is None,
                    id="scope-principal",
                )
                yield RadioButton(
                    Text(f"repository {_short(self.resource)}"),
                    disabled=self.resource is None,
                    id="scope-resource",
                )
            yield Label("Path")
            yield Input(self._default_path(), id="export-path")
            yield Checkbox("overwrite an existing file", id="export-force")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-go", disabled=not self.formats)
                yield Button("Cancel", id="export-cancel")

    def _default_path(self) -> str:
        name = next(iter(self.formats), "")
        extension = getattr(self.formats.get(name), "extension", "")
        return f"cax-export{extension}" if extension.startswith(".") else f"cax-export.{extension}"

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        fmt = self.formats.get(str(event.value))
        if fmt is None:
            return
        path = self.query_one("#export-path", Input)
        stem = path.value.rsplit(".", 1)[0] if "." in path.value else path.value
        extension = str(fmt.extension).lstrip(".")
        path.value = f"{stem}.{extension}"

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-go")
    @on(Input.Submitted, "#export-path")
    def action_export(self) -> None:
        if not self.formats:
            return
        fmt = self.query_one("#export-format", Select).value
        path = self.query_one("#export-path", Input).value.strip()
        if fmt is Select.NULL or not path:
            self.notify("Choose a format and a path.", severity="warning")
            return
        scope = self.query_one("#export-scope", RadioSet).pressed_button
        scope_id = scope.id if scope is not None else "scope-all"
        self.dismiss(
            ExportRequest(
                str(fmt),
                path,
                principal=self.principal if scope_id == "scope-principal" else None,
                resource=self.resource if scope_id == "scope-resource" else None,
                force=self.query_one("#export-force", Checkbox).value,
            )
        )


def _short(node: str | None) -> str:
    if node is None:
        return "(none selected)"
    tail = node.split(":", 5)[-1]
    return tail.split("/", 1)[-1] if tail.startswith("repository/") else tail
