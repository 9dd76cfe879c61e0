"""graph.sources.jsontext: the cheaper duplicate-key and depth checks find what they did."""

from __future__ import annotations

import contextlib
import gc
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import LoaderError
from graph.sources.jsontext import deeper_than, depth, parse
from graph.sources.reader import Where

_json: Any = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=30,
)


@given(_json, st.integers(0, 12))
def test_deeper_than_agrees_with_depth(value: Any, limit: int) -> None:
    assert deeper_than(value, limit) == (depth(value) > limit)


def test_depth_counts_levels() -> None:
    assert [depth(v) for v in (1, {}, [[]], {"a": [{"b": 1}]})] == [0, 1, 2, 3]


def test_duplicates_are_still_found_with_their_paths() -> None:
    text = '{"a": [{"Effect": "Deny", "Effect": "Allow"}], "b": {"c": 1, "c": 2}}'
    value, duplicates = parse(text, Where("f.json"))
    assert value == {"a": [{"Effect": "Allow"}], "b": {"c": 2}}
    assert [(d.where.path, d.key, d.first, d.second) for d in duplicates] == [
        ("$.a[0]", "Effect", "Deny", "Allow"),
        ("$.b", "c", 1, 2),
    ]
    assert parse(json.dumps({"x": [{"y": 1}]}), Where("f.json"))[1] == []


@pytest.mark.parametrize("text", ['{"a": 1}', '{"a": ', "1" * 40, "[" * 100_000])
def test_parsing_leaves_the_garbage_collector_as_it_was(text: str) -> None:
    assert gc.isenabled()
    with contextlib.suppress(LoaderError):
        parse(text, Where("f.json"))
    assert gc.isenabled()
    gc.disable()
    try:
        with contextlib.suppress(LoaderError):
            parse(text, Where("f.json"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_deeper_than_counts_objects_that_had_a_key_twice() -> None:
    """Such objects are a dict subclass: they nest like any other."""
    text = '{"a": 1, "a": ' * 40 + "0" + "}" * 40
    value, duplicates = parse(text, Where("f"))
    assert len(duplicates) == 40
    assert deeper_than(value, 32) and not deeper_than(value, 40)
    assert depth(value) == 40
