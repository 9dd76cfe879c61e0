"""Access-graph benchmarks (issues #4 and #10), each case in a fresh process of its own so that
its peak memory is its own; the machine's load is printed beside every figure.

- *real-shaped account*: the diverse profile at 500 users and 2,000 roles in one account, 22
  repositories, written to a snapshot file; load + build + who-can for every repository for
  `read` and for `codeartifact:ReadFromRepository` (goal < 5 s), one principal's `can`
  on a lazy graph, load included (goal < 1 s), and one repository's `who-can` on a lazy graph;
- *organisation*, stamped and diverse: 10 accounts, 10,000 roles, 2,000 users, 500
  repositories; build + full reachability (goal < 30 s), peak memory (goal < 2 GB), explain
  (goal < 50 ms) and one principal's `can` on a lazy graph, load included (goal < 3 s).

`CAX_BENCH_SCALE=0.2 make bench` runs smaller organisations; `CAX_BENCH_PROFILES=diverse`
runs one profile.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import graph
from graph.access import Capability
from graph.access.parallel import default_jobs, worth_it
from graph.synthetic import PROFILES, Profile, generate


def load() -> str:
    """The 1-minute load average, to read beside a figure (2 shared cores here)."""
    return f"load {os.getloadavg()[0]:.2f}"


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: `ru_maxrss` would count the parent's at
    the time it started this process)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scaled(value: int, scale: float, floor: int) -> int:
    return max(floor, int(value * scale))


Spread = tuple[float, float]
"""Median and worst seconds."""


def lazy_can(path: Path, principals: list[str], resource_arn: str) -> tuple[Spread, Spread]:
    """Seconds of load + lazy graph + one question, per principal: `cax can`'s (the best chain
    alone) and `cax explain`'s (with every other chain that works)."""
    found = []
    for alternatives in (False, True):
        times = []
        for principal in principals:
            started = time.perf_counter()
            snapshot = graph.load_snapshot(path)
            access = graph.AccessGraph.from_snapshot(snapshot, lazy=True)
            access.explain(principal, Capability.READ, resource_arn, alternatives=alternatives)
            times.append(time.perf_counter() - started)
        found.append((statistics.median(times), max(times)))
    return found[0], found[1]


def spreads(can: Spread, explain: Spread) -> str:
    """`lazy_can`'s figures, as printed."""
    return (
        f"median {can[0]:.2f} s, worst {can[1]:.2f} s; one `explain` (every chain that works): "
        f"median {explain[0]:.2f} s, worst {explain[1]:.2f} s"
    )


def real_shaped(scale: float) -> None:
    """One account shaped like real GAAD output: load, build, who-can on every repository."""
    snapshot = generate(
        accounts=1,
        users=_scaled(500, scale, 10),
        roles=_scaled(2_000, scale, 40),
        groups=_scaled(100, scale, 5),
        policies=_scaled(300, scale, 20),
        domains=2,
        repositories=22,
        profile="diverse",
    )
    principals = sum(1 for _ in snapshot.users()) + sum(1 for _ in snapshot.roles())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "account.json"
        snapshot.save(path)
        started = time.perf_counter()
        loaded = graph.load_snapshot(path)
        read = time.perf_counter()
        access = graph.AccessGraph.from_snapshot(loaded)
        built = time.perf_counter()
        answers = 0
        for repository in loaded.repositories():
            answers += len(access.who_can(repository.arn, "read"))
            answers += len(access.who_can(repository.arn, "codeartifact:ReadFromRepository"))
        done = time.perf_counter()
        print(
            f"real-shaped account, {principals} principals, 22 repositories: load "
            f"{read - started:.1f} s + build {built - read:.1f} s + who-can ×44 "
            f"{done - built:.1f} s = {done - started:.1f} s (goal < 5 s; {answers} answers; "
            f"{access.graph.number_of_edges()} edges; {load()})",
            flush=True,
        )
        users = [u.arn for u in loaded.users()][:5] + [r.arn for r in loaded.roles()][:5]
        repo = next(loaded.repositories()).arn
        can, explain = lazy_can(path, users, repo)
        print(
            f"  one `can` on a lazy graph, load included: {spreads(can, explain)}, over "
            f"{len(users)} principals (goal < 1 s; {load()})",
            flush=True,
        )
        started = time.perf_counter()
        lazy = graph.AccessGraph.from_snapshot(graph.load_snapshot(path), lazy=True)
        found = len(lazy.who_can(repo, "read"))
        seconds = time.perf_counter() - started
        print(
            f"  one `who-can read` on a lazy graph, load included: {seconds:.2f} s, {found} "
            f"answers (the whole graph is not built; {load()})",
            flush=True,
        )
        print(f"  peak memory: {peak_mb():.0f} MB", flush=True)
        _escalation(access, built - read)  # last: its edges weigh on nothing above


