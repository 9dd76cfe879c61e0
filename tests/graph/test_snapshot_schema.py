"""The JSON Schema in docs/ describes what the loader writes and the demo it ships."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import graph

ROOT = Path(__file__).parent.parent.parent
SCHEMA = json.loads((ROOT / "docs" / "snapshot.schema.json").read_text())


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_demo_matches_schema() -> None:
    demo = json.loads((ROOT / "graph" / "demo" / "acme-org.json").read_text())
    jsonschema.validate(demo, SCHEMA)


def test_saved_snapshot_matches_schema(tmp_path: Path) -> None:
    out = tmp_path / "snap.json"
    graph.load_snapshot(ROOT / "tests" / "fixtures" / "aws-cli").save(out)
    jsonschema.validate(json.loads(out.read_text()), SCHEMA)


def test_schema_rejects_a_bad_account_id() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"format": "cax-snapshot", "version": 1, "accounts": [{"id": "12"}]}, SCHEMA
        )


def test_documented_example_loads_and_matches_schema() -> None:
    text = (ROOT / "docs" / "snapshot-format.md").read_text()
    example = json.loads(text.split("## A minimal example\n\n```json\n", 1)[1].split("```", 1)[0])
    jsonschema.validate(example, SCHEMA)
    snapshot = graph.snapshot_from_document(example, "snapshot-format.md")
    assert [a.id for a in snapshot.accounts] == ["111111111111", "123456789012"]
