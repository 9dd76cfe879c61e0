"""The why pane asks a publish about one package, as `cax can … --package` does."""

from __future__ import annotations

from textual.widgets import Input, Static

from graph.access import Verdict
from tests.tui.conftest import settle
from tui.app import CaxApp
from tui.widgets import ReachTable, WhyView

BRUNO = "arn:aws:iam::123456789012:user/engineering/bruno.silva"
NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"


async def test_publish_is_explained_for_the_package_typed(demo_app: CaxApp) -> None:
    """bruno may publish only `npm/data/*` (a Resource with `${aws:PrincipalTag/team}`): a
    policy variable is replaced by the principal's tag before the Resource is matched
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html), and
    PublishPackageVersion is authorised on the package's ARN
    (https://docs.aws.amazon.com/codeartifact/latest/ug/auth-and-access-control-permissions-reference.html).
    Any package: conditional; npm/data/etl: allowed; npm/web/ui: denied."""
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        demo_app.main.jump_to_principal(BRUNO)
        await settle(pilot)
        table = demo_app.main.query_one(ReachTable)
        table.post_message(ReachTable.CellChosen(table, NPM_INTERNAL, "publish"))
        await settle(pilot)
        why = demo_app.main.query_one("#why", WhyView)
        field = why.query_one("#why-package", Input)
        assert why.explained is not None and why.explained.selection.package == "*"
        assert why.explained.explanation.verdict is Verdict.CONDITIONAL
        assert field.display
        for package, verdict in (("npm/data/etl", Verdict.ALLOWED), ("npm/web/ui", Verdict.DENIED)):
            field.focus()
            field.value = package
            await pilot.press("enter")
            await settle(pilot)
            assert why.explained.selection.package == package
            assert why.explained.explanation.verdict is verdict
            title = why.query_one("#why-title", Static).content
            assert f"package {package}" in str(title)
        field.focus()
        field.value = ""
        await pilot.press(*"npm", "slash", *"qa", "slash", "y", "s", "enter")  # keys type, not act
        await settle(pilot)
        assert why.explained.selection.package == "npm/qa/ys"
        assert why.explained.explanation.verdict is Verdict.DENIED
        field.value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert why.explained.selection.package == "*"
        table.post_message(ReachTable.CellChosen(table, NPM_INTERNAL, "read"))
        await settle(pilot)
        assert not field.display  # only publish acts on a package
