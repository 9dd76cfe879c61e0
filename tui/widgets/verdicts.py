"""Verdict glyphs and colours, taken from the app's theme so every theme works."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.widgets import Static

from graph.access import Reach, Verdict
from tui.vocabulary import ESCALATED, GLYPHS, NO_PATH, UPSTREAM

_WORDS = {
    Verdict.ALLOWED: "allowed",
    Verdict.CONDITIONAL: "conditional",
    Verdict.UNKNOWN: "unknown",
    Verdict.DENIED: "denied",
}
_VARIABLES = {
    Verdict.ALLOWED: "success",
    Verdict.CONDITIONAL: "warning",
    Verdict.UNKNOWN: "primary-lighten-2",
    Verdict.DENIED: "error",
}


class Palette:
    """Styles for verdicts under the app's current theme."""

    def __init__(self, app: App[object]) -> None:
        variables = app.get_css_variables()
        self.styles = {
            verdict: Style(color=variables.get(name, "default"), bold=True)
            for verdict, name in _VARIABLES.items()
        }
        self.accent = Style(color=variables.get("accent", "default"), bold=True)
        self.primary = Style(color=variables.get("primary-lighten-2", "default"))
        self.muted = Style(dim=True)
        self.styles_outside = Style(color=variables.get("warning", "default"), bold=True)
        """Principals from outside the organisation stand out."""
        self.escalation = Style(color="magenta", bold=True)
        """Access a principal could gain by an escalation step, not one it has: a hue no
        verdict uses (the theme's are taken by them), the terminal's own magenta."""

    def glyph(self, verdict: Verdict | None) -> Text:
        """`✔`, `◐`, `?`, `✘` in their colour, or a dim `·` for no path."""
        if verdict is None:
            return Text(NO_PATH, style=self.muted)
        return Text(GLYPHS[verdict], style=self.styles[verdict])

    def cell(self, reach: Reach | None) -> Text:
        """A table cell: the verdict's glyph, `↯` in the escalation colour when it could be
        gained by an escalation step, or `⇡` in the verdict's colour when the packages are
        served through an upstream repository."""
        if reach is not None and reach.chain.escalated:
            return Text(ESCALATED, style=self.escalation)
        if reach is not None and reach.via_upstream:
            return Text(UPSTREAM, style=self.styles[reach.verdict])
        return self.glyph(reach.verdict if reach is not None else None)

    def word(self, verdict: Verdict | None, upper: bool = False) -> Text:
        """`✔ allowed` and so on."""
        if verdict is None:
            return Text(f"{NO_PATH} no path", style=self.muted)
        word = _WORDS[verdict].upper() if upper else _WORDS[verdict]
        return Text(f"{GLYPHS[verdict]} {word}", style=self.styles[verdict])


def legend(palette: Palette, width: int | None = None, escalation: bool = False) -> Text:
    """One line explaining the glyphs; tighter spacing, then `· none`, when `width` is small;
    with `escalation`, `↯` (could gain it by an escalation step) too."""
    words = (
        ("  ", "no path", "through upstream", "could gain"),
        (" ", "no path", "upstream", "could gain"),
        (" ", "none", "up", "gain"),
    )
    for gap, no_path, upstream, gain in words:
        parts: list[Text | str] = []
        for verdict in Verdict:
            parts += [palette.word(verdict), gap]
        parts += [Text(f"{UPSTREAM} {upstream}", style=palette.primary), gap]
        if escalation:
            parts += [Text(f"{ESCALATED} {gain}", style=palette.escalation), gap]
        parts.append(Text(f"{NO_PATH} {no_path}", style=palette.muted))
        line = Text.assemble(*parts)
        if width is None or line.cell_len <= width:
            return line
    short = {Verdict.ALLOWED: "yes", Verdict.CONDITIONAL: "if", Verdict.UNKNOWN: "unknown"}
    parts = []
    for verdict in Verdict:
        word = short.get(verdict, "no")
        parts += [Text(f"{GLYPHS[verdict]} {word}", style=palette.styles[verdict]), " "]
    parts += [Text(f"{UPSTREAM} upstream", style=palette.primary), " "]
    if escalation:
        parts += [Text(f"{ESCALATED} gain", style=palette.escalation), " "]
    parts.append(Text(f"{NO_PATH} none", style=palette.muted))
    return Text.assemble(*parts)


class Legend(Static):
    """The glyph legend under the reach table, as wide as it can be without wrapping."""

    escalation = False
    """Explain `↯` too (the who-can pane shows who could gain by escalation)."""

    def show(self, escalation: bool | None = None) -> None:
        """Draw (or redraw) the legend for the current width."""
        if escalation is not None:
            self.escalation = escalation
        width = self.content_region.width or None
        self.update(legend(Palette(self.app), width, self.escalation))

    def on_resize(self) -> None:
        self.show()
