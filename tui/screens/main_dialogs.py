"""The main screen's dialogs: export, context assumptions, copying, saving and trying a fix.

A base class of `MainScreen`, apart so that each file holds one idea.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.widgets import ContentSwitcher

import graph
from graph.access.editable import (
    EditablePolicy,
    editable_policies,
    resource_policy,
    with_policy,
)
from graph.access.whatif import apply_fixes
from graph.diff import diff_snapshots
from graph.visible import visible
from tui.clipboard import clipboard_refused
from tui.diff_state import DiffView
from tui.screens.context import ContextModal
from tui.screens.diff import DiffScreen
from tui.screens.edit_policy import EditPolicyModal, PickPolicyModal
from tui.screens.export import ExportModal, ExportRequest, run_export
from tui.screens.save_fix import SaveFixModal, SaveRequest, default_fix_path, write_file
from tui.widgets import PolicyView, WhyView

if TYPE_CHECKING:
    from tui.app import CaxApp

RESOURCES = "resources-view"


WhatIfChange = Callable[[graph.Snapshot], graph.Snapshot]
"""One change tried on a copy of the snapshot: a fix, or an edited policy."""


class MainDialogs(Screen[None]):
    """Export, context, copy and save: what the main screen opens over itself."""

    access_graph: graph.AccessGraph | None
    principal: str
    resource: str

    @property
    def cax(self) -> CaxApp:
        """The app, typed."""
        from tui.app import CaxApp

        assert isinstance(self.app, CaxApp)
        return self.app

    def action_export(self) -> None:
        selected = self.principal or None
        repository = self.resource or None
        self.app.push_screen(ExportModal(selected, repository), self._exported)

    def _exported(self, request: ExportRequest | None) -> None:
        if request is not None and self.access_graph is not None:
            self._export(self.access_graph, request)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export")
    def _export(self, access_graph: graph.AccessGraph, request: ExportRequest) -> None:
        try:
            summary = run_export(access_graph, request)
        except (OSError, ValueError, FileExistsError) as error:
            self.app.notify(
                visible(str(error)), title="Export failed", severity="error", markup=False
            )
            return
        self.app.notify(summary, title="Exported", markup=False)

    def action_context(self) -> None:
        self.app.push_screen(ContextModal(self.cax.context), self._context_chosen)

    def _context_chosen(self, context: dict[str, graph.policy.model.ContextValue] | None) -> None:
        if context is None or context == self.cax.context:
            return
        self.query_one("#right").loading = True
        self.query_one("#reach-pane").border_subtitle = "re-evaluating…"
        self.cax.rebuild(context)

    def action_copy_fix(self) -> None:
        fix = self._current_why().fix
        if fix is None:
            self.app.notify("No fix to copy here.", severity="warning")
            return
        self.app.copy_to_clipboard(json.dumps(fix.document, indent=2))
        refused = clipboard_refused()
        if refused is not None:
            self.app.notify(
                f"The terminal refused the clipboard: {refused}. Press s to save the fix instead.",
                title="Not copied",
                severity="warning",
            )
            return
        self.app.notify("The fix's policy JSON is on the clipboard.", title="Copied")

    def action_save_fix(self) -> None:
        why = self._current_why()
        fix = why.fix
        if fix is None or why.explained is None:
            self.app.notify("No fix to save here.", severity="warning")
            return
        selection = why.explained.selection
        default = default_fix_path(selection.principal, selection.capability, selection.resource)
        what = f"The policy JSON of the fix: {fix.note}"
        text = json.dumps(fix.document, indent=2) + "\n"
        self.app.push_screen(
            SaveFixModal(default, what), lambda request: self._save_fix(request, text)
        )

    def _save_fix(self, request: SaveRequest | None, text: str) -> None:
        if request is None:
            return
        try:
            write_file(request.path, text, overwrite=request.overwrite)
        except OSError as error:
            self.app.notify(visible(str(error)), title="Not saved", severity="error", markup=False)
            return
        self.app.notify(str(request.path.resolve()), title="Fix saved to", markup=False)

    what_if: tuple[WhatIfChange, ...] = ()
    """Changes applied to a copy of the snapshot in the what-if view (`w`; `u` takes one back)."""

    def action_what_if(self) -> None:
        """Try a change on a copy of the snapshot and show who gains and loses what (nothing
        is changed in AWS): the policy shown in the policies pane, edited; else the fix in
        the why pane."""
        if self.access_graph is None:
            return
        shown = self._shown_policy()
        if shown is not None:
            self._edit(shown)
            return
        fix = self._current_why().fix
        if fix is None:
            self.app.notify("No fix to try here.", severity="warning")
            return
        change: WhatIfChange = partial(apply_fixes, fixes=(fix,))
        self._what_if(self.access_graph, (*self.what_if, change))

    def _shown_policy(self) -> EditablePolicy | None:
        """The policy the policies pane marks, else its last one, when the pane is shown."""
        if self.query_one("#views", ContentSwitcher).current != RESOURCES:
            return None
        if not self.query_one("#resources-right").has_class("-policies"):
            return None
        pane = self.query_one("#policies", PolicyView)
        shown = pane.policies.policies if pane.policies is not None else ()
        marked = [p for p in shown if pane.marked and p.arn == pane.marked[0]]
        readable = [p for p in shown if p.text or p.note == "no policy"]
        choices = marked or readable
        if not choices or self.access_graph is None:
            return None
        choice = choices[-1]
        return resource_policy(self.access_graph.snapshot, choice.arn, choice.title)

    def action_edit_policy(self) -> None:
        """Pick one of the selected principal's policies, edit it, and see who gains and
        loses what (a what-if on a copy of the snapshot)."""
        if self.access_graph is None or not self.principal:
            self.app.notify("Select a user or role first.", severity="warning")
            return
        choices = editable_policies(self.access_graph.snapshot, self.principal)
        if not choices:
            self.app.notify("No policy of this principal can be edited here.", severity="warning")
            return
        self.app.push_screen(PickPolicyModal(choices), self._picked)

    def _picked(self, chosen: EditablePolicy | None) -> None:
        if chosen is not None:
            self._edit(chosen)

    def _edit(self, policy: EditablePolicy) -> None:
        """$VISUAL or $EDITOR on the policy's JSON (the app steps aside), else a dialog."""
        text = json.dumps(policy.document, indent=2)
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.app.push_screen(
                EditPolicyModal(f"What-if: {policy.label}", text),
                lambda t: self._edited(policy, t),
            )
            return
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "policy.json"
            path.write_text(text, encoding="utf-8")
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            edited = path.read_text(encoding="utf-8")
        self._edited(policy, edited if edited != text else None)

    def _edited(self, policy: EditablePolicy, text: str | None) -> None:
        if text is None or self.access_graph is None:
            return
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            self.app.notify(
                f"line {error.lineno}, column {error.colno}: {error.msg}",
                title="Not JSON: nothing tried",
                severity="error",
                markup=False,
            )
            return
        change: WhatIfChange = partial(with_policy, policy=policy, document=document)
        self._what_if(self.access_graph, (*self.what_if, change))

    def _undo_what_if(self) -> None:
        if self.access_graph is None:
            return
        self.app.pop_screen()
        if len(self.what_if) > 1:
            self._what_if(self.access_graph, self.what_if[:-1])
        else:
            self.what_if = ()
            self.app.notify("Nothing applied: the snapshot as loaded.", title="What-if")

    @work(thread=True, exclusive=True, group="what-if", exit_on_error=False, description="what-if")
    def _what_if(self, access_graph: graph.AccessGraph, changes: tuple[WhatIfChange, ...]) -> None:
        base = access_graph.snapshot
        changed = base
        try:
            for change in changes:
                changed = change(changed)
        except ValueError as error:
            self.app.notify(
                visible(str(error)), title="Cannot try that", severity="warning", markup=False
            )
            return
        diff = diff_snapshots(base, changed, graph=access_graph)
        self.app.call_from_thread(self._show_what_if, DiffView.of(diff), changes)

    def _show_what_if(self, view: DiffView, changes: tuple[WhatIfChange, ...]) -> None:
        self.what_if = changes
        count = f"{len(changes)} change" + ("" if len(changes) == 1 else "s")
        screen = DiffScreen(view, f"what-if: {count}", self._undo_what_if)
        if isinstance(self.app.screen, DiffScreen):
            self.app.switch_screen(screen)
        else:
            self.app.push_screen(screen)

    def _current_why(self) -> WhyView:
        current = self.query_one("#views", ContentSwitcher).current
        return self.query_one("#who-why" if current == RESOURCES else "#why", WhyView)
