"""Python's cyclic garbage collector paused while the access graph is built or walked.

A build allocates millions of small objects (attribute dicts, tuples, results) that live as long
as the graph and hold no reference cycles to collect. Each full collection walks every one of
them, and allocation triggers one every few hundred thousand objects: on the diverse
2,600-principal account the collector took about 40% of build and who-can time for nothing.
Reference counting frees everything as usual; only the cycle search waits until the work ends.

A whole build then moves what it made out of the collector's sight (`gc.freeze`): otherwise the
next full collection walks the 6 million objects of a 12,000-principal graph, a 6 s pause in
whichever question comes next. Frozen objects are still freed when nothing refers to them; only
a reference cycle among them would outlive the graph, and the graph holds none by design.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block (unless it was already off, then nothing
    changes); collection resumes where it was when the block ends, after moving every object
    alive into the permanent generation when `freeze` (a whole graph was built)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        gc.enable()


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
