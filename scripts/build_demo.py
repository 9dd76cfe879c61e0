"""Build the bundled demo organisation, graph/demo/acme-org.json, from the stories in docs/demo.md.

Usage:
    .venv/bin/python scripts/build_demo.py            # write graph/demo/acme-org.json
    .venv/bin/python scripts/build_demo.py --check    # sanity checks; fail if the file is stale

The output is deterministic: fixed dates, ids derived from ARNs, sorted keys.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from demo_org import build, problems, render

OUTPUT = Path(__file__).resolve().parent.parent / "graph" / "demo" / "acme-org.json"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="check the demo and that the file is up to date"
    )
    args = parser.parse_args(argv)
    document = build()
    text = render(document)
    if not args.check:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT}")
        return 0
    found = problems(json.loads(text))
    if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
        found.append(f"{OUTPUT} is stale: run scripts/build_demo.py")
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
