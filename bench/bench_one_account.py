"""One account of 12,000 principals (2,000 users, 10,000 roles) shaped like real
`get-account-authorization-details` output: the case issue #10 names, where the build had not
finished after 18 minutes with 15 GB resident. In one account every `role/*` holder may assume
every role that trusts the account root, so the answer is millions of assume edges. Build +
full reachability, peak memory, and the single questions (load included) on it."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import graph
from bench.bench_access import isolated, lazy_can, load, peak_mb, spreads
from graph.synthetic import generate


def _snapshot() -> graph.Snapshot:
    return generate(
        accounts=1,
        users=2_000,
        roles=10_000,
        groups=480,
        policies=1_200,
        domains=2,
        repositories=22,
        profile="diverse",
    )


def questions() -> None:
    """One `can` per principal and one `who-can`, each on a lazy graph, load included."""
    snapshot = _snapshot()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "account.json"
        snapshot.save(path)
        users = [u.arn for u in snapshot.users()][:3] + [r.arn for r in snapshot.roles()][:2]
        repo = [r.arn for r in snapshot.repositories()][2]
        can, explain = lazy_can(path, users, repo)
        print(
            f"one account, 12,000 principals: one `can` on a lazy graph, load included: "
            f"{spreads(can, explain)}, over {len(users)} principals (goal < 3 s; {load()})",
            flush=True,
        )
        started = time.perf_counter()
        lazy = graph.AccessGraph.from_snapshot(graph.load_snapshot(path), lazy=True)
        found = len(lazy.who_can(repo, "read"))
        print(
            f"  one `who-can read` on a lazy graph, load included: "
            f"{time.perf_counter() - started:.1f} s, {found} answers ({load()})",
            flush=True,
        )


def build() -> None:
    """Build + full reachability, with the process's peak memory."""
    snapshot = _snapshot()
    started = time.perf_counter()
    access = graph.AccessGraph.from_snapshot(snapshot)
    built = time.perf_counter() - started
    kinds: dict[str, int] = {}
    for *_, key in access.graph.edges(keys=True):
        kind = key.split(":", 1)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(
        f"  build + full reachability {built:.1f} s ({load()}); "
        f"{access.graph.number_of_edges():,} edges ({kinds.get('can_assume', 0):,} can_assume, "
        f"{kinds.get('access', 0):,} access); peak memory {peak_mb():.0f} MB",
        flush=True,
    )


def main() -> None:
    """Print the figures, each part in a process of its own (its own peak memory)."""
    isolated(questions)
    isolated(build)
