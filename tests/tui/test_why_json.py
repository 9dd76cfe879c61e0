"""Policy JSON in the why pane wraps under its own indent (never a value at column 0)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import cast

from rich.console import Console
from rich.style import Style

from tui.widgets.verdicts import Palette
from tui.widgets.why_sections import json_block


def test_long_value_hangs_under_its_key() -> None:
    arn = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/pypi-internal"
    text = json.dumps({"Statement": [{"Resource": arn, "Sid": "Read"}]}, indent=2)
    palette = cast(Palette, SimpleNamespace(accent=Style(bold=True)))
    console = Console(width=50, record=True, color_system=None)
    console.print(json_block(text, frozenset({3}), palette))
    lines = console.export_text().splitlines()
    assert all(line.startswith(("  ", "▌ ")) for line in lines)
    assert all(line.strip() != "," for line in lines)
    start = next(i for i, line in enumerate(lines) if '"Resource"' in line)
    depth = len(lines[start]) - len(lines[start].lstrip("▌ "))
    assert lines[start].startswith("▌")
    after = lines[start + 1]
    assert len(after) - len(after.lstrip()) >= depth  # the value hangs under its key
