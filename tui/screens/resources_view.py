"""The main screen's resources view: domains → who can, with filters (outside this account, an
account, a verdict, a kind) and the why pane of the chosen cell.

A base class of `MainScreen`, apart so that each file holds one idea.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import ContentSwitcher, DataTable, Tree
from textual.worker import Worker, WorkerState, get_current_worker

import graph
from graph.access.origins import WhoCanFilter
from tui.policies_state import resource_policies
from tui.reach_state import explain_target
from tui.resources_state import WhoCan
from tui.screens.main_dialogs import RESOURCES, MainDialogs
from tui.vocabulary import ESCALATED
from tui.why_state import Selection
from tui.widgets import PolicyView, ResourceTree, WhoCanTable, WhyView
from tui.widgets.verdicts import Legend


class ResourcesView(MainDialogs):
    """Who can reach the selected domain or repository, filtered by the keys below.

    | key | filter |
    |---|---|
    | `o` | only principals outside this account (other accounts, anyone, federated) |
    | `a` | one account after another, then every account |
    | `v` | one verdict after another (allowed, conditional, unknown), then all |
    | `k` | one kind after another (user, role, …), then all |
    | `p` | the domain and repository policies instead of the why pane, and back |
    | `g` | also who could gain a capability by an escalation step (`↯`), and back |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "o", "who_filter('outside')", "Outside", tooltip="Only principals outside this account"
        ),
        Binding("a", "who_filter('account')", "Account", tooltip="Only one account (cycles)"),
        Binding("v", "who_filter('verdict')", "Verdict", tooltip="Only one verdict (cycles)"),
        Binding("k", "who_filter('kind')", "Kind", tooltip="Only one kind of principal (cycles)"),
        Binding("p", "policies", "Policies", tooltip="The domain and repository policies"),
        Binding(
            "g",
            "escalation",
            "Could gain",
            tooltip="Also who could gain it by an escalation step (↯), and back",
        ),
    ]

    @dataclass
    class WhoCanReady(Message):
        """Who reaches a resource is computed."""

        who: WhoCan

    who_filter: WhoCanFilter = WhoCanFilter()
    escalation: bool = False
    """The who-can pane also shows who could gain a capability by an escalation step."""
    policy_mark: tuple[str, int] | None = None
    """The policy statement the why pane jumped to (policy ARN, index)."""
    capability: str
    _who_wanted: str

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The filter keys belong to the resources view: hidden in the principals view."""
        if action in ("who_filter", "policies", "escalation"):
            return self.query_one("#views", ContentSwitcher).current == RESOURCES
        return True

    def action_view(self, view: str) -> None:
        """Switch between the principals and resources views (`MainScreen`)."""
        raise NotImplementedError

    def jump_to_principal(self, principal: str) -> None:
        """Open a principal in the principals view (`MainScreen`)."""
        raise NotImplementedError

    def _request_explanation(self, selection: Selection, view: str) -> None:
        raise NotImplementedError

    def action_who_filter(self, which: str) -> None:
        """Change one filter of the who-can table; the answer is re-grouped, not recomputed."""
        table = self.query_one(WhoCanTable)
        chosen = self.who_filter
        who = table.who
        if which == "outside":
            chosen = chosen.toggled_external()
        elif which == "verdict":
            chosen = chosen.cycled_verdict()
        elif which == "kind":
            chosen = chosen.cycled_kind(who.kinds if who else ())
        elif which == "account":
            accounts = ["", *(who.accounts if who else ())]
            at = accounts.index(chosen.account) if chosen.account in accounts else 0
            chosen = WhoCanFilter(
                chosen.external, accounts[(at + 1) % len(accounts)], chosen.verdicts, chosen.kinds
            )
        self.who_filter = chosen
        if who is not None:
            self._show_who(who.filtered(chosen))

    def action_escalation(self) -> None:
        """Show who could gain a capability by an escalation step too, or stop showing them
        (computed again: it needs the whole graph's escalation edges)."""
        self.escalation = not self.escalation
        wanted = getattr(self, "_who_wanted", "")
        if wanted:
            # the first time, the whole graph's escalation edges are made: seconds at 12k
            self.query_one(WhoCanTable).loading = self.access_graph is not None
            self._who_can(wanted)

    def _show_who(self, who: WhoCan) -> None:
        pane = self.query_one("#who-pane")
        pane.border_title = f"who can · {who.label}"
        if who.escalation:
            pane.border_title += f" · {ESCALATED} could gain"
        self.query_one("#who-legend", Legend).show(who.escalation)
        total = len(who.everyone)
        shown = f"{who.count} of {total}" if who.filter.active else str(total)
        described = who.filter.describe()
        pane.border_subtitle = f"{described} · {shown}" if described else shown
        self.query_one(WhoCanTable).show(who)
        if not who.groups:
            text = "Nobody matches the filter." if who.filter.active else "Nobody reaches this."
            self.query_one("#who-why", WhyView).hint(text)

    @on(Tree.NodeHighlighted, "#resources")
    def _resource_highlighted(self, event: Tree.NodeHighlighted[object]) -> None:
        if isinstance(event.node.data, str):
            self._who_can(event.node.data)

    def action_policies(self) -> None:
        """Show the policies of the selected resource instead of the why pane, or back."""
        right = self.query_one("#resources-right")
        right.set_class(not right.has_class("-policies"), "-policies")
        if right.has_class("-policies"):
            self._show_policies(self._who_wanted)

    def _show_policies(self, resource: str) -> None:
        if self.access_graph is None or not resource:
            return
        policies = resource_policies(self.access_graph, resource)
        mark = self.policy_mark
        found = mark is not None and policies.find(*mark) is not None
        self.query_one("#policies", PolicyView).show(policies, mark if found else None)

    @on(WhyView.PolicyJump)
    def _policy_jump(self, event: WhyView.PolicyJump) -> None:
        """A deciding statement's place in its policy: the resources view, policies shown."""
        self.policy_mark = (event.arn, event.index)
        resource = event.arn
        if self.access_graph is not None and self.resource:
            # The repository asked about shows its domain's policy too: stay on it.
            held = resource_policies(self.access_graph, self.resource).find(event.arn, event.index)
            resource = self.resource if held else event.arn
        self.query_one("#resources-right").add_class("-policies")
        self.jump_to_resource(resource)
        self.query_one("#policies", PolicyView).focus()

    def _who_can(self, resource: str) -> None:
        self._who_wanted = resource
        if self.query_one("#resources-right").has_class("-policies"):
            self._show_policies(resource)
        if self.access_graph is not None:
            self._compute_who_can(self.access_graph, resource, self.who_filter, self.escalation)

    @work(thread=True, exclusive=True, group="who", exit_on_error=False, description="who")
    def _compute_who_can(
        self,
        access_graph: graph.AccessGraph,
        resource: str,
        chosen: WhoCanFilter,
        escalation: bool,
    ) -> None:
        worker = get_current_worker()
        stopped = lambda: worker.is_cancelled  # noqa: E731 - a newer answer is wanted
        who = WhoCan.of(access_graph, resource, chosen, escalation=escalation, stopped=stopped)
        if who is not None:
            self.post_message(self.WhoCanReady(who))

    @on(Worker.StateChanged)
    def _who_stopped(self, event: Worker.StateChanged) -> None:
        """A who-can worker that fails leaves no busy table behind (the app says what failed;
        one cancelled for a newer one leaves it to that one's answer)."""
        if event.worker.group == "who" and event.state is WorkerState.ERROR:
            self.query_one(WhoCanTable).loading = False

    def on_resources_view_who_can_ready(self, message: WhoCanReady) -> None:
        if message.who.resource != self._who_wanted or message.who.escalation != self.escalation:
            return  # the cursor moved on or `g` was pressed; the newer answer is on the way
        self.query_one(WhoCanTable).loading = False
        who = message.who
        if who.filter != self.who_filter:
            who = who.filtered(self.who_filter)
        self._show_who(who)

    @on(WhoCanTable.CellChosen)
    def _who_cell_chosen(self, event: WhoCanTable.CellChosen) -> None:
        table = self.query_one(WhoCanTable)
        if table.who is None or self.access_graph is None:
            return
        row = next(
            (r for g in table.who.groups for r in g.rows if r.principal == event.principal), None
        )
        reach = row.cells.get(event.capability) if row else None
        resource = table.who.resource
        selection = Selection(
            event.principal,
            event.capability,
            explain_target(reach, resource),
            cell_resource=resource,
            escalation=reach is not None and reach.chain.escalated,
        )
        self._request_explanation(selection, "who-why")

    @on(DataTable.CellSelected, "#who")
    def _who_cell_entered(self, event: DataTable.CellSelected) -> None:
        """Enter on a who-can cell: open that principal in the principals view."""
        table = self.query_one(WhoCanTable)
        row = event.coordinate.row
        rows = table.rows_shown
        if table.who is None or row >= len(rows) or rows[row] is None:
            return
        column = event.coordinate.column
        if 1 <= column <= len(table.who.capabilities):
            self.capability = table.who.capabilities[column - 1]
        self.resource = table.who.resource
        principal = rows[row]
        assert principal is not None
        self.jump_to_principal(principal)

    def jump_to_resource(self, resource: str) -> None:
        """Show a domain or repository in the resources view."""
        self.action_view(RESOURCES)
        self.resource = resource
        self.query_one(ResourceTree).go_to(resource)
        self._who_can(resource)
