"""`cax tui --live`: the app collects from AWS (moto and the CodeArtifact fake) in its worker."""

from __future__ import annotations

import pytest

from tests.collect.conftest import REGION, Org
from tests.collect.fake_codeartifact import FakeCodeArtifact
from tui.app import make_app
from tui.screens import ErrorScreen


async def test_live_app_collects_and_explains(estate: FakeCodeArtifact, org: Org) -> None:
    app = make_app(live=True, region=REGION)
    app.animation_level = "none"
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ErrorScreen)
        assert app.access_graph is not None
        alice = f"arn:aws:iam::{org.management}:user/alice"
        repo = f"arn:aws:codeartifact:{REGION}:{org.management}:repository/acme/npm-internal"
        readers = {
            r.principal for r in app.access_graph.who_can(repo, "codeartifact:ReadFromRepository")
        }
        assert alice in readers


async def test_live_app_without_credentials_shows_the_error(
    estate: FakeCodeArtifact, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    app = make_app(live=True, region=REGION)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ErrorScreen)
        assert "credentials" in app.screen.error.lower()
