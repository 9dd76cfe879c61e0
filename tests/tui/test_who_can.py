"""The who-can table in the resources view: its filter keys, and a via column that follows the
cell under the cursor."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from graph.access import Verdict
from graph.access.origins import Origin, WhoCanFilter
from tests.tui.conftest import settle
from tui.app import CaxApp
from tui.resources_state import WhoCanRow
from tui.widgets import WhoCanTable, WhyView, who_can_table

NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"


async def _who_can_table(pilot: Pilot[None], app: CaxApp, resource: str) -> WhoCanTable:
    """The resources view on `resource`, its who-can table focused once the answer is in."""
    await settle(pilot)
    app.main.jump_to_resource(resource)
    await settle(pilot)
    table = app.main.query_one(WhoCanTable)
    table.focus()
    return table


def _rows(table: WhoCanTable) -> list[WhoCanRow]:
    assert table.who is not None
    return [row for group in table.who.groups for row in group.rows]


async def test_the_via_column_follows_the_cursor_and_the_filter_keys_narrow_the_table(
    demo_app: CaxApp,
) -> None:
    """raj.patel reads through group/auditors but publishes through the MFA-conditional
    role/breakglass-admin: the via column never shows one chain for a row of different
    answers. Then `a`, `o`, `v`, `k`, which only the resources view has."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        main = demo_app.main
        await pilot.press("o")  # the principals view: the filter keys are not for it
        assert not main.who_filter.active
        main.jump_to_resource(NPM_INTERNAL)
        await settle(pilot)
        table = main.query_one(WhoCanTable)
        table.focus()
        everyone = len(_rows(table))

        raj = next(r for r in _rows(table) if r.label == "user/raj.patel")
        row = table.rows_shown.index(raj.principal)
        shown = {}
        for column, capability in enumerate(("read", "publish"), 1):
            table.move_cursor(row=row, column=column, animate=False)
            await pilot.pause()
            shown[capability] = table.get_row_at(row)[-1].plain
            assert str(table.columns["via"].label) == f"via · {capability}"  # type: ignore[index]
        assert shown == {"read": "group/auditors", "publish": "role/breakglass-admin"}
        assert raj.cells["publish"].verdict is Verdict.CONDITIONAL

        await pilot.press("a")  # one account (then the next, …, then every account again)
        accounts = {r.account for r in _rows(table)}
        assert len(accounts) == 1 and main.who_filter.account in accounts
        main.who_filter = WhoCanFilter()  # back to everyone without cycling through them all

        await pilot.press("o")
        rows = _rows(table)
        assert 0 < len(rows) < everyone
        assert all(r.origin in (Origin.ORGANISATION, Origin.EXTERNAL) for r in rows)
        assert main.query_one("#who-pane").border_subtitle == (
            f"outside this account · {len(rows)} of {everyone}"
        )

        await pilot.press("v")  # allowed only
        assert all(c.verdict is Verdict.ALLOWED for r in _rows(table) for c in r.cells.values())
        await pilot.press("v")  # conditional only
        conditional = {r.label for r in _rows(table)}
        assert {"user/jordan.blake", "anyone (*)"} <= conditional

        await pilot.press("k")  # one kind
        assert len({r.kind for r in _rows(table)}) == 1
        await settle(pilot)  # the why pane's last explanation, before the app goes


MAVEN_RELEASES = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/maven-releases"
PRIYA = "arn:aws:iam::111111111111:user/platform/priya.raman"


async def test_g_shows_who_could_gain_it_and_why(demo_app: CaxApp) -> None:
    """Off by default; `g` adds the principals that could gain a capability by an escalation
    step (`↯`) to the cells where that does better than now, and the why pane says how; `g`
    again takes them away. The table is busy while the answer is worked out."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        table = await _who_can_table(pilot, demo_app, MAVEN_RELEASES)
        main = demo_app.main
        assert not any(r.cells.get("publish") and r.principal == PRIYA for r in _rows(table))
        main.action_escalation()  # `g`; its answer comes back through the event loop
        assert table.loading  # the whole graph's escalation edges are being made
        await settle(pilot)
        assert not table.loading
        olivia = next(r for r in _rows(table) if r.principal.endswith("/olivia.chen"))
        assert olivia.cells["admin"].chain.escalated  # conditional now, allowed by escalation
        priya = next(r for r in _rows(table) if r.principal == PRIYA)
        assert priya.cells["publish"].chain.escalated
        assert priya.cells["read"].chain.escalated is False  # what she has now stays
        assert "↯ could gain" in str(main.query_one("#who-pane").border_title)
        row = table.rows_shown.index(PRIYA)
        column = 1 + table.who.capabilities.index("publish")  # type: ignore[union-attr]
        table.move_cursor(row=row, column=column, animate=False)
        await settle(pilot)
        why = main.query_one("#who-why", WhyView)
        assert why.explained is not None
        could = why.explained.explanation.could_gain
        assert could is not None
        assert "rewriting its repository policy" in could.hops[-1].label
        await pilot.press("g")
        await settle(pilot)
        assert not any(c.chain.escalated for r in _rows(table) for c in r.cells.values())


async def test_a_long_answer_comes_in_chunks_and_a_newer_one_stops_it(
    demo_app: CaxApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of rows would hold the keys for seconds: the first rows come at once, the
    others between frames, in order; a table filled anew drops the rest of the old answer."""
    monkeypatch.setattr(who_can_table, "_FIRST_ROWS", 4)
    monkeypatch.setattr(who_can_table, "_CHUNK", 3)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        table = await _who_can_table(pilot, demo_app, NPM_INTERNAL)
        who = table.who
        assert who is not None
        wanted = [p for g in who.groups for p in (None, *(r.principal for r in g.rows))]
        assert len(wanted) > 12
        table.show(who)
        assert table.rows_shown == wanted[:4] and table.filling
        assert table.row_count == 4
        for _ in range(len(wanted)):
            await pilot.pause()
            if not table.filling:
                break
        assert table.rows_shown == wanted and table.row_count == len(wanted)

        table.show(who)  # then at once a narrower answer: the old chunks stop
        narrower = who.filtered(WhoCanFilter(external=True))
        table.show(narrower)
        for _ in range(len(wanted)):
            await pilot.pause()
        expected = [p for g in narrower.groups for p in (None, *(r.principal for r in g.rows))]
        assert table.rows_shown == expected and not table.filling
