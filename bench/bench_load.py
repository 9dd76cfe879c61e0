"""Loading a 2,600-principal snapshot: `graph.load_snapshot`, and what strict JSON reading costs."""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import graph
from graph.sources.jsontext import parse
from graph.sources.reader import Where
from graph.synthetic import generate


def _times(work: Callable[[], object], runs: int = 11) -> tuple[float, float]:
    """(median wall, least CPU) in ms: CPU time shifts less when the machine is busy."""
    wall, cpu = [], []
    for _ in range(runs):
        started, used = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(wall) * 1000, min(cpu) * 1000


def main() -> None:
    """Print the figures with the machine's load average."""
    snapshot = generate(
        accounts=1,
        users=500,
        roles=2000,
        groups=100,
        policies=300,
        domains=2,
        repositories=22,
        profile="diverse",
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "diverse.json"
        snapshot.save(path)
        text = path.read_text()
        graph.load_snapshot(path)
        print(f"load average {os.getloadavg()[0]:.1f}; {len(text) / 1e6:.1f} MB")
        for name, work in (
            ("graph.load_snapshot", lambda: graph.load_snapshot(path)),
            ("json.loads (no checks)", lambda: json.loads(text)),
            ("jsontext.parse (limits, duplicate keys)", lambda: parse(text, Where(str(path)))),
        ):
            wall, cpu = _times(work)
            print(f"  {name:42} {wall:6.0f} ms median, {cpu:6.0f} ms CPU (least)")
        print(f"load average {os.getloadavg()[0]:.1f}")
