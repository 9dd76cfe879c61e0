"""Run every benchmark module (`bench/bench_*.py`) in name order; each prints its own figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import bench


def main() -> int:
    """Import each `bench_*` module and call its `main()`; a name filter may be given as argv."""
    wanted = sys.argv[1:]
    names = sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_")
    )
    for name in names:
        if wanted and not any(w in name for w in wanted):
            continue
        print(f"== {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    if not names:
        print("no benchmarks yet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
