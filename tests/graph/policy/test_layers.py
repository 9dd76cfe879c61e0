"""Organisation levels, endpoint policies, service rules, explanations and sentences."""

from __future__ import annotations

import subprocess
import sys

from graph import policy
from tests.graph.policy.helpers import DOMAIN, READ, REPO, A, B, doc, rstmt, stmt

USER = f"arn:aws:iam::{A}:user/dev"
B_USER = f"arn:aws:iam::{B}:user/ops"
OPEN = doc(stmt())


def test_every_scp_level_must_allow_and_statements_or_within_a_level() -> None:
    request = policy.Request(USER, READ, REPO)
    ok = policy.evaluate(
        request, identity_policies=[OPEN], scps=[[OPEN], [doc(stmt(action="s3:*")), OPEN]]
    )
    assert ok.allowed
    assert any(ref.layer == "scp" for ref in ok.statements)
    blocked = policy.evaluate(
        request, identity_policies=[OPEN], scps=[[OPEN], [doc(stmt(action="s3:*"))], [OPEN]]
    )
    assert blocked.blocked_by == {"scp"}
    assert blocked.reason is policy.DenialReason.NO_SCP_ALLOW


def test_scps_of_the_principal_do_not_apply_to_service_principals() -> None:
    request = policy.Request("codebuild.amazonaws.com", READ, REPO)
    grant = doc(rstmt({"Service": "codebuild.amazonaws.com"}))
    assert policy.evaluate(
        request, resource_policies=[grant], scps=[[doc(stmt(action="s3:*"))]]
    ).allowed


