"""`RoleSets`: one number per distinct set of roles, with or without one more role, found
without making the sets with the role (the walks' "walked before" test)."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.access import role_sets
from graph.access.role_sets import RoleSets

ROLES = st.sampled_from([f"arn:aws:iam::1:role/r{i}" for i in range(7)])
ASKED = st.lists(
    st.tuples(st.frozensets(ROLES, max_size=5), st.one_of(st.none(), ROLES)), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(ASKED, st.booleans())
def test_equal_sets_and_only_they_share_a_number(
    asked: list[tuple[frozenset[str], str | None]], colliding: bool
) -> None:
    """With `colliding`, every role hashes alike: sets of one size have one signature, and
    only the member-by-member check tells them apart."""
    with (
        mock.patch.object(role_sets, "hash", lambda _: 0, create=True)
        if colliding
        else mock.MagicMock()
    ):
        sets = RoleSets()
        numbered = [
            (roles | {more} if more else roles, sets.number(sets.one(roles), more))
            for roles, more in asked
        ]
    for whole, number in numbered:
        for other, its in numbered:
            assert (whole == other) == (number == its), (whole, other)


def test_a_role_with_the_roles_of_its_twin_is_the_twins_set() -> None:
    """Two roles that may assume each other and the same others reach one set with themselves;
    a third whose own roles are that set shares its number too."""
    sets = RoleSets()
    a, b, c = (f"arn:aws:iam::1:role/{n}" for n in "abc")
    first = sets.number(sets.one(frozenset({b, c})), a)
    assert sets.number(sets.one(frozenset({a, c})), b) == first
    assert sets.number(sets.one(frozenset({a, b, c}))) == first
    assert sets.number(sets.one(frozenset({a, b, c})), a) == first  # a role among them adds nothing
    assert sets.number(sets.one(frozenset({a, b}))) != first
