"""How the build grows with the organisation (issue #10): build + full reachability at about
1k, 3k and 12k principals (30k with `CAX_BENCH_SCALING_MAX=30000`) for both profiles, each size
in a fresh process, and the growth exponent k of time ≈ c · principals^k (least squares over
the sizes; k ≈ 1 is linear), beside the exponent of the answer itself (its edges) and the time
per edge: a build linear in what it finds keeps the time per edge flat while the answer grows;
and the exponent of the distinct policy evaluations, which should grow with principals + roles,
not with their product. The machine's load is printed beside every figure.

Two ways to grow: 10 accounts that get bigger, and accounts of 1,200 principals that get more
numerous. Within an account the answer itself is a product (every `role/*` holder may assume
every role that trusts the account root), so only the second shows whether the build is
linear in principals + roles where the answer is.
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

PER_ACCOUNT = 1_200
BY_ACCOUNTS = (1_200, 3_600, 12_000, 30_000)
"""The same, in accounts of `PER_ACCOUNT` principals."""


def _one(profile: Profile, principals: int, accounts: int, out: Connection) -> None:
    users = principals // 6
    snapshot = generate(
        accounts=accounts,
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
    """Print one row per profile, way of growing and size, then the exponents of each."""
    largest = int(os.environ.get("CAX_BENCH_SCALING_MAX", "12000"))
    context = multiprocessing.get_context("spawn")
    print(
        "| profile | principals | accounts | build + reachability | edges | µs per edge "
        "| evaluations | peak memory | load |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    fits: dict[str, list[tuple[int, float]]] = {}
    answers: dict[str, list[tuple[int, float]]] = {}
    evaluated: dict[str, list[tuple[int, float]]] = {}
    series = [
        (f"{profile}, 10 accounts", profile, [(n, 10) for n in SIZES if n <= largest])
        for profile in PROFILES
    ] + [
        (
            f"{profile}, accounts of {PER_ACCOUNT:,}",
            profile,
            [(n, n // PER_ACCOUNT) for n in BY_ACCOUNTS if n <= largest],
        )
        for profile in PROFILES
    ]
    measured: dict[tuple[str, int, int], tuple[float, int, int, float, str]] = {}
    for name, profile, sizes in series:
        for size, accounts in sizes:
            known = measured.get((profile, size, accounts))  # 12,000 in 10 accounts: both
            if known is None:
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_one, args=(profile, size, accounts, send))
                process.start()
                known = measured[profile, size, accounts] = receive.recv()
                process.join()
            seconds, edges, evaluations, peak, machine = known
            fits.setdefault(name, []).append((size, seconds))
            answers.setdefault(name, []).append((size, float(edges)))
            evaluated.setdefault(name, []).append((size, float(evaluations)))
            print(
                f"| {profile} | {size:,} | {accounts} | {seconds:.1f} s | {edges:,} | "
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
