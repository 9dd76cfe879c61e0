"""The collector paused (`graph.pause`) while the access graph is built or walked.

`building` also freezes what it made: otherwise the next full collection walks the 6 million
objects of a 12,000-principal graph, a 6 s pause in whichever question comes next. `pausing`
only pauses: a walk's temporaries are freed by reference counting as it ends.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from graph.pause import paused

P = ParamSpec("P")
R = TypeVar("R")


def pausing(function: Callable[P, R]) -> Callable[P, R]:
    """`function` runs with cyclic collection paused (see `paused`)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return wrapper


def building(function: Callable[P, R]) -> Callable[P, R]:
    """`function` builds a graph or the part of one a question needs (what lives as long as
    the graph): collection paused, and what it made frozen after. Without the freeze, the
    first allocation after the pause would start a young collection over everything made
    during it (half a second for the skeleton of a 2,500-principal account)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused(freeze=True):
            return function(*args, **kwargs)

    return wrapper
