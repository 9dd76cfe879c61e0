"""Python's cyclic garbage collector paused while the access graph is built or walked.

A build allocates millions of small objects (attribute dicts, tuples, results) that live as long
as the graph and hold no reference cycles to collect. Each full collection walks every one of
them, and allocation triggers one every few hundred thousand objects: on the diverse
2,600-principal account the collector took about 40% of build and who-can time for nothing.
Reference counting frees everything as usual; only the cycle search waits until the work ends.
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
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (unless it was already off, then nothing
    changes); collection resumes where it was when the block ends."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def pausing(function: Callable[P, R]) -> Callable[P, R]:
    """`function` runs with cyclic collection paused (see `paused`)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return wrapper
