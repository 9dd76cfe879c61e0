"""`grant.best_option` picks what ranking every option by (assumptions needed, statement order)
would: the fewest assumptions, then the first statement by layer, own before group policies,
policy name and position; its shortcuts (one option; options needing nothing) change nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.policy import compile_policy
from graph.policy.grant import Option, best_option, pending_key, ref_key

_CONDITIONAL = compile_policy(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            },
            {
                "Effect": "Allow",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "a"}},
            },
        ],
    },
    name="conditions",
)
_CLAUSES = [s.conditions[0] for s in _CONDITIONAL.statements]


def _statement(policy: str, index: int) -> Option:
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}] * (index + 1),
    }
    compiled = compile_policy(document, name=policy)
    return compiled.statements[index], frozenset(), ()


_NAMES = st.sampled_from(["a", "b", "group dev: a", "group dev: b", "z"])
_OPTIONS = st.lists(
    st.tuples(_NAMES, st.integers(0, 2), st.sets(st.integers(0, 1), max_size=2)),
    max_size=6,
)


def _reference(options: list[Option]) -> Option | None:
    if not options:
        return None
    return min(options, key=lambda o: (pending_key(o[1]), ref_key(o[0].ref)))


@settings(max_examples=300, deadline=None)
@given(_OPTIONS)
def test_best_option_ranks_as_a_full_sort_would(drawn: list[tuple[str, int, set[int]]]) -> None:
    options: list[Option] = []
    for policy, index, needs in drawn:
        stmt, _, matches = _statement(policy, index)
        pending = frozenset((_CLAUSES[n], stmt.ref) for n in needs)
        options.append((stmt, pending, matches))
    assert best_option(options) is _reference(options)


def test_the_order_of_a_statement_is_made_once() -> None:
    ref = _statement("group dev: a", 1)[0].ref
    assert ref.order == ("identity", True, "group dev: a", 1) == ref_key(ref)
    assert ref.order is ref.order
