"""NUL and lone surrogates are replaced at load time, with a warning naming the JSON path."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

import graph
from graph.sources import snapshot_from_document
from tests.hostile import hostile_document, write_hostile


def test_a_snapshot_file_with_nul_and_a_lone_surrogate_loads_with_warnings(
    tmp_path: Path,
) -> None:
    path = write_hostile(tmp_path / "hostile.json")
    assert "\\ud800" in path.read_text()  # a JSON escape, as AWS would send it
    snapshot = graph.load_snapshot(path)
    at = f"{path}: $.accounts[1].authorization_details.UserDetailList[5].Tags"
    assert f"{at}[1].Value: a NUL character replaced by \\x00" in snapshot.warnings
    assert f"{at}[2].Value: a lone surrogate U+D800 replaced by \\ud800" in snapshot.warnings
    user = next(u for u in snapshot.users() if u.name.startswith("eve"))
    assert user.tags["nul"] == "a\\x00b" and user.tags["surrogate"] == "x\\ud800y"
    graph.demo_snapshot()  # unaffected
    snapshot.save(tmp_path / "again.json")  # writable as UTF-8 now


def test_a_policy_string_holding_them_is_cleaned_too(tmp_path: Path) -> None:
    document = hostile_document(small=True)
    user = document["accounts"][0]["authorization_details"]["UserDetailList"][0]
    policy = user["UserPolicyList"][0]
    policy["PolicyDocument"] = quote(json.dumps(policy["PolicyDocument"] | {"Id": "a\x00\udc00"}))
    snapshot = snapshot_from_document(document, "doc")
    found = [w for w in snapshot.warnings if "UserPolicyList[0].PolicyDocument.Id" in w]
    assert found == [
        "doc: $.accounts[0].authorization_details.UserDetailList[0].UserPolicyList[0]"
        ".PolicyDocument.Id: a NUL character and a lone surrogate U+DC00 replaced by \\x00, \\udc00"
    ]


def test_a_parsed_document_is_not_changed_in_place() -> None:
    document = hostile_document(small=True)
    before = copy.deepcopy(document)
    snapshot_from_document(document)
    assert document == before


def test_many_places_give_a_bounded_number_of_warnings() -> None:
    document = hostile_document(small=True)
    user = document["accounts"][0]["authorization_details"]["UserDetailList"][0]
    user["Tags"] = [{"Key": f"k{i}", "Value": "\x00"} for i in range(100)]
    warnings = snapshot_from_document(document).warnings
    assert len([w for w in warnings if "NUL" in w]) == 20
    assert any(w.endswith("80 more strings had characters replaced") for w in warnings)


@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=12))
def test_the_fast_check_misses_nothing_scrub_would_replace(text: str) -> None:
    """`may_hold_unwritable` may answer True for nothing, never False for something."""
    from graph.sources.scrub import UNWRITABLE, may_hold_unwritable

    if UNWRITABLE.search(text):
        assert may_hold_unwritable(text)
        for ensure_ascii in (True, False):
            assert may_hold_unwritable(json.dumps({"k": text}, ensure_ascii=ensure_ascii))
    if not may_hold_unwritable(json.dumps(text)):
        assert UNWRITABLE.search(json.loads(json.dumps(text))) is None
