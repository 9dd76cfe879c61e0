"""The policies pane: the state computed without Textual, and the jump from the why pane."""

from __future__ import annotations

import json
from typing import Any

import graph
from tests.tui.conftest import open_mateo_npm_read, quiet, settle
from tui.app import make_app
from tui.policies_state import resource_policies, statement_lines
from tui.widgets import PolicyView

NPM = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
ACME = "arn:aws:codeartifact:us-east-1:111111111111:domain/acme"


def test_statement_lines_of_a_list_and_of_a_single_statement() -> None:
    listed = json.dumps({"Version": "1", "Statement": [{"Sid": "A"}, {"Sid": "B"}]}, indent=2)
    first, second = statement_lines(listed)
    assert '"A"' in "\n".join(listed.splitlines()[first[0] : first[1] + 1])
    assert '"B"' in listed.splitlines()[second[0] + 1]
    single = json.dumps({"Statement": {"Sid": "A"}}, indent=2)
    assert statement_lines(single) == ((1, 3),)


def test_repository_shows_domain_then_repository_policy() -> None:
    ag = graph.AccessGraph.from_snapshot(graph.demo_snapshot())
    policies = resource_policies(ag, NPM)
    assert [p.arn for p in policies.policies] == [ACME, NPM]
    assert "GlobexReadOnly" in policies.policies[1].text
    found = policies.find(ACME, 0)
    assert found is not None and found[0] == 0


async def test_p_in_why_pane_opens_the_statement_in_its_policy() -> None:
    app: Any = quiet(make_app(()))
    async with app.run_test(size=(120, 36)) as pilot:
        await open_mateo_npm_read(pilot)
        app.main.query_one("#why").focus()
        await pilot.press("p")
        await settle(pilot)
        view = app.main.query_one(PolicyView)
        assert view.display and view.policies is not None
        assert view.policies.resource == NPM  # the repository asked about, its domain's policy
        assert view.marked is not None and view.marked[0] in (ACME, NPM)
