"""`graph.collect` is engine code: importing it never pulls in the UI."""

from __future__ import annotations

import subprocess
import sys


def test_collect_never_imports_the_ui() -> None:
    code = (
        "import sys, graph.collect, graph.collect.permissions; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('tui', 'textual', 'rich')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
