"""Left panes sized to their tree's widest line, within limits, on wide terminals."""

from __future__ import annotations

from typing import Any, Final

from textual.widget import Widget
from textual.widgets import Tree

NARROW: Final = 100
"""Below this many columns the stylesheet's narrow width applies (`Screen.-narrow`)."""
LEAST: Final = 36
"""The stylesheet's width: a pane never gets narrower than this on a wide terminal."""


def fit_pane(pane: Widget, tree: Tree[Any]) -> None:
    """Give `pane` the width its tree needs (borders and scrollbar included): never less than
    `LEAST`, and at most half the columns beyond 120 more, so that the tables on the right keep
    theirs; below `NARROW` columns leave the width to the stylesheet."""
    screen = pane.app.size.width
    if screen < NARROW:
        pane.styles.width = None
        return
    wanted = tree.virtual_size.width + 3
    pane.styles.width = max(LEAST, min(wanted, LEAST + max(0, screen - 120) // 2))
