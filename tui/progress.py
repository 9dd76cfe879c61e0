"""How far the access-graph build is, in words, the time it has left, and the throttle on the
building thread's reports.

Nothing here imports Textual: the loading bar displays a `BuildStep`, the app's worker asks a
`Throttle` before it posts one and a `TimeLeft` what to say about the time left.
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
    left: float | None = None
    """Seconds the stage has left at its pace so far; None while too early to tell."""

    @property
    def time_left(self) -> str:
        """`0:01:05 left` (hours, minutes, seconds, as the command line's bar says it), or
        `-:--:-- left` while too early to tell."""
        if self.left is None:
            return "-:--:-- left"
        minutes, seconds = divmod(round(self.left), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02}:{seconds:02} left"

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


class TimeLeft:
    """The time a stage has left at the pace it has kept since its first report.

    Too early to tell (None) for its first `settle` seconds, while the pace is still noise.
    """

    def __init__(self, settle: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.settle = settle
        self._clock = clock
        self._start: dict[str, tuple[float, int]] = {}

    def __call__(self, stage: str, done: int, total: int) -> float | None:
        """Seconds left in `stage` once `done` of `total` items are; the first call of each
        stage starts its clock."""
        now = self._clock()
        began, done_then = self._start.setdefault(stage, (now, done))
        elapsed, progressed = now - began, done - done_then
        if elapsed < self.settle or progressed <= 0:
            return None
        return max(0.0, (total - done) * elapsed / progressed)
