"""`cax assert RULES`: check a team's access rules, for CI (exit 1 when one fails)."""

from __future__ import annotations

import sys
import time

import click
import networkx as nx
from rich.text import Text

from graph import AccessGraph
from graph.export import results
from graph.rules import Offence, RuleResult, RulesError, check_rules, load_rules
from graph.rules.junit import junit_document, write_junit
from tui.cli.common import Options, UsageProblem, access_graph, common_options, print_json, shown
from tui.cli.output import Column, Records, default_format, format_option, render
from tui.cli.who_can import chain_text

EXIT_FAILED = 1
"""`cax assert`: a rule fails (or cannot be checked)."""


@click.command("assert")
@click.argument("rules_path", metavar="RULES", type=click.Path(dir_okay=False))
@click.option(
    "--junit",
    "junit_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also write the results as JUnit XML (one test case per rule) for a CI report.",
)
@format_option
@common_options
def assert_command(
    rules_path: str, junit_path: str | None, output_format: str | None, opts: Options
) -> None:
    """Check the access rules of a TOML file (docs/assert.md): who may (only), who must
    (can) and how long chains may be (max_hops), per domain or repository pattern.

    Exit status: 0 every rule holds, 1 a rule fails or cannot be checked, 2 bad input.
    """
    try:
        rules = load_rules(rules_path)
    except RulesError as error:
        raise UsageProblem(str(error)) from error
    started = time.perf_counter()
    ag = access_graph(opts, lazy=True)  # who-can on the resources the rules name
    checked = check_rules(ag, rules)
    seconds = time.perf_counter() - started
    g = ag.partial_graph
    if junit_path:
        write_junit(junit_path, junit_document(checked, lambda o: describe(g, o), seconds))
    if opts.as_json:
        print_json(
            {"passed": all(r.passed for r in checked), "rules": [_record(g, r) for r in checked]}
        )
    else:
        _print(opts, ag, checked, output_format or default_format())
    if not all(r.passed for r in checked):
        sys.exit(EXIT_FAILED)


def describe(g: nx.MultiDiGraph, offence: Offence) -> str:
    """`user/x reaches acme/npm-internal: user/x → assumes role/y → read acme/npm-internal`."""
    who, where = results.label(g, offence.principal), results.label(g, offence.resource)
    line = f"{who} {offence.reason} {where}"
    if offence.reach is not None:
        line += f": {chain_text(g, offence.principal, offence.reach.chain).plain}"
    return line


def _print(opts: Options, ag: AccessGraph, checked: list[RuleResult], fmt: str) -> None:
    out, g = opts.out, ag.partial_graph
    failed = [r for r in checked if not r.passed]
    for result in checked:
        mark = Text("✓ pass", style="green") if result.passed else Text("✗ FAIL", style="bold red")
        line = mark.append("  ").append_text(shown(result.rule.id))
        if result.rule.message:
            line.append(" — ").append_text(shown(result.rule.message))
        if fmt in ("table", "plain"):
            out.print(line)
        if result.error and fmt in ("table", "plain"):
            out.print(Text("    cannot check: ").append_text(shown(result.error)))
    table = Records(
        "offences" if failed else "",
        (
            Column("rule"),
            Column("principal"),
            Column("account", drop=2),
            Column("resource"),
            Column("reason"),
            Column("chain", whole=False, drop=1),
        ),
    )
    for result in failed:
        for offence in result.offences:
            data = g.nodes[offence.principal] if g.has_node(offence.principal) else {}
            chain = (
                chain_text(g, offence.principal, offence.reach.chain)
                if offence.reach is not None
                else Text("—", style="dim")
            )
            table.add(
                shown(result.rule.id),
                shown(results.label(g, offence.principal)),
                shown(str(data.get("account", ""))),
                shown(results.label(g, offence.resource)),
                shown(offence.reason),
                chain,
            )
    if table.rows or fmt not in ("table", "plain"):
        if fmt in ("table", "plain"):
            out.print()
        render(out, table, fmt)
    if fmt in ("table", "plain"):
        passed = len(checked) - len(failed)
        summary = f"{passed} of {len(checked)} rules hold"
        out.print(Text(summary, style="green" if not failed else "bold red"))


def _record(g: nx.MultiDiGraph, result: RuleResult) -> dict[str, object]:
    rule = result.rule
    return {
        "id": rule.id,
        "message": rule.message,
        "kind": rule.kind,
        "capability": rule.capability,
        "resources": [results.label(g, r) for r in result.resources],
        "passed": result.passed,
        "error": result.error,
        "offences": [
            {
                "principal": o.principal,
                "principal_label": results.label(g, o.principal),
                "resource": o.resource,
                "resource_label": results.label(g, o.resource),
                "reason": o.reason,
                "chain": results.chain_record(g, o.reach.chain) if o.reach else None,
            }
            for o in result.offences
        ],
    }
