"""`cax assert RULES` (issue #13): the demo's example rules, each kind of rule, JUnit XML, and
rules files that cannot be read."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli.conftest import Cax

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HOLDS, FAILS = str(EXAMPLES / "acme-rules.toml"), str(EXAMPLES / "acme-rules-failing.toml")


def _rules(tmp_path: Path, text: str) -> str:
    path = tmp_path / "rules.toml"
    path.write_text(text)
    return str(path)


def test_the_example_that_holds(cax: Cax) -> None:
    result = cax("assert", HOLDS)
    assert result.exit_code == 0, result.output
    assert "4 of 4 rules hold" in result.stdout


def test_the_example_that_fails_says_who_and_how(cax: Cax) -> None:
    result = cax("assert", FAILS, "--json")
    assert result.exit_code == 1
    rules = {r["id"]: r for r in json.loads(result.stdout)["rules"]}
    (mateo,) = rules["mateo-reads-npm"]["offences"]
    assert (mateo["principal_label"], mateo["reason"], mateo["chain"]) == (
        "user/mateojackson",
        "does not reach",
        None,
    )
    outsiders = {o["principal_label"] for o in rules["no-outside-readers"]["offences"]}
    assert outsiders == {
        "role/globex-build",
        "user/jordan.blake",
        "user/sam.porter",
        "token.actions.githubusercontent.com",
    }
    for offence in rules["no-outside-readers"]["offences"]:
        assert offence["reason"].startswith("reaches") and offence["chain"]


def test_junit_for_ci(cax: Cax, tmp_path: Path) -> None:
    report = tmp_path / "cax.xml"
    assert cax("assert", FAILS, "--junit", str(report)).exit_code == 1
    suite = ET.parse(report).getroot()
    assert suite.tag == "testsuite" and suite.get("tests") == "2" and suite.get("failures") == "2"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["mateo-reads-npm"].find("failure")
    assert failure is not None and failure.get("message") == "Mateo's npm install must work"
    assert "user/mateojackson does not reach acme/npm-internal" in (failure.text or "")
    assert cax("assert", HOLDS, "--junit", str(report)).exit_code == 0
    assert ET.parse(report).getroot().get("failures") == "0"
    assert not list(tmp_path.glob(".cax.xml.*"))  # written through a temporary file


def test_conditional_ok_and_max_hops(cax: Cax, tmp_path: Path) -> None:
    base = (
        '[[rule]]\nid = "r"\nresources = "acme/npm-internal"\ncapability = "publish"\n'
        'only = ["organization"]\n'
    )
    assert cax("assert", _rules(tmp_path, base)).exit_code == 1  # GitHub OIDC, conditional
    assert cax("assert", _rules(tmp_path, base + 'conditional = "ok"\n')).exit_code == 0
    hops = '[[rule]]\nid = "h"\nresources = "acme"\ncapability = "admin"\nmax_hops = 1\n'
    result = cax("assert", _rules(tmp_path, hops), "--format", "tsv")
    assert result.exit_code == 1
    rows = [r.split("\t") for r in result.stdout.splitlines()[1:]]
    assert {r[1] for r in rows} == {"user/olivia.chen", "user/raj.patel"}  # via breakglass
    assert {r[4] for r in rows} == {"2 hops"}


def test_an_organisation_by_id(cax: Cax, tmp_path: Path) -> None:
    rule = (
        '[[rule]]\nid = "o"\nresources = "acme/pypi-internal"\ncapability = "publish"\n'
        'conditional = "ok"\nonly = ["organization:{org}"]\n'
    )
    assert cax("assert", _rules(tmp_path, rule.format(org="o-acme12345"))).exit_code == 0
    other = cax("assert", _rules(tmp_path, rule.format(org="o-other")), "--json")
    assert other.exit_code == 1  # another organisation's rule: everyone offends
    assert json.loads(other.stdout)["rules"][0]["offences"]


def test_patterns_name_principals_by_label_arn_and_account(cax: Cax, tmp_path: Path) -> None:
    rule = (
        '[[rule]]\nid = "p"\nresources = "acme/pypi-internal"\ncapability = "publish"\n'
        'conditional = "ok"\nonly = ["account:111111111111", "user/olivia.chen", '
        '"arn:aws:iam::333333333333:role/*"]\n'
    )
    result = cax("assert", _rules(tmp_path, rule))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("[[rule]\n", "not TOML"),
        ("[other]\n", "unknown top-level key 'other'"),
        ('[[rule]]\nid = "x"\nresources = "acme"\ncapability = "login"\n', "exactly one of"),
        (
            '[[rule]]\nid = "x"\nresources = "acme"\ncapability = "login"\nmax_hops = 0\n',
            "max_hops is a whole number",
        ),
        (
            '[[rule]]\nid = "x"\nresources = "acme"\ncapability = "login"\nonly = []\nfoo = 1\n',
            "unknown key 'foo'",
        ),
        (
            '[[rule]]\nid = "x"\nresources = "acme"\ncapability = "login"\nonly = []\n'
            '[[rule]]\nid = "x"\nresources = "acme"\ncapability = "login"\nonly = []\n',
            "id 'x' is used twice",
        ),
    ],
)
def test_a_rules_file_that_cannot_be_read(cax: Cax, tmp_path: Path, text: str, said: str) -> None:
    result = cax("assert", _rules(tmp_path, text))
    assert result.exit_code == 2
    assert "rules.toml" in result.output and said in result.output


def test_a_rule_on_nothing_cannot_be_checked(cax: Cax, tmp_path: Path) -> None:
    text = (
        '[[rule]]\nid = "n"\nresources = "acme/nope"\ncapability = "read"\nonly = []\n'
        '[[rule]]\nid = "m"\nresources = "acme/npm-internal"\ncapability = "read"\n'
        'can = ["user/nobody-at-all"]\n'
    )
    result = cax("assert", _rules(tmp_path, text), "--json")
    assert result.exit_code == 1
    errors = {r["id"]: r["error"] for r in json.loads(result.stdout)["rules"]}
    assert "acme/nope" in errors["n"] and "nobody-at-all" in errors["m"]
    assert cax("assert", str(tmp_path / "missing.toml")).exit_code == 2
