"""Export timings: every format on the demo, then on a large synthetic organisation.

Set CAX_BENCH_EXPORT_SCALE (default 0.2) to size the synthetic organisation as a fraction of
issue #4's (10 accounts, 10,000 roles, 2,000 users, 500 repositories); 1 for the full size.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import graph
from graph.access import AccessGraph
from graph.export import FORMATS, export_graph


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def _run(ag: AccessGraph, name: str, scopes: dict[str, dict[str, str]], skip: set[str]) -> None:
    g = ag.graph
    print(f"{name}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for scope, kwargs in scopes.items():
            for fmt in FORMATS.values():
                if scope == "everything" and fmt.name in skip:
                    continue
                target = Path(tmp) / f"{scope}-{fmt.name}{fmt.extension}"
                started = time.perf_counter()
                result = export_graph(ag, fmt, target, **kwargs)  # type: ignore[arg-type]
                elapsed = time.perf_counter() - started
                print(
                    f"  {scope:<28} {fmt.name:<10} {elapsed:7.3f} s  {result.nodes:>6} nodes "
                    f"{result.edges:>7} edges  {_size(target) / 1e6:8.2f} MB",
                    flush=True,
                )


def main() -> None:
    """Print export timings for the demo and a synthetic organisation."""
    demo = AccessGraph.from_snapshot(graph.demo_snapshot())
    _run(
        demo,
        "demo",
        {
            "everything": {},
            "principal=user/alice.nguyen": {"principal": "user/alice.nguyen"},
            "resource=acme/npm-internal": {"resource": "acme/npm-internal"},
        },
        set(),
    )
    try:
        from graph.synthetic import generate
    except ImportError:
        print("graph.synthetic is not there yet: no large organisation")
        return
    scale = float(os.environ.get("CAX_BENCH_EXPORT_SCALE", "0.2"))
    started = time.perf_counter()
    snapshot = generate(
        accounts=10,
        roles=int(10_000 * scale),
        users=int(2_000 * scale),
        groups=max(1, int(300 * scale)),
        policies=max(1, int(1_000 * scale)),
        domains=max(1, int(20 * scale)),
        repositories=max(1, int(500 * scale)),
    )
    ag = AccessGraph.from_snapshot(snapshot)
    print(f"synthetic x{scale}: built in {time.perf_counter() - started:.1f} s", flush=True)
    g = ag.graph
    user = next(n for n, d in g.nodes(data=True) if d.get("kind") == "user")
    repo = next(n for n, d in g.nodes(data=True) if d.get("kind") == "repository")
    _run(
        ag,
        f"synthetic x{scale}",
        {
            "everything": {},
            "principal (one user)": {"principal": user},
            "resource (one repo), read": {"resource": repo, "capability": "read"},
        },
        {"mermaid", "dot"} if g.number_of_edges() > 50_000 else set(),
    )


if __name__ == "__main__":
    main()
