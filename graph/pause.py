"""Python's cyclic garbage collector paused while large, lasting structures are made.

Loading a snapshot and building its access graph allocate millions of small objects (parsed
JSON, the model, attribute dicts, results) that live as long as the snapshot or graph and hold
no reference cycles. Allocation triggers a collection every few hundred objects, each walking a
heap that only grows: about a third of a load and 40% of a build went there, finding nothing.
Reference counting frees everything as usual; only the cycle search waits.

With `freeze`, what the block made is moved out of the collector's sight when it ends
(`gc.freeze`); otherwise the first allocation after the pause starts a young collection over
all of it (half a second for a 2,500-principal account's skeleton). Frozen objects are still
freed when nothing refers to them; only a reference cycle among them would live on, and none is
made by design.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block (nothing changes if it was already off); with
    `freeze`, everything alive is moved to the permanent generation when the block ends
    without an error."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    done = False
    try:
        yield
        done = True
    finally:
        if freeze and done:
            gc.freeze()
        gc.enable()
