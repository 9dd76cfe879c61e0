"""Render the README screenshots from the demo: SVGs in screenshots/, PNG copies when possible.

Run with `make screenshots`. PNGs need `rsvg-convert` (Debian: librsvg2-bin, fonts-firacode).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from tui.app import CaxApp, make_app
from tui.diff_app import make_diff_app
from tui.widgets import ReachTable, WhoCanTable

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (120, 36)
NPM_INTERNAL = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"
MAVEN_RELEASES = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/maven-releases"
PRIYA = "arn:aws:iam::111111111111:user/platform/priya.raman"


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(6):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def mateo(pilot: Pilot[Any]) -> None:
    """mateojackson's failing pull from npm-internal, explained."""
    await settle(pilot)
    await pilot.press("slash", *"mateojackson", "enter", "enter")
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, CaxApp)
    table = app.main.query_one(ReachTable)
    assert table.matrix is not None
    row = next(i for i, r in enumerate(table.matrix.rows) if r.resource == NPM_INTERNAL)
    table.move_cursor(row=row, column=2, animate=False)
    await settle(pilot)


async def resources(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, CaxApp)
    app.main.jump_to_resource(NPM_INTERNAL)
    await settle(pilot)


async def outside(pilot: Pilot[Any]) -> None:
    """Who can reach npm-internal from outside its account (`o`)."""
    await resources(pilot)
    await pilot.press("o")
    await settle(pilot)


async def policies(pilot: Pilot[Any]) -> None:
    """mateojackson's why pane: `p` shows a deciding statement in its policy."""
    await mateo(pilot)
    app = pilot.app
    assert isinstance(app, CaxApp)
    app.main.query_one("#why").focus()
    await pilot.press("p")
    await settle(pilot)


def then_press(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await mateo(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


async def palette(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("ctrl+p", *"alice")
    await pilot.pause(0.5)
    await settle(pilot)


async def context(pilot: Pilot[Any]) -> None:
    await then_press("c")(pilot)
    pilot.app.screen.query_one("#ctx-ip", Input).value = "203.0.113.7"
    await pilot.pause()


async def context_apply(pilot: Pilot[Any]) -> None:
    """The context dialog scrolled to its focused Apply button (a small terminal)."""
    await context(pilot)
    pilot.app.screen.query_one("#ctx-apply").focus()
    await settle(pilot)


async def paste(pilot: Pilot[Any]) -> None:
    await then_press("x")(pilot)
    pilot.app.screen.query_one(TextArea).text = (
        "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: "
        "codeartifact:ReadFromRepository on resource: "
        f"{NPM_INTERNAL} because no identity-based policy allows the "
        "codeartifact:ReadFromRepository action"
    )
    await pilot.pause()


async def diff_lost(pilot: Pilot[Any]) -> None:
    """The demo pair compared (`cax tui --diff`): acme/maven-releases' lost chain."""
    await settle(pilot)
    await pilot.press("down")
    await settle(pilot)


DEMO = Path(__file__).resolve().parent.parent / "graph" / "demo"


async def could_gain(pilot: Pilot[Any]) -> None:
    """Who could gain access to maven-releases by escalation (`g`), priya.raman's publish."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, CaxApp)
    app.main.jump_to_resource(MAVEN_RELEASES)
    await settle(pilot)
    table = app.main.query_one(WhoCanTable)
    table.focus()
    await pilot.press("g")
    await settle(pilot)
    assert table.who is not None
    row = table.rows_shown.index(PRIYA)
    table.move_cursor(row=row, column=1 + table.who.capabilities.index("publish"), animate=False)
    await settle(pilot)


DIFF_SHOTS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "diff": diff_lost,
    "diff-narrow": settle,
}
"""Shots of the diff view on the demo pair (scripts/build_demo_changed.py)."""

SHOTS: dict[str, Callable[[Pilot[Any]], Awaitable[None]]] = {
    "main": mateo,
    "resources": resources,
    "help": then_press("question_mark"),
    "export": then_press("e"),
    "palette": palette,
    "context": context,
    "paste-error": paste,
    "save-fix": then_press("s"),
    "narrow": mateo,
    "who-can-narrow": resources,
    "who-can-outside-narrow": outside,
    "export-narrow": then_press("e"),
    "context-narrow": context_apply,
    "policies": policies,
    "what-if": then_press("w"),
    "could-gain": could_gain,
}
SIZES: dict[str, tuple[int, int]] = {
    "narrow": (80, 24),
    "who-can-narrow": (80, 24),
    "who-can-outside-narrow": (80, 24),
    "export-narrow": (80, 24),
    "context-narrow": (80, 24),
    "diff-narrow": (80, 24),
}
"""Shots at another terminal size than `SIZE`."""


async def render(name: str, steps: Callable[[Pilot[Any]], Awaitable[None]]) -> Path:
    app: App[None] = make_app(())
    if name in DIFF_SHOTS:
        app = make_diff_app((str(DEMO / "acme-org.json"),), (str(DEMO / "acme-org-changed.json"),))
    app.animation_level = "none"
    async with app.run_test(size=SIZES.get(name, SIZE)) as pilot:
        await steps(pilot)
        for widget in app.screen.query(Input):
            widget.cursor_blink = False
        path = OUT / f"{name}.svg"
        app.save_screenshot(str(path))
    return path


def to_png(svg: Path) -> Path | None:
    """A PNG next to the SVG; spaces are kept (rsvg collapses leading &#160; otherwise)."""
    converter = shutil.which("rsvg-convert")
    if converter is None:
        return None
    text = svg.read_text(encoding="utf-8").replace("<svg ", '<svg xml:space="preserve" ', 1)
    png = svg.with_suffix(".png")
    subprocess.run([converter, "-o", str(png)], input=text.encode(), check=True)
    return png


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for name, steps in {**SHOTS, **DIFF_SHOTS}.items():
        svg = asyncio.run(render(name, steps))
        png = to_png(svg)
        print(svg.relative_to(OUT.parent), "+ png" if png else "(no rsvg-convert: SVG only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