def test_rcps_apply_on_the_resource_side_even_to_external_principals() -> None:
    request = policy.Request(B_USER, READ, REPO)
    identity = [doc(stmt(action=READ))]
    grant = doc(rstmt({"AWS": B}))
    rcp_deny = doc(
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": "codeartifact:*",
            "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-mine"}},
        }
    )
    full = doc({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"})
    decision = policy.evaluate(
        request, identity_policies=identity, resource_policies=[grant], rcps=[[full, rcp_deny]]
    )
    assert decision.outcome == "explicit_deny" and decision.blocked_by == {"rcp"}
    missing = policy.evaluate(
        request, identity_policies=identity, resource_policies=[grant], rcps=[[full], []]
    )
    assert missing.blocked_by == {"rcp"}
    assert "resource control policy" in policy.sentence(missing)


def test_rcps_skip_actions_without_resource_type_unless_option() -> None:
    request = policy.Request(USER, "codeartifact:ListDomains")
    rcps = [[doc({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"})]]
    assert policy.evaluate(request, identity_policies=[OPEN], rcps=rcps).allowed
    strict = policy.Options(rcp_for_resourceless_actions=True)
    assert not policy.evaluate(request, identity_policies=[OPEN], rcps=rcps, options=strict).allowed


def test_endpoint_policy_is_an_extra_gate() -> None:
    request = policy.Request(USER, READ, REPO)
    endpoint = doc(
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "codeartifact:GetAuthorizationToken",
            "Resource": "*",
        }
    )
    decision = policy.evaluate(request, identity_policies=[OPEN], endpoint_policies=[endpoint])
    assert decision.blocked_by == {"endpoint"}
    endpoint_ok = doc({"Effect": "Allow", "Principal": "*", "Action": READ, "Resource": "*"})
    assert policy.evaluate(
        request, identity_policies=[OPEN], endpoint_policies=[endpoint_ok]
    ).allowed


def test_explicit_deny_wins_over_every_allow_and_lists_all_deny_layers() -> None:
    request = policy.Request(USER, READ, REPO)
    decision = policy.evaluate(
        request,
        identity_policies=[doc(stmt(), stmt("Deny", action=READ, Sid="NoRead"))],
        resource_policies=[doc(rstmt({"AWS": USER}), rstmt("*", effect="Deny"))],
        scps=[[OPEN]],
    )
    assert decision.outcome == "explicit_deny"
    assert decision.blocked_by == {"identity", "resource"}
    assert {ref.sid for ref in decision.statements} == {"NoRead", None}
    assert policy.sentence(decision).endswith("with an explicit deny in an identity-based policy")


def test_put_permissions_policy_ignores_resource_policies_in_the_same_account_too() -> None:
    request = policy.Request(USER, "codeartifact:PutRepositoryPermissionsPolicy", REPO)
    grant = doc(rstmt({"AWS": USER}, action="codeartifact:*"))
    decision = policy.evaluate(request, resource_policies=[grant])
    assert decision.blocked_by == {"identity"}
    deny = doc(rstmt({"AWS": USER}, effect="Deny", action="codeartifact:*"))
    assert policy.evaluate(request, identity_policies=[OPEN], resource_policies=[deny]).allowed


def test_root_token_rule_is_an_option() -> None:
    request = policy.Request(f"arn:aws:iam::{A}:root", "codeartifact:GetAuthorizationToken", DOMAIN)
    assert policy.evaluate(request).blocked_by == {"service"}
    relaxed = policy.Options(root_cannot_get_authorization_token=False)
    assert policy.evaluate(request, options=relaxed).allowed


def test_get_caller_identity_needs_no_permission_but_anonymous_cannot_call_it() -> None:
    deny_all = doc(stmt("Deny"))
    assert policy.evaluate(
        policy.Request(USER, "sts:GetCallerIdentity"),
        identity_policies=[deny_all],
        scps=[[deny_all]],
    ).allowed
    assert not policy.evaluate(policy.Request(policy.ANONYMOUS, "sts:GetCallerIdentity")).allowed


def test_explanation_has_machine_reasons_per_statement() -> None:
    request = policy.Request(USER, READ, REPO)
    identity = doc(
        stmt(action="s3:GetObject", Sid="Action"),
        stmt(action=READ, resource=DOMAIN, Sid="Resource"),
        stmt(action=READ, Sid="Cond", Condition={"StringEquals": {"aws:PrincipalTag/x": "y"}}),
    )
    resource = doc(rstmt({"AWS": f"arn:aws:iam::{A}:user/other"}), rstmt({"AWS": B}))
    decision = policy.evaluate(request, identity_policies=[identity], resource_policies=[resource])
    explanation = decision.explain()
    assert explanation.outcome == "implicit_deny"
    by_sid = {c.ref.sid: c for c in explanation.layer("identity").statements}
    assert by_sid["Action"].reasons[0][0] is policy.Mismatch.ACTION_MISMATCH
    assert by_sid["Resource"].reasons[0][0] is policy.Mismatch.RESOURCE_MISMATCH
    assert by_sid["Cond"].reasons[0][0] is policy.Mismatch.CONDITION_FAILED
    resource_checks = explanation.layer("resource").statements
    assert resource_checks[0].reasons[0][0] is policy.Mismatch.PRINCIPAL_MISMATCH
    assert resource_checks[1].reasons[0][0] is policy.Mismatch.ACCOUNT_MISMATCH
    assert not explanation.layer("permission_boundary").applies
    assert decision.layers == {policy.Layer.IDENTITY: False, policy.Layer.RESOURCE: False}


def test_sentences_use_aws_wording() -> None:
    request = policy.Request(USER, "CODEARTIFACT:readfromrepository", REPO)
    denied = policy.evaluate(request)
    assert policy.sentence(denied) == (
        f"User: {USER} is not authorized to perform: codeartifact:ReadFromRepository on resource: "
        f"{REPO} because no identity-based policy allows the codeartifact:ReadFromRepository action"
    )
    scp = policy.evaluate(request, identity_policies=[OPEN], scps=[[doc(stmt("Deny"))]])
    assert policy.sentence(scp).endswith("with an explicit deny in a service control policy")


def test_engine_never_imports_the_ui() -> None:
    code = "import sys, graph.policy; print(any(m.split('.')[0] in ('tui', 'textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
