"""The main screen: principals → reach → why, and the resources view (domains → who can)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Footer, Header, Input

import graph
from graph.access import NotAnAccessDenied, NotFound
from graph.access.awserror import NeedsPrincipal, parse_error
from graph.search import SearchIndex
from graph.sources.hints import no_domains_hint
from graph.visible import visible
from tui.principals_state import PrincipalList, account_labels
from tui.progress import BuildStep
from tui.resources_state import resource_tree
from tui.screens.main_dialogs import RESOURCES
from tui.screens.paste_error import PasteErrorModal
from tui.screens.principals_view import PRINCIPALS, PrincipalsView
from tui.screens.resources_view import ResourcesView
from tui.vocabulary import capability_of
from tui.why_state import Explained, Selection
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


class MainScreen(PrincipalsView):
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
    | `w` | what-if: the fix (or, policies shown, the policy edited) on a copy: who gains, loses |
    | `W` | what-if: edit a policy the principal rests on (inline, managed, trust, SCP, RCP) |
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
        Binding(
            "w", "what_if", "What-if", show=False, tooltip="Try the fix on a copy: who gains, loses"
        ),
        Binding(
            "W",
            "edit_policy",
            "Edit policy",
            show=False,
            tooltip="What-if: edit its policies, SCPs or RCPs",
        ),
        Binding("r", "app.reload", "Reload", tooltip="Read the snapshot again"),
        Binding("q", "app.quit", "Quit", tooltip="Quit cax"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.access_graph: graph.AccessGraph | None = None
        self.principal: str = ""
        self.resource: str = ""
        self.capability: str = "read"
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
        # the why pane shows the notes on the message and what cax cannot see
        explanation = found.explanation
        selection = Selection(explanation.principal, explanation.capability, explanation.resource)
        self.post_message(self.Explanation(Explained(selection, explanation, found), "pasted"))

    @on(PrincipalsView.Explanation)
    def _pasted_explanation(self, message: PrincipalsView.Explanation) -> None:
        if message.view != "pasted":
            return
        message.stop()
        explained = message.explained
        self.pending = explained
        self.resource = explained.selection.resource
        self.capability = capability_of(explained.selection.capability)
        self.jump_to_principal(explained.selection.principal)
