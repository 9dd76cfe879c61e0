"""Property: whatever JSON the loader is given, it raises nothing but its own `LoaderError`."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graph import LoaderError, snapshot_from_document

KEYS = st.sampled_from(
    [
        "format",
        "version",
        "accounts",
        "id",
        "authorization_details",
        "codeartifact",
        "UserDetailList",
        "GroupDetailList",
        "RoleDetailList",
        "Policies",
        "Arn",
        "UserName",
        "GroupList",
        "AttachedManagedPolicies",
        "PolicyArn",
        "PolicyVersionList",
        "Document",
        "IsDefaultVersion",
        "Statement",
        "domains",
        "repositories",
        "arn",
        "policy",
        "upstreams",
        "organization",
        "roots",
        "policies",
        "targets",
        "content",
        "type",
        "$unknown",
        "us-east-1",
        "resourceArn",
        "document",
        "repository",
        "domain",
        "Tags",
        "parent_id",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(
        [
            "cax-snapshot",
            "123456789012",
            "arn:aws:iam::123456789012:user/a",
            "arn:aws:codeartifact:us-east-1:123456789012:repository/d/r",
            "arn:aws:codeartifact:us-east-1:123456789012:domain/d",
            "{}",
            "%7B%7D",
            "SERVICE_CONTROL_POLICY",
            "arn:aws:iam::aws:policy/X",
        ]
    ),
    st.text(max_size=8),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(KEYS | st.text(max_size=4), inner, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_arbitrary_json_raises_only_loader_errors(value: Any) -> None:
    try:
        snapshot_from_document(value, "fuzz.json")
    except LoaderError as error:
        assert str(error).startswith("fuzz.json")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, JSON, max_size=4))
def test_arbitrary_snapshot_shapes(value: dict[str, Any]) -> None:
    value = {"format": "cax-snapshot", "version": 1, **value}
    with contextlib.suppress(LoaderError):
        snapshot_from_document(value, "fuzz.json")


def test_fixture_files_survive_mutation(tmp_path: Path) -> None:
    """Each fixture with each top-level key removed still loads or fails cleanly."""
    for path in (Path(__file__).parent.parent / "fixtures" / "aws-cli").glob("*.json"):
        data = json.loads(path.read_text())
        for key in list(data):
            broken = {k: v for k, v in data.items() if k != key}
            with contextlib.suppress(LoaderError):
                snapshot_from_document(broken, path.name)
