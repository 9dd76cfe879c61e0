"""`decide(inputs, keep=False)`: the decision a build caches, the same answer without the
inputs it was made from (which would keep every request's compiled inputs alive)."""

from __future__ import annotations

from graph import policy
from graph.policy import decide, prepare
from tests.graph.policy.helpers import READ, REPO, A, doc, stmt

USER = f"arn:aws:iam::{A}:user/dev"
MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}


def test_a_decision_without_its_inputs_reads_the_same() -> None:
    for document in (doc(stmt(Condition=MFA)), doc(stmt(effect="Deny")), doc(stmt(action="s3:*"))):
        inputs = prepare(policy.Request(USER, READ, REPO), identity_policies=[document])
        kept, dropped = decide(inputs), decide(inputs, keep=False)
        assert dropped == kept  # outcome, statements, unknowns, reason, rules
        assert kept.explain().layers  # it can tell layer by layer
        assert dropped._inputs is None and not dropped.explain().layers
        assert dropped.explain().outcome is kept.outcome
