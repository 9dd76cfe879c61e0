"""Shared by the bad-input tests (`test_bad_input.py`, `test_uncompilable_policies.py`): the
demo snapshot as a document to break and a writer for it, an alarm so that no test hangs, and
reading cax's output, which must never hold a traceback."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import graph
from graph.sources.save import snapshot_document


@pytest.fixture(autouse=True)
def bounded() -> Iterator[None]:
    """No test here may hang: an alarm ends it after 20 s."""

    def timeout(*_: object) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def demo() -> dict[str, Any]:
    return snapshot_document(graph.demo_snapshot())


Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    def save(document: Any, name: str = "snap.json", text: str | None = None) -> Path:
        path = tmp_path / name
        path.write_text(text if text is not None else json.dumps(document))
        return path

    return save


def find_user(document: dict[str, Any], account: str, name: str) -> dict[str, Any]:
    entry = next(a for a in document["accounts"] if a["id"] == account)
    users = entry["authorization_details"]["UserDetailList"]
    return next(u for u in users if u["UserName"] == name)


def clean_output(result: Any) -> str:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return str(result.output)
