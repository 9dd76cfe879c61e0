"""How far the access-graph build is, in words, and the throttle on the building thread's reports.

Nothing here imports Textual: the loading bar displays a `BuildStep`, the app's worker asks a
`Throttle` before it posts one.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

STAGES: Final = {
    "trust": ("evaluating trust policies", "roles"),
    "access": ("evaluating access", "principals"),
}
"""What the build does in each stage it reports, and what it counts; others show by name."""


@dataclass(frozen=True)
class BuildStep:
    """One progress report of the build: `done` of `total` items of `stage`."""

    stage: str
    done: int
    total: int

    @property
    def words(self) -> str:
        """E.g. `evaluating trust policies: 1,200 of 2,000 roles`, or `foreign: 64 of 300`."""
        doing, items = STAGES.get(self.stage, (self.stage.replace("_", " "), ""))
        counts = f"{self.done:,} of {self.total:,}"
        return f"{doing}: {counts} {items}" if items else f"{doing}: {counts}"


class Throttle:
    """Lets through the first report of each stage, then at most one per `interval` seconds.

    The build reports every few dozen items, thousands of times on a large organisation;
    the screen needs ten a second, and each message costs the UI thread a repaint.
    """

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._seen: set[str] = set()
        self._last = float("-inf")

    def due(self, stage: str) -> bool:
        """Whether a report of `stage` now should be passed on (and counted as passed)."""
        now = self._clock()
        if stage in self._seen and now - self._last < self.interval:
            return False
        self._seen.add(stage)
        self._last = now
        return True