def organisation_snapshot(profile: Profile, scale: float) -> graph.Snapshot:
    """The 12k-principal organisation of one profile (10 accounts, 500 repositories), scaled."""
    return generate(
        roles=_scaled(10_000, scale, 50),
        users=_scaled(2_000, scale, 10),
        groups=_scaled(300, scale, 10),
        policies=_scaled(1_200, scale, 20),
        repositories=_scaled(500, scale, 20),
        profile=profile,
    )


def organisation(profile: Profile, scale: float) -> None:
    """The 12k-principal organisation of one profile: build + full reachability, explain."""
    started = time.perf_counter()
    snapshot = organisation_snapshot(profile, scale)
    generated = time.perf_counter() - started
    principals = sum(1 for _ in snapshot.users()) + sum(1 for _ in snapshot.roles())
    repositories = sum(1 for _ in snapshot.repositories())
    started = time.perf_counter()
    access = graph.AccessGraph.from_snapshot(snapshot)
    built = time.perf_counter() - started
    g = access.graph
    edges = g.number_of_edges()  # before the escalation edges are added
    print(
        f"{profile} organisation, {principals} principals, {repositories} repositories "
        f"(generated in {generated:.1f} s): build + full reachability {built:.1f} s "
        f"(goal < 30 s; {load()}); {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
        f"{access.evaluations} distinct evaluations for {principals * repositories * 2} "
        "principal × repository × read/publish questions",
        flush=True,
    )
    users = [u.arn for u in snapshot.users()][:20]
    repo = next(snapshot.repositories()).arn
    times = []
    for user in users:
        started = time.perf_counter()
        access.explain(user, Capability.READ, repo)
        times.append(time.perf_counter() - started)
    print(
        f"  explain: median {statistics.median(times) * 1000:.1f} ms, max "
        f"{max(times) * 1000:.1f} ms over {len(times)} principals (goal < 50 ms; {load()})",
        flush=True,
    )
    print(f"  peak memory: {peak_mb():.0f} MB (goal < 2048 MB)", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "org.json"
        snapshot.save(path)
        can, explain = lazy_can(path, users[:3], repo)
    print(
        f"  one `can` on a lazy graph, load included: {spreads(can, explain)} "
        f"(goal < 3 s; {load()})",
        flush=True,
    )
    jobs = default_jobs()
    if worth_it(snapshot, jobs):
        started = time.perf_counter()
        spread = graph.AccessGraph.from_snapshot(snapshot, jobs=jobs)
        seconds = time.perf_counter() - started
        same = spread.graph.number_of_edges() == edges
        print(
            f"  build + full reachability in {jobs} processes (--jobs): {seconds:.1f} s against "
            f"{built:.1f} s in one ({'same' if same else 'DIFFERENT'} edge count; {load()})",
            flush=True,
        )
    _escalation(access, built)  # last: its edges and memos weigh on nothing above


def _escalation(access: graph.AccessGraph, built: float) -> None:
    """Issue #14: the escalation edges against the build (goal < 50%), and one who-could on the
    repository the most escalation steps lead into (most repositories have none: the first
    one's answer would be empty)."""
    started = time.perf_counter()
    edges = access.add_escalation()
    seconds = time.perf_counter() - started
    print(
        f"  escalation edges (policy rewrites, widenings): {seconds:.1f} s, {edges} edges, "
        f"{seconds / built * 100:.0f}% of the build (goal < 50%; {load()})",
        flush=True,
    )
    g = access.graph
    steps = {
        node: sum(key.startswith("escalate:") for *_, key in g.in_edges(node, keys=True))
        for node, kind in g.nodes(data="kind")
        if kind == "repository"
    }
    repo = max(sorted(steps), key=steps.__getitem__)
    started = time.perf_counter()
    found = len(access.who_can(repo, "publish", escalation=True))
    print(
        f"  who could gain publish on {g.nodes[repo]['label']} ({steps[repo]} escalation edges "
        f"into it; take-overs made as the walk needs them): "
        f"{time.perf_counter() - started:.2f} s, {found} answers ({load()})",
        flush=True,
    )


def isolated(case: Callable[..., None], *args: object) -> None:
    """Run one case in a fresh process (its own peak memory)."""
    process = multiprocessing.get_context("spawn").Process(target=case, args=args)
    process.start()
    process.join()


def main() -> None:
    """Print the figures."""
    scale = float(os.environ.get("CAX_BENCH_SCALE", "1"))
    wanted = os.environ.get("CAX_BENCH_PROFILES", ",".join(PROFILES)).split(",")
    isolated(real_shaped, scale)
    for profile in PROFILES:
        if profile in wanted:
            isolated(organisation, profile, scale)
