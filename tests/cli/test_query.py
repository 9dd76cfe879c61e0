"""`cax who-can`, `can`, `explain`, `search`: output, JSON, exit codes and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.access import AccessGraph
from tests.cli.conftest import MATEO_ERROR, Cax

ALICE = "arn:aws:iam::123456789012:user/engineering/alice.nguyen"
MATEO = "arn:aws:iam::123456789012:user/mateojackson"
NPM = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal"


def test_who_can_read_npm_internal(cax: Cax) -> None:
    result = cax("who-can", "read", "acme/npm-internal")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "who can read acme/npm-internal" in out
    assert "user/alice.nguyen" in out and "member of group/developers" in out
    assert "assumes role/artifact-reader" in out  # gustavo, through a cross-account role
    assert "~ conditional" in out and "sts:ExternalId StringEquals globex-7f3a9c2e41" in out
    assert "user/mateojackson" not in out


def test_who_can_json_is_only_json(cax: Cax) -> None:
    result = cax("who-can", "read", "acme/npm-internal", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["resource"] == NPM and document["what"] == "read"
    by_principal = {r["principal"]: r for r in document["reaches"]}
    assert by_principal[ALICE]["verdict"] == "allowed"
    assert [h["kind"] for h in by_principal[ALICE]["chain"]] == ["member_of", "access"]
    assert MATEO not in by_principal
    jordan = by_principal["arn:aws:iam::444455556666:user/jordan.blake"]
    assert jordan["verdict"] == "conditional" and jordan["conditions"]


def test_who_can_matches_the_engine(cax: Cax) -> None:
    import graph

    ag = AccessGraph.from_snapshot(graph.demo_snapshot())
    document = json.loads(cax("who-can", "publish", NPM, "--json").stdout)
    assert [r["principal"] for r in document["reaches"]] == [
        r.principal for r in ag.who_can(NPM, "publish")
    ]


def test_who_can_a_single_action(cax: Cax) -> None:
    result = cax("who-can", "codeartifact:DescribeRepository", "acme/npm-internal", "--json")
    assert result.exit_code == 0, result.output
    reaches = {r["principal"]: r for r in json.loads(result.stdout)["reaches"]}
    assert reaches[ALICE]["verdict"] == "allowed"
    gustavo = reaches["arn:aws:iam::123456789012:user/sre/gustavo.reyes"]
    assert [h["kind"] for h in gustavo["chain"]] == ["can_assume", "access"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("who-can", "read", "acme/npm-intern"), "closest: acme/npm-internal"),
        (("who-can", "publish", "acme"), "publish applies to repositories, not domains"),
        (("who-can", "codeartifact:Nope", "acme/npm-internal"), "unknown action"),
        (("can", "user/mateojakson", "read", "acme/npm-internal"), "closest: user/mateojackson"),
        (("can", "group/analysts", "read", "acme/npm-internal"), "not a user or role"),
        (("explain", "user/mateojackson", "read", "npm"), "no domain or repository 'npm'"),
        (("explain", "--error", "Access denied, sorry"), "expected a message like"),
        (("export", "-f", "json", "-o", "x.json", "-p", "nobody"), "no principal 'nobody'"),
        (("who-can", "read", "acme/npm-internal", "--context", "novalue"), "KEY=VALUE"),
    ],
)
def test_bad_input_exits_2_with_a_message_not_a_traceback(
    cax: Cax, args: tuple[str, ...], message: str
) -> None:
    result = cax(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_a_bad_snapshot_gives_the_loaders_message(cax: Cax, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"UserDetailList": [{"UserName": 3}]}')
    for command in (("who-can", "read", "acme/npm-internal"), ("export", "-f", "json", "-o", "x")):
        result = cax(*command, "--snapshot", str(bad))
        assert result.exit_code == 2
        assert f"{bad}: $" in result.stderr and "Traceback" not in result.output


def test_a_bug_is_one_line_without_v_and_a_traceback_with_it(
    cax: Cax, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(AccessGraph, "who_can", broken)
    result = cax("who-can", "read", "acme/npm-internal")
    assert result.exit_code == 70
    assert "internal error" in result.stderr and "RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output
    verbose = cax("who-can", "read", "acme/npm-internal", "-v")
    assert verbose.exit_code == 70 and "Traceback" in verbose.stderr
    assert "built" in verbose.stderr  # -v also reports the load and build times


@pytest.mark.parametrize(
    ("args", "code", "verdict"),
    [
        (("user/alice.nguyen", "read", "acme/npm-internal"), 0, "allowed"),
        (("user/mateojackson", "read", "acme/npm-internal"), 1, "denied"),
        (("user/jordan.blake", "read", "acme/pypi-internal"), 3, "conditional"),
        (("user/alice.nguyen", "read", "acme/maven-snapshots"), 4, "unknown"),
        (("user/chen.wei", "publish", NPM), 1, "denied"),
        (
            ("user/mateojackson", "codeartifact:DescribeRepository", "acme/npm-internal"),
            0,
            "allowed",
        ),
    ],
)
def test_can_answers_in_the_exit_code(
    cax: Cax, args: tuple[str, ...], code: int, verdict: str
) -> None:
    result = cax("can", *args)
    assert result.exit_code == code, result.output
    assert verdict in result.stdout
    as_json = cax("can", *args, "--json")
    assert as_json.exit_code == code
    document = json.loads(as_json.stdout)
    assert document["verdict"] == verdict and document["exit_code"] == code


def test_can_with_context_assumptions(cax: Cax) -> None:
    args = ("can", "user/jordan.blake", "read", "acme/pypi-internal")
    assert cax(*args).exit_code == 3
    assert "only if: sts:ExternalId StringEquals globex-7f3a9c2e41" in cax(*args).stdout
    assert cax(*args, "--context", "sts:ExternalId=globex-7f3a9c2e41").exit_code == 0
    assert cax(*args, "--context", "sts:ExternalId=wrong").exit_code == 1


def test_can_denied_names_the_failing_step(cax: Cax) -> None:
    result = cax("can", "user/mateojackson", "read", "acme/npm-internal")
    assert "because no identity-based policy allows the codeartifact:ReadFromRepository" in (
        result.stdout
    )
    assert "cax explain user/mateojackson read acme/npm-internal" in result.stdout


def test_explain_mateojackson_read_npm_internal(cax: Cax) -> None:
    result = cax("explain", "user/mateojackson", "read", "acme/npm-internal")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("✗ denied  user/mateojackson read acme/npm-internal")
    assert "hop 1  user/mateojackson → member of group/analysts  ✓ allowed" in out
    assert "✓ allowed  codeartifact:GetAuthorizationToken on" in out
    assert "allowed by group analysts: PyPIReadOnlyAccess · BrowseAcmeRepositories" in out
    assert "allowed by domain policy acme · OrgMembersReadRepositories" in out
    assert "✗ denied  codeartifact:ReadFromRepository on " + NPM in out
    assert (
        "because no identity-based policy allows the codeartifact:ReadFromRepository action" in out
    )
    assert (
        "near miss group analysts: PyPIReadOnlyAccess · ReadPyPIInternal: written for other "
        "resources, not " + NPM in out
    )
    assert "fix\n  1. grant codeartifact:ReadFromRepository" in out
    assert "an identity policy of user/mateojackson" in out
    assert "put it in" not in out  # the fix says where it goes once
    assert "_mismatch" not in out and "no_identity_allow" not in out
    assert out.index("ReadPyPIInternal:") < out.index("GlobexReadOnly:")  # own account first
    assert '"Action": "codeartifact:ReadFromRepository",' in out
    assert f'"Resource": "{NPM}"' in out
    assert not any(line != line.rstrip() for line in out.splitlines())  # no padding


def test_explain_lists_the_best_other_chains_with_their_verdicts(
    cax: Cax, monkeypatch: pytest.MonkeyPatch
) -> None:
    """olivia.chen reaches maven-releases by 8 other chains (7 allowed, then a conditional
    one): text lists the first few, each with its verdict, and says how many there are."""
    monkeypatch.setattr("tui.cli.explanation_text.OTHER_CHAINS_SHOWN", 3)
    args = ("explain", "user/olivia.chen", "read", "acme/maven-releases")
    out = cax(*args).stdout
    listed = out[out.index("other chains that work") :].splitlines()
    assert listed[0] == "other chains that work  3 of 8, best first (--all-chains: every one)"
    assert [line[:4] for line in listed[1:]] == ["  ✓ "] * 3
    every = cax(*args, "--all-chains").stdout
    listed = every[every.index("other chains that work") :].splitlines()
    assert listed[0] == "other chains that work"
    assert [line[:4] for line in listed[1:9]] == ["  ✓ "] * 7 + ["  ~ "]
    document = json.loads(cax(*args, "--json").stdout)
    assert len(document["alternatives"]) == 8  # JSON lists every one


def test_explain_json(cax: Cax) -> None:
    result = cax("explain", "user/mateojackson", "read", "acme/npm-internal", "--json")
    document = json.loads(result.stdout)
    assert document["verdict"] == "denied" and document["principal"] == MATEO
    failing = document["hops"][document["failing_hop"]]
    step = failing["steps"][-1]
    assert step["action"] == "codeartifact:ReadFromRepository"
    assert step["decision"]["reason"] == "no_identity_allow"
    assert document["fixes"][0]["document"]["Statement"][0]["Resource"] == NPM
    mismatches = [r["mismatch"] for m in step["near_misses"] for r in m["reasons"]]
    assert mismatches == ["resource_mismatch", "account_mismatch"]  # JSON keeps the codes


def test_explain_json_shows_every_deciding_statement(cax: Cax) -> None:
    """The RCP that allows everything decides assuming a role too: its statement, never `{}`."""
    result = cax("explain", "user/raj.patel", "publish", "acme/npm-internal", "--json")
    document = json.loads(result.stdout)
    deciding = [d for h in document["hops"] for s in h["steps"] for d in s["deciding"]]
    rcp = [d for d in deciding if d["layer"] == "rcp"]
    assert rcp and all(d["statement"].get("Effect") == "Allow" for d in rcp)
    assert all(d["statement"] for d in deciding)


def test_explain_error_message(cax: Cax) -> None:
    result = cax("explain", "--error", MATEO_ERROR)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "AWS says: codeartifact:ReadFromRepository denied (no identity-based policy" in out
    assert "cax finds: no identity-based policy allows it (agrees)" in out
    assert "✗ denied  user/mateojackson codeartifact:ReadFromRepository acme/npm-internal" in out
    assert "grant codeartifact:ReadFromRepository" in out


@pytest.mark.parametrize("args", [("--error", "-"), ("--error",)])
def test_explain_error_from_stdin(cax: Cax, args: tuple[str, ...]) -> None:
    result = cax("explain", *args, "--json", input=MATEO_ERROR + "\n")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["agrees"] is True and document["cax_reason"] == "no_identity_allow"
    assert document["error"]["principal"] == MATEO


def test_explain_needs_three_arguments_or_error(cax: Cax) -> None:
    assert cax("explain", "user/mateojackson", "read").exit_code == 2
    both = cax("explain", "user/mateojackson", "--error", MATEO_ERROR)
    assert both.exit_code == 2 and "either" in both.output


def test_search_finds_principals_and_resources(cax: Cax) -> None:
    result = cax("search", "npm", "int")
    assert result.exit_code == 0
    assert "acme/npm-internal" in result.stdout
    document = json.loads(cax("search", "mateo", "--json").stdout)
    assert document["hits"][0]["node"] == MATEO
    roles = json.loads(cax("search", "release", "--kind", "role", "--json").stdout)["hits"]
    assert roles and {h["kind"] for h in roles} == {"role"}


def test_search_shows_aws_strings_literally(cax: Cax) -> None:
    result = cax("search", "pwned")
    assert "nickname=[bold]pwned[/bold]" in result.stdout


def test_search_with_no_match_exits_1(cax: Cax) -> None:
    result = cax("search", "zzzzqqqq")
    assert result.exit_code == 1 and "nothing matches" in result.stderr and result.stdout == ""


def test_no_color(cax: Cax) -> None:
    env = {"FORCE_COLOR": "1", "NO_COLOR": ""}
    table = ("--format", "table")
    coloured = cax("who-can", "read", "acme/npm-internal", *table, env=env)
    assert "\x1b[32m" in coloured.stdout
    plain = cax("who-can", "read", "acme/npm-internal", "--no-color", *table, env=env)
    assert "\x1b[32m" not in plain.stdout and "✓ allowed" in plain.stdout
    honoured = cax("who-can", "read", "acme/npm-internal", *table, env={**env, "NO_COLOR": "1"})
    assert "\x1b[32m" not in honoured.stdout and "✓ allowed" in honoured.stdout


def test_snapshot_option_reads_files(cax: Cax, tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    assert cax("demo", "--write", str(path)).exit_code == 0
    result = cax("can", "user/alice.nguyen", "read", "acme/npm-internal", "-s", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] == "allowed"


@pytest.mark.parametrize(
    ("package", "code"),
    [("*", 3), ("npm/data/*", 0), ("npm/data/ui", 0), ("npm/acme/*", 1), ("npm/acme/ui", 1)],
)
def test_can_publish_one_package_or_a_pattern(cax: Cax, package: str, code: int) -> None:
    """bruno.silva (team=data) may publish `…/npm/${aws:PrincipalTag/team}/*` only (IAM User
    Guide, policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
    `--package npm/data/*` is allowed: the statement's pattern overlaps it; `npm/acme/*` shares
    no package with it; `*` ("any package") stays conditional on the scope."""
    args = ("can", "user/bruno.silva", "publish", "acme/npm-internal", "--package", package)
    assert cax(*args).exit_code == code
