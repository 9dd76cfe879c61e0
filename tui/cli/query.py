"""`cax search`, `cax who-can`, `cax can` and `cax explain`: the TUI's questions from a shell."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from graph import AccessGraph, Verdict
from graph.access import AccessExplanation, StepExplanation
from graph.access.evidence import denial_words
from graph.access.upstream_reach import ServedThrough, served_through
from graph.export import results
from graph.visible import visible, visible_offsets
from tui.cli import pasted
from tui.cli.common import (
    EXIT_DENIED,
    VERDICT_EXIT,
    Options,
    UsageProblem,
    access_graph,
    common_options,
    load,
    print_hint,
    print_json,
    shown,
    verdict_text,
)
from tui.cli.explanation_text import OTHER_CHAINS_SHOWN, print_explanation, print_served
from tui.cli.output import Column, Records, default_format, format_option, render
from tui.cli.suggest import capability_or_action
from tui.cli.who_can import chain_text

T = TypeVar("T")

WHAT = "CAPABILITY|ACTION"
WHAT_HELP = (
    "A capability (login, read, publish, admin) or one action such as "
    "codeartifact:DescribeRepository."
)


def engine(call: Callable[[], T]) -> T:
    """Run an engine question; input it refuses (unknown action, publish on a domain) → exit 2."""
    try:
        return call()
    except ValueError as error:
        raise UsageProblem(str(error)) from error
    except KeyError as error:
        raise UsageProblem(str(error.args[0]) if error.args else str(error)) from error


# --- search -----------------------------------------------------------------------------------


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Only this kind (repeatable): user, group, role, domain, repository, …",
)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@format_option
@common_options
def search_command(
    query: tuple[str, ...],
    kinds: tuple[str, ...],
    limit: int,
    output_format: str | None,
    opts: Options,
) -> None:
    """Find principals and resources by name, ARN or tag (fuzzy: `deplcapub` finds
    role/deploy-codeartifact-publisher).

    Exits 0 when something matches, 1 when nothing does.
    """
    from graph.search import SearchIndex

    with opts.err.status("loading snapshot…", spinner="dots"):
        snapshot = load(opts.snapshots)  # names only: no access graph to build
    print_hint(opts.err, snapshot)
    hits = SearchIndex.of(snapshot).search(" ".join(query), kinds=kinds or None, limit=limit)
    if opts.as_json:
        print_json({"query": " ".join(query), "hits": [results.hit_record(h) for h in hits]})
    elif not hits:
        opts.err.print(shown(f"nothing matches {' '.join(query)!r}"))
    else:
        title = f"{len(hits)} match" + ("" if len(hits) == 1 else "es")
        names = ("kind", "name", "account", "id", "matched")
        table = Records(title, tuple(Column(n, whole=n != "matched") for n in names))
        for hit in hits:
            name = shown(hit.label)
            if hit.field == "label":
                at = visible_offsets(hit.label)
                for position in hit.positions:
                    name.stylize("bold underline", at[position], at[position + 1])
            matched = shown("" if hit.field == "label" else hit.matched)
            table.add(shown(hit.kind), name, shown(hit.account), shown(hit.node), matched)
        render(opts.out, table, output_format or default_format())
    if not hits:
        sys.exit(EXIT_DENIED)


def _context(ag: AccessGraph) -> dict[str, Any]:
    from graph.export.formats import plain_context

    return plain_context(ag.context)


# --- can --------------------------------------------------------------------------------------


@click.command("can")
@click.argument("principal")
@click.argument("what", metavar=WHAT)
@click.argument("resource")
@click.option(
    "--package",
    default="*",
    show_default=True,
    help="The package publish acts on: FORMAT/NAMESPACE/NAME (npm/acme/ui) or a pattern "
    "(npm/acme/*).",
)
@common_options
def can_command(principal: str, what: str, resource: str, package: str, opts: Options) -> None:
    """Can PRINCIPAL use CAPABILITY (or perform ACTION) on RESOURCE? Answers in the exit code.

    Exit status: 0 allowed, 1 denied, 2 bad input, 3 conditional (allowed only if conditions
    hold), 4 unknown (a policy in play could not be read).
    """
    what = capability_or_action(what)
    ag = access_graph(opts, lazy=True)
    who = ag.resolve_principal(principal)
    target = ag.resolve_resource(resource)
    explanation = engine(lambda: ag.explain(who, what, target, package=package, alternatives=False))
    served = served_through(ag, explanation, what.lower())
    g = ag.partial_graph
    verdict = explanation.verdict
    if opts.as_json:
        record = results.explanation_record(g, explanation)
        failing = _failing_step(explanation)
        print_json(
            {
                "principal": who,
                "principal_label": results.label(g, who),
                "what": what,
                "resource": target,
                "resource_label": results.label(g, target),
                "verdict": verdict.value,
                "exit_code": VERDICT_EXIT[verdict],
                "conditions": list(explanation.chain.conditions),
                "failing": results.step_record(failing) if failing else None,
                "chain": [{k: v for k, v in h.items() if k != "steps"} for h in record["hops"]],
                "served_through": _served_record(served),
                "context": _context(ag),
            }
        )
    else:
        out = opts.out
        line = verdict_text(verdict)
        line.append("  ")
        line.append(
            visible(f"{results.label(g, who)} {what} {results.label(g, target)}"), style="bold"
        )
        out.print(line)
        print_served(opts.out, g, served)
        out.print(shown("  chain: ").append(chain_text(g, who, explanation.chain)))
        if explanation.chain.conditions:
            out.print(shown("  only if: " + " and ".join(explanation.chain.conditions)))
        failing = _failing_step(explanation)
        if failing is not None and failing.verdict is Verdict.UNKNOWN and failing.unreadable:
            for unreadable in failing.unreadable:
                out.print(shown(f"  {failing.step.action}: cax could not read {unreadable}"))
        elif failing is not None:
            out.print(shown(f"  {failing.sentence}"))
        if failing is not None:
            out.print(
                shown(f"  see: cax explain {principal} {what} {resource}", style="dim"),
                soft_wrap=True,
            )
    sys.exit(VERDICT_EXIT[verdict])


def _served_record(served: ServedThrough | None) -> dict[str, str] | None:
    if served is None:
        return None
    return {"repository": served.through, "verdict": served.verdict.value, "note": served.text}


def _failing_step(explanation: AccessExplanation) -> StepExplanation | None:
    hop = explanation.failing
    if hop is None:
        return None
    return next((s for s in hop.steps if not s.verdict.reaches), None)


# --- explain ----------------------------------------------------------------------------------


@click.command("explain")
@click.argument("args", nargs=-1, metavar=f"[PRINCIPAL {WHAT} RESOURCE]")
@click.option(
    "--error",
    "error_text",
    is_flag=False,
    flag_value="-",
    default=None,
    metavar="MESSAGE",
    help="Explain an AccessDenied message instead ('-' or no value: read it from stdin).",
)
@click.option(
    "--as",
    "as_principal",
    metavar="PRINCIPAL",
    help="With --error: who ran the command (npm, pip and Maven lines name only the URL).",
)
@click.option(
    "--escalation",
    is_flag=True,
    help="Also: how it could gain it through an escalation step (a resource policy it may "
    "rewrite, a user or role it may take over), when that does better than now.",
)
@click.option(
    "--all-chains",
    is_flag=True,
    help=f"Every other chain that works, not only the first {OTHER_CHAINS_SHOWN}.",
)
@common_options
def explain_command(
    args: tuple[str, ...],
    error_text: str | None,
    as_principal: str | None,
    escalation: bool,
    all_chains: bool,
    opts: Options,
) -> None:
    """Why PRINCIPAL can or cannot use CAPABILITY (or ACTION) on RESOURCE: hop by hop, each
    step in AWS's words, the deciding statements, near misses, conditions and the fix.

    Or paste what AWS said: cax explain --error "User: arn:… is not authorized to perform: …".
    Exits 0 once explained, whatever the verdict (use `cax can` for an exit code).
    """
    if error_text is not None:
        if args:
            raise click.UsageError("give either PRINCIPAL CAPABILITY RESOURCE or --error")
        _explain_error(error_text, as_principal, opts)
        return
    if as_principal:
        raise click.UsageError("--as goes with --error")
    if len(args) != 3:
        raise click.UsageError(f"expected PRINCIPAL {WHAT} RESOURCE (or --error MESSAGE)")
    principal, what, resource = args
    what = capability_or_action(what)
    ag = access_graph(opts, lazy=True)
    who = ag.resolve_principal(principal)
    target = ag.resolve_resource(resource)
    explanation = engine(lambda: ag.explain(who, what, target, escalation=escalation))
    served = served_through(ag, explanation, what.lower())
    if opts.as_json:
        record = results.explanation_record(ag.partial_graph, explanation)
        print_json({**record, "served_through": _served_record(served), "context": _context(ag)})
        return
    print_explanation(opts.out, ag.partial_graph, explanation, served, every=all_chains)


def _explain_error(error_text: str, as_principal: str | None, opts: Options) -> None:
    import graph

    text = sys.stdin.read() if error_text == "-" else error_text
    if not text.strip():
        raise UsageProblem("no AccessDenied message given (pass it to --error or on stdin)")
    ag = access_graph(opts, lazy=True)
    explained = graph.explain_error(ag, text, as_principal)
    if opts.as_json:
        record = results.error_record(ag.partial_graph, explained)
        print_json({**record, **pasted.extra_record(ag, explained), "context": _context(ag)})
        return
    out = opts.out
    error = explained.error
    said = denial_words(error.reason) if error.reason else "no reason given"
    if error.endpoint is not None and error.endpoint.status:
        said = f"HTTP {error.endpoint.status}"
    found = denial_words(explained.cax_reason) if explained.cax_reason else "no denial"
    out.print(shown(f"AWS says: {error.action} denied ({said})"))
    verdict = {True: ("agrees", "green"), False: ("disagrees", "red"), None: ("", "")}
    word, colour = verdict[explained.agrees]
    line = shown(f"cax finds: {found}")
    if word:
        line.append(f" ({word})", style=colour)
    out.print(line)
    pasted.print_notes(out, explained)
    out.print()
    print_explanation(out, ag.partial_graph, explained.explanation)
    pasted.print_reach(out, ag, explained)
    pasted.print_unseen(out, explained)
