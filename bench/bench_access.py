"""Access-graph benchmark (issue #4): build plus full reachability, one explain, peak memory.

Runs on the synthetic organisation of the issue: 10 accounts, 10,000 roles, 2,000 users,
300 groups, 1,000 managed policies, 20 domains, 500 repositories. Goals: full reachability
under 60 s on one core, one explain under 50 ms, peak memory under 2 GB.
`CAX_BENCH_SCALE=0.2 make bench` runs a smaller organisation.
"""

from __future__ import annotations

import os
import resource
import statistics
import time

import graph
from graph.access import Capability
from graph.synthetic import generate


def _scaled(value: int, scale: float, floor: int) -> int:
    return max(floor, int(value * scale))


def main() -> None:
    """Print the figures."""
    scale = float(os.environ.get("CAX_BENCH_SCALE", "1"))
    started = time.perf_counter()
    snapshot = generate(
        roles=_scaled(10_000, scale, 50),
        users=_scaled(2_000, scale, 10),
        groups=_scaled(300, scale, 10),
        policies=_scaled(1_000, scale, 20),
        repositories=_scaled(500, scale, 20),
    )
    generated = time.perf_counter() - started
    principals = sum(1 for _ in snapshot.users()) + sum(1 for _ in snapshot.roles())
    repositories = sum(1 for _ in snapshot.repositories())
    print(
        f"organisation: {principals} principals, {repositories} repositories "
        f"(generated in {generated:.1f} s)"
    )
    started = time.perf_counter()
    access = graph.AccessGraph.from_snapshot(snapshot)
    built = time.perf_counter() - started
    g = access.graph
    naive = principals * repositories * 2
    print(
        f"build + full reachability: {built:.1f} s (goal < 60 s); "
        f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
    )
    print(
        f"evaluations: {access.evaluations} distinct, for {naive} principal × repository × "
        "read/publish questions"
    )
    users = [u.arn for u in snapshot.users()][:20]
    repo = next(snapshot.repositories()).arn
    times = []
    for user in users:
        started = time.perf_counter()
        access.explain(user, Capability.READ, repo)
        times.append(time.perf_counter() - started)
    print(
        f"explain: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {len(times)} principals (goal < 50 ms)"
    )
    started = time.perf_counter()
    reaches = access.reachable(users[0])
    print(
        f"reachable(one user): {(time.perf_counter() - started) * 1000:.1f} ms, {len(reaches)} rows"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB (goal < 2048 MB)")
