"""The main screen: principals → reach → why, and the resources view (domains → who can)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Footer, Header, Input, Tree

import graph
from graph.access import NotAnAccessDenied, NotFound
from graph.access.awserror import NeedsPrincipal, parse_error
from graph.search import Entry, SearchIndex
from graph.sources.hints import no_domains_hint
from graph.visible import visible
from tui.progress import BuildStep
from tui.resources_state import resource_tree
from tui.screens.main_dialogs import RESOURCES
from tui.screens.paste_error import PasteErrorModal
from tui.screens.resources_view import ResourcesView
from tui.state import (
    Explained,
    PrincipalList,
    ReachMatrix,
    Selection,
    account_labels,
    capability_of,
    explain,
    explain_target,
)
from tui.widgets import (
    LoadingBar,
    PolicyView,
    PrincipalTree,
    ReachTable,
    ResourceTree,
    WhoCanTable,
    WhyView,
)
from tui.widgets.fit import fit_pane
from tui.widgets.verdicts import Legend

if TYPE_CHECKING:
    pass

# Every worker names itself (`description=`): by default Textual reprs the arguments, and the
# repr of a 12,000-principal list or graph takes longer than the search it runs.
PRINCIPALS = "principals-view"
LARGE = 2_000
"""From this many principals on, selection waits for the keys to stop (`SETTLE_SECONDS`)."""
SETTLE_SECONDS = 0.25


class MainScreen(ResourcesView):
    """Find a principal, see what it reaches, understand why not.

    | key | action |
    |---|---|
    | `/` | search principals (name, ARN, tags; fuzzy) |
    | `escape` | leave the search box |
    | `1` / `2` | principals view / resources view |
    | `tab` | next pane |
    | `e` | export the graph |
    | `c` | context assumptions (MFA, source IP, …) |
    | `x` | paste an AccessDenied message and explain it |
    | `y` / `s` | copy / save the fix |
    | `r` | reload |
    | `q` | quit |
    """

    BINDING_GROUP_TITLE = "Main screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        # First, so that the footer keeps it in sight however narrow the terminal is.
        Binding(
            "question_mark,f1", "app.help", "Help", tooltip="Every key, and what the glyphs mean"
        ),
        *ResourcesView.BINDINGS,
        Binding("slash", "search", "Search", tooltip="Search principals by name, ARN or tag"),
        Binding("escape", "leave_search", "Back", show=False, tooltip="Leave the search box"),
        Binding("1", "view('principals-view')", "Principals", tooltip="Principals → reach → why"),
        Binding("2", "view('resources-view')", "Resources", tooltip="Domains → who can"),
        Binding("e", "export", "Export", tooltip="Export the graph (GraphML, DOT, JSON, …)"),
        Binding("c", "context", "Context", tooltip="Assume MFA, source IP, VPC endpoint, time…"),
        Binding("x", "paste_error", "Paste error", tooltip="Explain a pasted AccessDenied message"),
        Binding("y", "copy_fix", "Copy fix", show=False, tooltip="Copy the fix's policy JSON"),
        Binding("s", "save_fix", "Save fix", show=False, tooltip="Save the fix's policy JSON"),
        Binding("r", "app.reload", "Reload", tooltip="Read the snapshot again"),
        Binding("q", "app.quit", "Quit", tooltip="Quit cax"),
    ]

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

    def __init__(self) -> None:
        super().__init__()
        self.access_graph: graph.AccessGraph | None = None
        self.principals: PrincipalList | None = None
        self.principal: str = ""
        self.resource: str = ""
        self.capability: str = "read"
        self.pending: Explained | None = None
        self._select_timer: Timer | None = None
        self._select_next = ""
        self._wanted: dict[str, Selection] = {}
        self._who_wanted = ""
        self.empty_hint: str | None = None
        """How to add CodeArtifact data, when the input holds no domain (IAM files only)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with ContentSwitcher(initial=PRINCIPALS, id="views"):
            with Horizontal(id=PRINCIPALS):
                with Vertical(id="principals-pane", classes="pane"):
                    yield Input(placeholder="/ search name, ARN, tag", id="search")
                    yield PrincipalTree(id="principals")
                with Vertical(id="right"):
                    with Vertical(id="reach-pane", classes="pane"):
                        yield ReachTable(id="reach")
                        yield Legend(id="legend")
                    yield WhyView(id="why")
            with Horizontal(id=RESOURCES):
                with Vertical(id="resources-pane", classes="pane"):
                    yield ResourceTree(id="resources")
                with Vertical(id="resources-right"):
                    with Vertical(id="who-pane", classes="pane"):
                        yield WhoCanTable(id="who")
                        yield Legend(id="who-legend")
                    yield WhyView(id="who-why")
                    yield PolicyView(id="policies")
        yield LoadingBar(id="loading")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#principals-pane").border_title = "principals"
        self.query_one("#reach-pane").border_title = "reach"
        self.query_one("#why", WhyView).border_title = "why"
        self.query_one("#resources-pane").border_title = "domains and repositories"
        self.query_one("#who-pane").border_title = "who can"
        self.query_one("#who-why", WhyView).border_title = "why"
        self.query_one("#policies", PolicyView).border_title = "policies"
        self.query_one("#principals-pane").loading = True
        self.query_one("#right").loading = True
        self.query_one("#why", WhyView).hint("Select a principal, then a cell of its reach.")
        self.query_one("#who-why", WhyView).hint("Select a repository, then a cell.")

    # --- loading ------------------------------------------------------------------------------

    def loading_stage(self, stage: str) -> None:
        """Show what the loader is doing."""
        self.query_one("#reach-pane").border_subtitle = f"{stage}…"
        self.query_one(LoadingBar).stage(stage)

    def build_progress(self, step: BuildStep) -> None:
        """Show how far the graph's build is."""
        self.query_one(LoadingBar).step(step)

    def show_snapshot(self, snapshot: graph.Snapshot) -> None:
        """List principals from the snapshot while reachability is computed."""
        if self.principals is not None:
            return  # a reload: keep the current list until the graph is ready
        labels = account_labels(snapshot)
        self._show_principals(PrincipalList.of(SearchIndex.of(snapshot), labels))
        self.query_one("#principals-pane").loading = False
        self.query_one(PrincipalTree).focus()

    def show_graph(self, access_graph: graph.AccessGraph) -> None:
        """The graph is ready (first load, reload or new context): re-evaluate every pane."""
        self.access_graph = access_graph
        labels = account_labels(access_graph.snapshot)
        principals = PrincipalList.of(SearchIndex.of(access_graph), labels)
        query = self.query_one("#search", Input).value
        self._show_principals(principals.matching(query) if query else principals)
        self.principals = principals
        self.query_one("#principals-pane").loading = False
        self.query_one("#right").loading = False
        self.query_one("#reach-pane").border_subtitle = ""
        self.query_one(LoadingBar).finish()
        for legend in self.query(Legend):
            legend.show()
        self.query_one(ResourceTree).show(resource_tree(access_graph))
        self.call_after_refresh(self._fit_panes)
        self.empty_hint = no_domains_hint(access_graph.snapshot)
        if self.empty_hint is not None:
            self.query_one("#resources-pane").border_subtitle = "0 domains in the input"
            self.query_one("#who-why", WhyView).hint(self.empty_hint)
        if self.principal:
            self._select_principal(self.principal)
        elif self.focused is None:
            self.query_one(PrincipalTree).focus()
        if self.resource and self.query_one("#views", ContentSwitcher).current == RESOURCES:
            self._who_can(self.resource)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit_panes)

    def _fit_panes(self) -> None:
        fit_pane(self.query_one("#principals-pane"), self.query_one(PrincipalTree))
        fit_pane(self.query_one("#resources-pane"), self.query_one(ResourceTree))

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

    def on_main_screen_searched(self, message: Searched) -> None:
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

    def on_main_screen_reach_ready(self, message: ReachReady) -> None:
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

    def on_main_screen_explanation(self, message: Explanation) -> None:
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

    # --- resources view -----------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        """Switch between the principals and resources views."""
        switcher = self.query_one("#views", ContentSwitcher)
        if switcher.current == view:
            return
        switcher.current = view
        if view == RESOURCES:
            self.query_one(ResourceTree).focus()
        else:
            self.query_one(PrincipalTree).focus()

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

    # --- dialogs ------------------------------------------------------------------------------

    def action_paste_error(self) -> None:
        self.app.push_screen(PasteErrorModal(), self._error_pasted)

    def _error_pasted(self, text: str | None) -> None:
        if text and self.access_graph is not None:
            self._explain_error(self.access_graph, text, self.principal or None)

    @work(thread=True, exclusive=True, group="why", exit_on_error=False, description="why")
    def _explain_error(
        self, access_graph: graph.AccessGraph, text: str, selected: str | None
    ) -> None:
        """Explain a pasted message; a package manager's line (a URL, no caller) is explained
        for the selected principal."""
        try:
            who = None if parse_error(text).principal else selected
            found = graph.explain_error(access_graph, text, who)
        except NeedsPrincipal as error:
            self.app.notify(str(error), title="Who was it?", severity="warning", markup=False)
            return
        except (NotAnAccessDenied, NotFound, KeyError) as error:
            self.app.notify(
                visible(str(error)), title="Cannot explain that", severity="error", markup=False
            )
            return
        said = [*found.notes, *(f"cax cannot see: {item}" for item in found.unseen)]
        if said:
            self.app.notify("\n".join(said), title="About that message", markup=False, timeout=15)
        explanation = found.explanation
        selection = Selection(explanation.principal, explanation.capability, explanation.resource)
        self.post_message(self.Explanation(Explained(selection, explanation, found), "pasted"))

    @on(Explanation)
    def _pasted_explanation(self, message: Explanation) -> None:
        if message.view != "pasted":
            return
        message.stop()
        explained = message.explained
        self.pending = explained
        self.resource = explained.selection.resource
        self.capability = capability_of(explained.selection.capability)
        self.jump_to_principal(explained.selection.principal)
