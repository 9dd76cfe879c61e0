"""How the build grows with the organisation (issue #10): build + full reachability at about
1k, 3k and 12k principals (30k with `CAX_BENCH_SCALING_MAX=30000`) for both profiles, each size
in a fresh process, and the growth exponent k of time ≈ c · principals^k (least squares over
the sizes; k ≈ 1 is linear), beside the exponent of the answer itself (its edges) and the time
per edge: a build linear in what it finds keeps the time per edge flat while the answer grows;
and the exponent of the distinct policy evaluations, which should grow with principals + roles,
not with their product. The machine's load is printed beside every figure.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from multiprocessing.connection import Connection

import graph
from bench.bench_access import load, peak_mb
from graph.synthetic import PROFILES, Profile, generate

SIZES = (1_000, 3_000, 12_000, 30_000)
"""Principals: a sixth users, the rest roles, 10 accounts, repositories 1 per 24 principals."""


def _one(profile: Profile, principals: int, out: Connection) -> None:
    users = principals // 6
    snapshot = generate(
        accounts=10,
        users=users,
        roles=principals - users,
        groups=max(10, principals // 40),
        policies=max(40, principals // 10),
        repositories=max(20, principals // 24),
        profile=profile,
    )
    started = time.perf_counter()
    access = graph.AccessGraph.from_snapshot(snapshot)
    seconds = time.perf_counter() - started
    out.send((seconds, access.graph.number_of_edges(), access.evaluations, peak_mb(), load()))


def exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread if spread else 0.0


def main() -> None:
    """Print one row per profile and size, then the exponent per profile."""
    largest = int(os.environ.get("CAX_BENCH_SCALING_MAX", "12000"))
    context = multiprocessing.get_context("spawn")
    print(
        "| profile | principals | build + reachability | edges | µs per edge | evaluations "
        "| peak memory | load |"
    )
    print("|---|---|---|---|---|---|---|---|")
    fits: dict[str, list[tuple[int, float]]] = {}
    answers: dict[str, list[tuple[int, float]]] = {}
    evaluated: dict[str, list[tuple[int, float]]] = {}
    for profile in PROFILES:
        for size in (s for s in SIZES if s <= largest):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_one, args=(profile, size, send))
            process.start()
            seconds, edges, evaluations, peak, machine = receive.recv()
            process.join()
            fits.setdefault(profile, []).append((size, seconds))
            answers.setdefault(profile, []).append((size, float(edges)))
            evaluated.setdefault(profile, []).append((size, float(evaluations)))
            print(
                f"| {profile} | {size:,} | {seconds:.1f} s | {edges:,} | "
                f"{seconds * 1e6 / max(edges, 1):.1f} | {evaluations:,} | {peak:.0f} MB | "
                f"{machine} |",
                flush=True,
            )
    for name, points in fits.items():
        if len(points) > 1:
            print(
                f"{name}: time grows as principals^{exponent(points):.2f}, "
                f"the answer (edges) as principals^{exponent(answers[name]):.2f}, "
                f"the distinct evaluations as principals^{exponent(evaluated[name]):.2f}"
            )
