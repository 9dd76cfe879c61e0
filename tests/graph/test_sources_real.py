"""Real files as other tools write them: mixed accounts, the same account twice, many problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph import LoaderError, load_snapshot
from graph.errors import LoaderErrors
from tests.shared_files import GAAD, needs_gaad

pytestmark = needs_gaad

FIXTURES = Path(__file__).parent.parent / "fixtures"
CLOUDSPLAINING = GAAD
EXAMPLE = CLOUDSPLAINING / "cloudsplaining-example.json"
MAIN, OTHER = "200611803367", "012345678901"


def write(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(value))
    return path


def user(name: str, account: str = "123456789012", **fields: Any) -> dict[str, Any]:
    return {"UserName": name, "Arn": f"arn:aws:iam::{account}:user/{name}", **fields}


def test_a_file_mixing_accounts_puts_each_entry_in_its_account() -> None:
    """An IAM ARN names the account that owns the entity (`arn:aws:iam::account:user/name`,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns),
    so cloudsplaining's example, whose user obama is in 012345678901, loads: obama and his
    group `admin` go to that account, with a warning naming the JSON path."""
    snap = load_snapshot(EXAMPLE)
    assert [a.id for a in snap.accounts] == [OTHER, MAIN]
    other = snap.account(OTHER)
    assert other is not None
    assert {u.name for u in other.users} == {"obama", "userwithlotsofpermissions", "biden"}
    assert {g.name for g in other.groups} == {"admin", "biden"}
    assert {r.name for r in other.roles} == {"MyRole", "MyOtherRole", "OverprivilegedEC2"}
    assert all(u.account_id == OTHER for u in other.users)
    main = snap.account(MAIN)
    assert main is not None and len(main.users) == 41
    obama = next(w for w in snap.warnings if "user/obama" in w)
    assert obama.startswith(f"{EXAMPLE}: $.UserDetailList[41].Arn: ")
    assert f"in account {OTHER}, not {MAIN}" in obama
    # its customer managed policy went with it, so the role's attachment resolves
    assert snap.managed_policy(f"arn:aws:iam::{OTHER}:policy/InsecurePolicy") is not None


def test_an_entry_of_another_account_inside_a_snapshot_account(tmp_path: Path) -> None:
    """The same inside a cax snapshot: the ARN's account wins over the list it sits in."""
    doc = {
        "format": "cax-snapshot",
        "version": 1,
        "accounts": [
            {"id": "123456789012", "authorization_details": {"UserDetailList": [user("a")]}},
            {"id": "999999999999", "authorization_details": {"UserDetailList": [user("b")]}},
        ],
    }
    snap = load_snapshot(write(tmp_path, "s.json", doc))
    assert {u.arn for u in snap.users()} == {
        "arn:aws:iam::123456789012:user/a",
        "arn:aws:iam::123456789012:user/b",
    }
    (warning,) = snap.warnings
    assert "$.accounts[1].authorization_details.UserDetailList[0].Arn" in warning


def test_identical_entries_in_two_files_merge_silently(tmp_path: Path) -> None:
    """Two `get-account-authorization-details` outputs of one account, taken a week apart
    (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html): the same entities, unchanged, merge with no warning."""
    doc = {"UserDetailList": [user("a"), user("b")]}
    first, second = write(tmp_path, "mon.json", doc), write(tmp_path, "next-mon.json", doc)
    snap = load_snapshot(first, second)
    assert sorted(u.name for u in snap.users()) == ["a", "b"]
    assert snap.warnings == ()


@pytest.mark.parametrize("later", ["mon.json", "next-mon.json"])
def test_differing_entries_merge_the_later_file_winning(tmp_path: Path, later: str) -> None:
    """An entity changed between two outputs (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html lists the state at the time of the
    call): the entry from the file given last wins (`--snapshot` order); the warning names
    both files."""
    old = write(tmp_path, "mon.json", {"UserDetailList": [user("a", Path="/old/")]})
    new = write(tmp_path, "next-mon.json", {"UserDetailList": [user("a", Path="/new/")]})
    order = (new, old) if later == "mon.json" else (old, new)
    snap = load_snapshot(*order)
    (loaded,) = snap.users()
    assert loaded.path == ("/old/" if later == "mon.json" else "/new/")
    (warning,) = snap.warnings
    assert str(order[0]) in warning and str(order[1]) in warning
    assert f"using the later file, {order[1]}" in warning


def test_the_same_arn_twice_in_one_file_is_still_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.json", {"UserDetailList": [user("a"), user("a", Path="/x/")]})
    with pytest.raises(LoaderError, match=r"\$\.UserDetailList\[1\]: duplicate ARN"):
        load_snapshot(path)


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    """A bad file, a bad entry and a dangling reference (a user's GroupList names groups of
    the same output, https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html): all of them, each with file and path."""
    (tmp_path / "a-broken.json").write_text("{")
    write(
        tmp_path,
        "b-iam.json",
        {
            "UserDetailList": [
                user("ok"),
                user("typo", GroupList="devs"),
                user("dangling", GroupList=["nobody"]),
            ]
        },
    )
    write(tmp_path, "c-unknown.json", {"hello": "world"})
    with pytest.raises(LoaderErrors) as raised:
        load_snapshot(tmp_path)
    errors = [str(e) for e in raised.value.errors]
    assert len(errors) == 4, errors
    assert errors[0].startswith(f"{tmp_path / 'a-broken.json'}: $: not valid JSON")
    assert "b-iam.json: $.UserDetailList[1].GroupList: expected a list" in errors[1]
    assert "c-unknown.json: $: not a file cax knows" in errors[2]
    assert "b-iam.json: $.UserDetailList[2].GroupList[0]: user 'dangling'" in errors[3]
    assert str(raised.value) == f"{errors[0]} (and 3 more problems)"


@pytest.mark.parametrize("path", sorted(CLOUDSPLAINING.glob("*.json")), ids=lambda p: p.stem)
def test_every_cloudsplaining_file_loads(path: Path) -> None:
    snap = load_snapshot(path)
    assert snap.accounts
