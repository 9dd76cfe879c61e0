"""Loading snapshots: a 2,600-principal account (and what strict JSON reading costs), and the
12,300-principal diverse organisation."""

from __future__ import annotations

import gc
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
    _large()


def _large() -> None:
    """The 12,300-principal diverse organisation: three loads, the median, the load beside each.

    Each run ends with the garbage collection the load put off (it pauses the collector).
    """
    snapshot = generate(
        profile="diverse", roles=10000, users=2000, groups=300, policies=1200, repositories=500
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.json"
        snapshot.save(path)
        del snapshot
        print(f"12,300 principals, {path.stat().st_size / 1e6:.0f} MB")
        graph.load_snapshot(path)
        wall, cpu = [], []
        for _ in range(3):
            gc.collect()
            started, used = time.perf_counter(), time.process_time()
            graph.load_snapshot(path)
            gc.collect(0)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
            print(f"  graph.load_snapshot {wall[-1]:5.2f} s, {cpu[-1]:5.2f} s CPU", end="")
            print(f"  (load average {os.getloadavg()[0]:.1f})")
        print(f"  median {statistics.median(wall):.2f} s, {statistics.median(cpu):.2f} s CPU")
