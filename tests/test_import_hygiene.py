"""The engine (`graph`) never imports the UI: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import graph


def test_graph_never_imports_textual_or_tui() -> None:
    modules = sorted(m.name for m in pkgutil.walk_packages(graph.__path__, "graph."))
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"graph imported: {result.stdout}"
    assert "graph.sources" in modules
