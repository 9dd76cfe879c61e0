"""Every `cax …` example of README.md and docs/*.md runs on the bundled demo as the text says.

Synopsis lines (placeholders and a description), `cax`/`cax tui` (the UI) and `cax collect`
(AWS) are not run. Each example runs in its own folder, which holds `snapshot.json` (the demo)
the demo pair `cax diff` compares (`graph/demo/`) and the example rules (`docs/examples/`).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.cli.conftest import Cax

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMANDS = {"search", "who-can", "can", "explain", "export", "validate", "demo", "diff", "assert"}
EXPECTED_EXIT = {"can user/mateojakson read acme/npm-internal": 2}
"""Examples that show an error on purpose."""
_PLACEHOLDER = re.compile(r"[A-Z][A-Z|_.…]*")
"""`PATH`, `CAPABILITY|ACTION`, `F`: a synopsis, not an example."""


def _examples() -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for doc in DOCS:
        inside = False
        for line in doc.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                inside = not inside
                continue
            text = line.strip().removeprefix("$ ")
            if not inside or not text.startswith("cax ") or re.search(r"\s{2,}[^#\s]", text):
                continue
            lexer = shlex.shlex(text, posix=True, punctuation_chars=";|&<>")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            tokens = list(lexer)
            cut = next((i for i, t in enumerate(tokens) if t and t[0] in ";|&<>"), len(tokens))
            args = tokens[1:cut]
            synopsis = any(_PLACEHOLDER.fullmatch(a) or a.startswith("[") for a in args)
            if args and args[0] in COMMANDS and not synopsis:
                found.append((f"{doc.name}: {text[:60]}", args))
    return found


EXAMPLES = _examples()


def test_the_docs_have_examples() -> None:
    assert len(EXAMPLES) >= 15


@pytest.mark.parametrize(("where", "args"), EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_example_runs(
    cax: Cax, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cax("demo", "--write", "snapshot.json").exit_code == 0
    pair = tmp_path / "graph" / "demo"
    pair.mkdir(parents=True)
    for name in ("acme-org.json", "acme-org-changed.json"):
        (pair / name).write_bytes((ROOT / "graph" / "demo" / name).read_bytes())
    (tmp_path / "docs" / "examples").mkdir(parents=True)
    for rules in (ROOT / "docs" / "examples").glob("*.toml"):
        (tmp_path / "docs" / "examples" / rules.name).write_bytes(rules.read_bytes())
    result = cax(*args)
    expected = EXPECTED_EXIT.get(" ".join(args))
    if expected is not None:
        assert result.exit_code == expected, result.output
    else:
        assert result.exit_code in (0, 1, 3, 4), f"{where}: {result.output}"
    if args[0] == "search":
        assert "nothing matches" not in result.output, where
