"""`cax who-can` filters and formats, upstream reach said alike by can/explain/who-can,
"did you mean" for capabilities and actions."""

from __future__ import annotations

import csv
import io
import json

from tests.cli.conftest import Cax

SENTENCE = (
    "cannot read acme/pypi-store directly; its packages are served through acme/pypi-internal, "
    "which you can read"
)


def test_external_lists_only_principals_outside_the_account(cax: Cax) -> None:
    result = cax("who-can", "read", "acme/npm-internal", "--external", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    origins = {r["principal_label"]: r["origin"] for r in document["reaches"]}
    assert origins["anyone (*)"] == "organisation"  # aws:PrincipalOrgID keeps it in the org
    assert origins["user/jordan.blake"] == "external"
    assert origins["user/alice.nguyen"] == "organisation"
    assert "role/breakglass-admin" not in origins  # the repository's own account
    assert document["filter"] == "outside this account"


def test_account_verdict_and_kind_filters(cax: Cax) -> None:
    args = ("who-can", "read", "acme/npm-internal", "--format", "tsv")
    rows = cax(*args, "--verdict", "conditional", "--kind", "user").stdout.splitlines()
    assert rows[0].split("\t")[:5] == ["principal", "kind", "account", "origin", "verdict"]
    assert sorted(r.split("\t")[0] for r in rows[1:]) == ["user/jordan.blake", "user/sam.porter"]
    prod = cax(*args, "--account", "222222222222").stdout.splitlines()[1:]
    assert prod and all(r.split("\t")[2] == "222222222222" for r in prod)
    bad = cax("who-can", "read", "acme/npm-internal", "--verdict", "alowed")
    assert bad.exit_code == 2 and "alowed" in bad.output


def test_plain_is_the_default_in_a_pipe_one_record_a_line(cax: Cax) -> None:
    out = cax("who-can", "read", "acme/npm-internal").stdout
    assert "┃" not in out and "│" not in out
    line = next(x for x in out.splitlines() if x.startswith("user/jordan.blake"))
    assert "444455556666" in line and "sts:ExternalId StringEquals globex-7f3a9c2e41" in line


def test_csv_and_markdown(cax: Cax) -> None:
    text = cax("who-can", "read", "acme/npm-internal", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "principal" and len({len(r) for r in rows}) == 1
    markdown = cax("search", "alice", "--format", "markdown").stdout.splitlines()
    assert markdown[0].startswith("| kind | name |") and markdown[1].startswith("| --- |")


def test_table_never_breaks_an_account_id_at_80_columns(cax: Cax) -> None:
    out = cax(
        "who-can", "read", "acme/npm-internal", "--format", "table", env={"COLUMNS": "80"}
    ).stdout
    assert "444455556666" in out and "1234567890" not in out.replace("123456789012", "")


def test_no_table_line_is_wider_than_80_columns_for_the_terminal_to_break(cax: Cax) -> None:
    """A line past the width is wrapped by the terminal itself, mid-ARN: `search` puts an ARN
    that does not fit beside the short values on a line of its own."""
    env = {"COLUMNS": "80"}
    search = cax("search", "acme", "--format", "table", env=env).stdout
    who = cax("who-can", "read", "acme/npm-internal", "--format", "table", env=env).stdout
    assert all(len(line) <= 80 for line in search.splitlines()), search
    # A chain wraps between words on a terminal; the runner's pipe leaves it on one line.
    records = [line for line in who.splitlines() if not line.startswith("    ")]
    assert all(len(line) <= 80 for line in records), who
    arn = "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/maven-releases"
    assert f"    {arn}\n" in search  # whole, under its record


def test_upstream_reach_said_alike_by_can_explain_and_who_can(cax: Cax) -> None:
    can = cax("can", "user/mateojackson", "read", "acme/pypi-store")
    assert can.exit_code == 1  # reading pypi-store itself is denied
    assert SENTENCE in can.stdout
    assert SENTENCE in cax("explain", "user/mateojackson", "read", "acme/pypi-store").stdout
    who = cax("who-can", "read", "acme/pypi-store", "--format", "tsv").stdout
    line = next(x for x in who.splitlines() if x.startswith("user/mateojackson"))
    assert "⇡ allowed" in line and SENTENCE in line
    record = json.loads(cax("can", "user/mateojackson", "read", "acme/pypi-store", "--json").stdout)
    assert record["served_through"]["note"] == SENTENCE


def test_did_you_mean_for_capabilities_and_actions(cax: Cax) -> None:
    result = cax("can", "user/mateojackson", "raed", "acme/npm-internal")
    assert result.exit_code == 2 and "did you mean read?" in result.output
    result = cax("who-can", "codeartifact:ReadFromRepositry", "acme/npm-internal")
    assert result.exit_code == 2 and "codeartifact:ReadFromRepository" in result.output


def test_search_says_one_match_or_matches(cax: Cax) -> None:
    assert "1 match\n" in cax("search", "mateojackson", "--kind", "user").stdout
    assert " matches" in cax("search", "user").stdout
