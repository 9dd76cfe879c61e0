"""Watching a function's results from a test without changing what it does."""

from __future__ import annotations

from typing import Any

import pytest


def results_of(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[Any]:
    """Every result `owner.name` returns from now on (the attribute wrapped for the test)."""
    found: list[Any] = []
    real = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        found.append(result)
        return result

    monkeypatch.setattr(owner, name, spy)
    return found
