"""`cax who-can --escalation`: the demo's two escalation stories (docs/demo.md), JSON marks the
escalated chains, and a single action is refused."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Cax

IVAN = "arn:aws:iam::222222222222:user/sre/ivan.petrov"
PRIYA = "arn:aws:iam::111111111111:user/platform/priya.raman"
RELEASES = "acme/maven-releases"


def test_who_could_gain_publish(cax: Cax) -> None:
    result = cax("who-can", "publish", RELEASES, "--escalation")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "who could gain publish on acme/maven-releases by escalation" in out
    assert "user/priya.raman" in out and "by rewriting its repository policy" in out
    assert "user/ivan.petrov" in out and "could take over role/release-operator" in out
    assert "↯ could gain it by an escalation step" in out
    plain = cax("who-can", "publish", RELEASES).stdout
    assert "user/ivan.petrov" not in plain and "user/priya.raman" not in plain


def test_escalation_json(cax: Cax) -> None:
    result = cax("who-can", "publish", RELEASES, "--escalation", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["escalation"] is True
    by_principal = {r["principal"]: r for r in document["reaches"]}
    assert {IVAN, PRIYA} <= set(by_principal)
    assert all(r["escalated"] for r in document["reaches"])
    kinds = [h["kind"] for h in by_principal[IVAN]["chain"]]
    assert kinds == ["escalation", "can_assume", "access"]
    assert [h["kind"] for h in by_principal[PRIYA]["chain"]] == ["escalation"]


def test_escalation_needs_a_capability(cax: Cax) -> None:
    result = cax("who-can", "codeartifact:ReadFromRepository", RELEASES, "--escalation")
    assert result.exit_code == 2
    assert "not for one action" in result.output


def test_explain_could_gain_it_by(cax: Cax) -> None:
    result = cax("explain", IVAN, "publish", RELEASES, "--escalation")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "↯ could gain it by" in out
    assert "could take over role/release-operator" in out.split("could gain it by", 1)[1]
    plain = cax("explain", IVAN, "publish", RELEASES).stdout
    assert "could gain it by" not in plain


def test_explain_could_gain_json(cax: Cax) -> None:
    result = cax("explain", IVAN, "publish", RELEASES, "--escalation", "--json")
    document = json.loads(result.stdout)
    kinds = [h["kind"] for h in document["could_gain"]]
    assert kinds == ["escalation", "can_assume", "access"]
    plain = json.loads(cax("explain", IVAN, "publish", RELEASES, "--json").stdout)
    assert plain["could_gain"] is None


def test_export_with_escalation(cax: Cax, tmp_path: Path) -> None:
    plain = tmp_path / "plain.json"
    escalated = tmp_path / "escalated.json"
    assert cax("export", "-f", "json", "-o", str(plain)).exit_code == 0
    assert cax("export", "-f", "json", "-o", str(escalated), "--escalation").exit_code == 0
    kinds = [e["kind"] for e in json.loads(escalated.read_text())["links"]]
    assert "escalation" in kinds
    assert "escalation" not in [e["kind"] for e in json.loads(plain.read_text())["links"]]
    ivan = [
        e
        for e in json.loads(escalated.read_text())["links"]
        if e["source"] == IVAN and e["kind"] == "escalation"
    ]
    assert [e["action"] for e in ivan] == ["iam:UpdateAssumeRolePolicy"]
