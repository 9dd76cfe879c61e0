"""The main screen's principals view: search principals, see what one reaches, ask why (not).

A base class of `MainScreen`, apart so that each file holds one idea: this one keeps the
principal list, the reach table and its why pane in step as the cursor moves.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Tree

import graph
from graph.search import Entry
from tui.principals_state import PrincipalList
from tui.reach_state import ReachMatrix, explain_target
from tui.screens.resources_view import ResourcesView
from tui.vocabulary import capability_of
from tui.why_state import Explained, Selection, explain
from tui.widgets import PrincipalTree, ReachTable, WhyView

# Every worker names itself (`description=`): by default Textual reprs the arguments, and the
# repr of a 12,000-principal list or graph takes longer than the search it runs.
PRINCIPALS = "principals-view"
LARGE = 2_000
"""From this many principals on, selection waits for the keys to stop (`SETTLE_SECONDS`)."""
SETTLE_SECONDS = 0.25


class PrincipalsView(ResourcesView):
    """Principals → reach → why: the search box, the principal tree, the reach table of the
    selected principal and the why pane of the chosen cell."""

    @dataclass
    class ReachReady(Message):
        """A principal's reach matrix is computed."""

        matrix: ReachMatrix

    @dataclass
    class Explanation(Message):
        """An explanation is ready for the why pane of `view`."""

        explained: Explained
        view: str

    @dataclass
    class Searched(Message):
        """The principal list filtered by a query."""

        principals: PrincipalList

    empty_hint: str | None
    """How to add CodeArtifact data, when the input holds no domain (IAM files only)."""

    def __init__(self) -> None:
        super().__init__()
        self.principals: PrincipalList | None = None
        self.pending: Explained | None = None
        """A pasted error's explanation, shown once its cell is chosen."""
        self._select_timer: Timer | None = None
        self._select_next = ""
        self._wanted: dict[str, Selection] = {}

    def _fit_panes(self) -> None:
        """Size the tree panes to their content (`MainScreen`)."""
        raise NotImplementedError

    def _show_principals(self, principals: PrincipalList) -> None:
        tree = self.query_one(PrincipalTree)
        tree.show(principals, expand_all=principals.total <= 80)
        self.call_after_refresh(self._fit_panes)
        if principals.query:
            # The cursor may land on the same line as before, which posts no highlight.
            selected = tree.selected
            if selected is not None and selected.node != self.principal:
                self._select_soon(selected.node)
        pane = self.query_one("#principals-pane")
        if principals.query:
            plural = "" if principals.total == 1 else "es"
            pane.border_title = f"principals · {principals.total} match{plural}"
        else:
            pane.border_title = f"principals · {principals.total}"

    # --- search -------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.action_view(PRINCIPALS)
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        if self.focused is self.query_one("#search", Input):
            self.query_one(PrincipalTree).focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self.principals is not None:
            self._filter(self.principals, event.value)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, description="search")
    def _filter(self, principals: PrincipalList, query: str) -> None:
        """Fuzzy-match off the UI thread; a newer keystroke cancels this one."""
        self.post_message(self.Searched(principals.matching(query)))

    def on_principals_view_searched(self, message: Searched) -> None:
        if message.principals.query == self.query_one("#search", Input).value.strip() or (
            not message.principals.query and not self.query_one("#search", Input).value.strip()
        ):
            self._show_principals(message.principals)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._select_now()
        self.query_one(PrincipalTree).focus()

    # --- principal → reach → why --------------------------------------------------------------

    @on(Tree.NodeHighlighted, "#principals")
    def _principal_highlighted(self, event: Tree.NodeHighlighted[object]) -> None:
        data = event.node.data
        if isinstance(data, Entry):
            self._select_soon(data.node)

    @on(Tree.NodeSelected, "#principals")
    def _principal_selected(self, event: Tree.NodeSelected[object]) -> None:
        if isinstance(event.node.data, Entry):
            self._select_now()
            self.query_one(ReachTable).focus()

    def _select_soon(self, principal: str) -> None:
        """Select a principal the cursor or the search landed on; in a large organisation, once
        the keys stop: a reach takes seconds there, and one per keystroke would starve the
        search (threads share one interpreter)."""
        if self._select_timer is not None:
            self._select_timer.stop()
            self._select_timer = None
        if self.principals is None or self.principals.total < LARGE:
            self._select_principal(principal)
            return
        self._select_next = principal
        self._select_timer = self.set_timer(SETTLE_SECONDS, self._select_now)

    def _select_now(self) -> None:
        """Select the principal waiting for the keys to stop, if any."""
        if self._select_timer is not None:
            self._select_timer.stop()
            self._select_timer = None
            self._select_principal(self._select_next)

    def _select_principal(self, principal: str) -> None:
        self.principal = principal
        if self.pending is not None and self.pending.selection.principal != principal:
            self.pending = None  # the user moved on from a pasted error
        if self.access_graph is None:
            return
        self._reach(self.access_graph, principal)

    @work(thread=True, exclusive=True, group="reach", exit_on_error=False, description="reach")
    def _reach(self, access_graph: graph.AccessGraph, principal: str) -> None:
        self.post_message(self.ReachReady(ReachMatrix.of(access_graph, principal)))

    def on_principals_view_reach_ready(self, message: ReachReady) -> None:
        matrix = message.matrix
        if matrix.principal != self.principal or self.access_graph is None:
            return
        kind = self.access_graph.graph.nodes[matrix.principal].get("kind")
        self.query_one("#reach-pane").border_title = f"reach · {matrix.label}"
        table = self.query_one(ReachTable)
        table.show(matrix, self.resource, self.capability)
        why = self.query_one("#why", WhyView)
        if not matrix.rows:
            message_text = (
                "A group is not a caller: select one of its members."
                if kind == "group"
                else self.empty_hint or "No path to any domain or repository."
            )
            why.hint(message_text)
            return
        row = matrix.rows[table.cursor_row]
        capability = self.capability if self.capability in row.cells or row.cells else "read"
        self._choose_cell(row.resource, capability)

    @on(ReachTable.CellChosen)
    def _cell_chosen(self, event: ReachTable.CellChosen) -> None:
        self._choose_cell(event.resource, event.capability)

    def _choose_cell(self, resource: str, capability: str) -> None:
        table = self.query_one(ReachTable)
        row = table.matrix.row(resource) if table.matrix else None
        if row is not None and row.kind == "domain" and capability in ("read", "publish"):
            capability = "login"  # a domain has no read or publish: explain getting a token
        self.resource, self.capability = resource, capability
        pending = self.pending
        if pending is not None:
            chosen = (self.principal, resource, capability)
            wanted = pending.selection
            if chosen == (wanted.principal, wanted.resource, capability_of(wanted.capability)):
                self._wanted["why"] = pending.selection
                self._show_explanation(pending, "why")  # a pasted error's own explanation
                return
        reach = row.cells.get(capability) if row else None
        selection = Selection(
            self.principal, capability, explain_target(reach, resource), cell_resource=resource
        )
        self._request_explanation(selection, "why")

    @work(thread=True, exclusive=True, group="why", exit_on_error=False, description="why")
    def _explain(self, access_graph: graph.AccessGraph, selection: Selection, view: str) -> None:
        self.post_message(self.Explanation(explain(access_graph, selection), view))

    @on(WhyView.PackageChosen)
    def _package_chosen(self, event: WhyView.PackageChosen) -> None:
        """A publish asked again about one package (or a package pattern)."""
        self._request_explanation(event.selection, event.view)

    def _request_explanation(self, selection: Selection, view: str) -> None:
        self._wanted[view] = selection
        if self.access_graph is not None:
            self._explain(self.access_graph, selection, view)

    def on_principals_view_explanation(self, message: Explanation) -> None:
        if (
            message.view == "pasted"
            or self._wanted.get(message.view) != message.explained.selection
        ):
            return  # a newer cell was chosen meanwhile: its explanation is on the way
        self._show_explanation(message.explained, message.view)

    def _show_explanation(self, explained: Explained, view: str) -> None:
        if self.access_graph is None:
            return
        why = self.query_one(f"#{view}", WhyView)
        why.show(explained, self.access_graph)
        why.border_title = "why"
        if explained.error is not None:
            why.border_title = "why · from a pasted AccessDenied message"

    # --- jumps (palette, pasted errors, who-can) ----------------------------------------------

    def jump_to_principal(self, principal: str) -> None:
        """Show a principal in the principals view, clearing a search that hides it."""
        self.action_view(PRINCIPALS)
        tree = self.query_one(PrincipalTree)
        if not tree.go_to(principal) and self.principals is not None:
            self.query_one("#search", Input).value = ""
            self._show_principals(self.principals)
            tree.go_to(principal)
        tree.focus()
        self._select_principal(principal)
