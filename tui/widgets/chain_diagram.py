"""A chain as a small diagram: principal → group → role → repository, each hop with its verdict."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from graph.access import Chain, Hop
from graph.visible import visible
from tui.widgets.verdicts import Palette

_HOP_WORDS = {
    "member_of": "member of",
    "can_assume": "assumes",
    "upstream": "upstream",
    "external_connection": "external",
}


def hop_word(hop: Hop) -> str:
    """`member of`, `assumes`, the capability of an access hop, `upstream`…"""
    if hop.kind == "access":
        return visible(hop.label.split(" ", 1)[0])
    return _HOP_WORDS.get(hop.kind, visible(hop.kind))


class ChainDiagram(Widget):
    """Boxes joined by arrows when they fit the width, else a vertical list."""

    DEFAULT_CSS = """
    ChainDiagram { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels: tuple[str, ...] = ()
        self.hops: tuple[Hop, ...] = ()

    def show(self, chain: Chain, labels: tuple[str, ...]) -> None:
        """Display a chain; `labels` are its nodes' display labels, start first."""
        self.hops = chain.hops
        self.labels = labels
        self.refresh(layout=True)

    def clear(self) -> None:
        """Show nothing."""
        self.show(Chain(()), ())

    def _edges(self) -> list[str]:
        return [f" {hop_word(h)} " for h in self.hops]

    def _horizontal_width(self) -> int:
        boxes = sum(len(label) + 4 for label in self.labels)
        edges = sum(max(len(e) + 3, 6) for e in self._edges())
        return boxes + edges

    def _inline_width(self) -> int:
        return sum(len(label) for label in self.labels) + sum(len(e) + 5 for e in self._edges())

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self.labels:
            return 0
        if self._horizontal_width() <= width:
            return 3
        if self._inline_width() <= width:
            return 1
        return 2 * len(self.labels) - 1

    def render(self) -> Text:
        if not self.labels:
            return Text()
        palette = Palette(self.app)
        if self._horizontal_width() <= self.size.width:
            return self._render_horizontal(palette)
        if self._inline_width() <= self.size.width:
            return self._render_inline(palette)
        return self._render_vertical(palette)

    def _render_inline(self, palette: Palette) -> Text:
        line = Text()
        for i, label in enumerate(self.labels):
            line.append(label, style="bold")
            if i < len(self.hops):
                hop = self.hops[i]
                arrow = palette.styles[hop.verdict]
                line.append(" ─", style=arrow)
                line.append_text(palette.glyph(hop.verdict))
                line.append(f" {hop_word(hop)} ")
                line.append("─▶ ", style=arrow)
        return line

    def _render_horizontal(self, palette: Palette) -> Text:
        top, middle, bottom = Text(), Text(), Text()
        for i, label in enumerate(self.labels):
            inner = len(label) + 2
            style = "bold" if i in (0, len(self.labels) - 1) else ""
            top.append("╭" + "─" * inner + "╮", style="dim")
            middle.append("│ ", style="dim")
            middle.append(label, style=style)
            middle.append(" │" if i == len(self.labels) - 1 else " ├", style="dim")
            bottom.append("╰" + "─" * inner + "╯", style="dim")
            if i < len(self.hops):
                hop = self.hops[i]
                word = f" {hop_word(hop)} "
                width = max(len(word) + 3, 6)
                glyph = palette.glyph(hop.verdict)
                top.append(Text.assemble(glyph, word.ljust(width - 1)))
                arrow_style = palette.styles[hop.verdict]
                middle.append("─" * (width - 1) + "▶", style=arrow_style)
                bottom.append(" " * width)
        return Text("\n").join([top, middle, bottom])

    def _render_vertical(self, palette: Palette) -> Text:
        lines: list[Text] = []
        for i, label in enumerate(self.labels):
            corner = "╭ " if i == 0 else ("╰▶ " if i == len(self.labels) - 1 else "├▶ ")
            lines.append(Text.assemble((corner, "dim"), (label, "bold" if i == 0 else "")))
            if i < len(self.hops):
                hop = self.hops[i]
                lines.append(
                    Text.assemble(("│   ", "dim"), palette.glyph(hop.verdict), f" {hop_word(hop)}")
                )
        return Text("\n").join(lines)
