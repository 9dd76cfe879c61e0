"""`cax who-can`: every principal that reaches a resource, where it comes from, and how."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import click
import networkx as nx
from rich.text import Text

from graph import AccessGraph
from graph.access import Chain, Verdict
from graph.access.capabilities import parse_capability
from graph.access.escalation_steps import GLYPH as ESCALATION_GLYPH
from graph.access.origins import KINDS, Origin, Placed, WhoCanFilter, place
from graph.access.upstream_reach import GLYPH, WORD, accessed, reach_sentence
from graph.export import results
from graph.policy.wildcard import has_wildcard
from graph.visible import visible
from tui.cli.common import (
    GLYPHS,
    Options,
    UsageProblem,
    access_graph,
    common_options,
    print_json,
    shown,
)
from tui.cli.output import Column, Records, default_format, format_option, render
from tui.cli.suggest import capability_or_action

ORIGIN_STYLE = {
    Origin.ACCOUNT: "",
    Origin.ORGANISATION: "cyan",
    Origin.EXTERNAL: "bold magenta",
    Origin.SERVICE: "dim",
}
"""Principals of other accounts, outside accounts and anyone stand out."""


def chain_text(g: nx.MultiDiGraph, principal: str, chain: Chain) -> Text:
    """`user/alice → member of group/developers → read acme/npm-internal`, coloured by hop."""
    text = shown(results.label(g, principal))
    for hop in chain.hops:
        text.append(" → ")
        if hop.kind == "escalation":
            text.append(f"{ESCALATION_GLYPH} {visible(hop.label)}", style=ESCALATION_STYLE)
            continue
        label = visible(results.hop_label(g, hop))
        text.append(label, style=None if hop.verdict is Verdict.ALLOWED else "yellow")
    return text


ESCALATION_STYLE = "bold red"
"""Escalation steps stand out: the principal could gain the access, it has not got it."""


def verdict_cell(verdict: Verdict, upstream: bool, escalated: bool = False) -> Text:
    """`✓ allowed`, `⇡ allowed` for packages served through an upstream, `↯ allowed` for
    access gained by escalation."""
    glyph, colour = GLYPHS[verdict]
    if escalated:
        glyph = ESCALATION_GLYPH
    elif upstream:
        glyph = GLYPH
    return Text(f"{glyph} {verdict.value}", style=colour)


def legend(upstream: bool, escalated: bool = False) -> Text:
    """The glyphs used, in one line."""
    parts = [f"{GLYPHS[v][0]} {v.value}" for v in (Verdict.ALLOWED, Verdict.CONDITIONAL)]
    parts.append(f"{GLYPHS[Verdict.UNKNOWN][0]} unknown")
    if upstream:
        parts.append(f"{GLYPH} {WORD}: packages served through a repository that has it upstream")
    if escalated:
        parts.append(f"{ESCALATION_GLYPH} could gain it by an escalation step (not yet granted)")
    return Text("   ".join(parts), style="dim")


def records(g: nx.MultiDiGraph, placed: Iterable[Placed], title: str) -> Records:
    """One record per reach: principal, kind, account, origin, verdict, via, chain, notes."""
    out = Records(
        title,
        (
            Column("principal"),
            Column("kind", drop=3),
            Column("account"),
            Column("origin", drop=2),
            Column("verdict"),
            Column("chain", whole=False),
            Column("conditions", whole=False, drop=1),
        ),
    )
    upstream = escalated = False
    for item in placed:
        reach = item.reach
        style = ORIGIN_STYLE[item.origin]
        notes = list(reach.chain.conditions)
        if reach.via_upstream:
            upstream = True
            notes.insert(0, reach_sentence(g, reach))
        out.add(
            shown(results.label(g, reach.principal), style=style),
            shown(item.kind),
            shown(item.account),
            Text(item.origin.value, style=style),
            verdict_cell(reach.verdict, reach.via_upstream, reach.chain.escalated),
            chain_text(g, reach.principal, reach.chain),
            shown("; ".join(notes)),
        )
        escalated = escalated or reach.chain.escalated
    out.notes.append(legend(upstream, escalated))
    return out


def _ordered(placed: list[Placed]) -> list[Placed]:
    rank = {origin: i for i, origin in enumerate(Origin)}
    return sorted(placed, key=lambda p: rank[p.origin])


def _filter(
    external: bool, account: str, verdicts: tuple[str, ...], kinds: tuple[str, ...]
) -> WhoCanFilter:
    try:
        return WhoCanFilter.of(external=external, account=account, verdicts=verdicts, kinds=kinds)
    except ValueError as error:
        raise UsageProblem(str(error)) from error


@click.command("who-can")
@click.argument("what", metavar="CAPABILITY|ACTION")
@click.argument("resource")
@click.option(
    "--all-chains",
    is_flag=True,
    help="A chain through each identity the principal can become that reaches it, not only "
    "the best.",
)
@click.option(
    "--escalation",
    is_flag=True,
    help="Instead: who could gain CAPABILITY through an escalation step (a resource policy it "
    "may rewrite, a user or role it may take over) and fare better than now, and how.",
)
@click.option(
    "--external",
    is_flag=True,
    help="Only principals outside the resource's account (other accounts, anyone, federated).",
)
@click.option("--account", default="", metavar="ID", help="Only principals of this account.")
@click.option(
    "--verdict",
    "verdicts",
    multiple=True,
    type=click.Choice([v.value for v in Verdict], case_sensitive=False),
    help="Only this verdict (repeatable).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([*KINDS, "account"], case_sensitive=False),
    help="Only this kind of principal (repeatable; account = an account outside the snapshot).",
)
@format_option
@common_options
def who_can_command(
    what: str,
    resource: str,
    all_chains: bool,
    escalation: bool,
    external: bool,
    account: str,
    verdicts: tuple[str, ...],
    kinds: tuple[str, ...],
    output_format: str | None,
    opts: Options,
) -> None:
    """Every principal that can use CAPABILITY (or perform ACTION) on RESOURCE, and how.

    RESOURCE is an ARN, `domain/repository` or a domain name; with wildcards (`'acme/*'`,
    `'*/npm-*'`, an ARN pattern) each domain or repository it matches is answered in turn,
    as AWS answers a request on that resource. Allowed and conditional chains
    are listed (conditional: only if the conditions shown hold). Each principal is placed in
    this account, our organisation, outside the organisation or AWS services; `anyone (*)`
    limited by aws:PrincipalOrgID counts as our organisation.
    """
    chosen = _filter(external, account, verdicts, kinds)
    what = capability_or_action(what)
    ag = access_graph(opts, lazy=True)  # computes only what this resource needs
    pattern = has_wildcard(resource)
    targets = ag.resolve_resources(resource) if pattern else [ag.resolve_resource(resource)]
    capability = parse_capability(what)
    if escalation and capability is None:
        raise UsageProblem(
            f"--escalation answers for login, read, publish or admin, not for one action ({what})"
        )
    answers = [(t, _answer(ag, t, what, all_chains, chosen, opts, escalation)) for t in targets]
    g = ag.partial_graph  # now with the callers outside the snapshot it met
    if opts.as_json:
        found = [
            _json(ag, g, t, capability.value if capability else what, chosen, placed, escalation)
            for t, placed in answers
        ]
        print_json({"pattern": resource, "resources": found} if pattern else found[0])
        return
    if pattern:
        opts.out.print(
            f"{resource} matches {len(targets)}: "
            + ", ".join(results.label(g, t) for t, _ in answers)
        )
    for target, placed in answers:
        count = len({p.reach.principal for p in placed})
        title = f"who can {what} {results.label(g, target)}"
        if escalation:
            title = f"who could gain {what} on {results.label(g, target)} by escalation"
        if chosen.active:
            title += f" ({chosen.describe()})"
        table = records(g, _ordered(placed), f"{title}: {count}")
        render(opts.out, table, output_format or default_format())


def _answer(
    ag: AccessGraph,
    target: str,
    what: str,
    all_chains: bool,
    chosen: WhoCanFilter,
    opts: Options,
    escalation: bool = False,
) -> list[Placed]:
    """The filtered, placed reaches of one resource."""
    capability = parse_capability(what)
    if capability is not None:
        kind = ag.partial_graph.nodes[target].get("kind")
        if kind == "domain" and capability.value not in ("login", "admin"):
            raise UsageProblem(f"{capability.value} applies to repositories, not domains")
        if escalation:
            with opts.err.status("finding escalation steps for every principal…"):
                reaches = ag.who_can(
                    target, capability.value, all_chains=all_chains, escalation=True
                )
        else:
            reaches = ag.who_can(target, capability.value, all_chains=all_chains)
    else:
        with opts.err.status(f"evaluating {what} for every principal…"):
            reaches = _engine(functools.partial(ag.who_can, target, what, all_chains=all_chains))
    return chosen.apply(place(ag.partial_graph, reaches, target, ag.snapshot.org))


def _json(
    ag: AccessGraph,
    g: nx.MultiDiGraph,
    target: str,
    what: str,
    chosen: WhoCanFilter,
    placed: list[Placed],
    escalation: bool = False,
) -> dict[str, Any]:
    return {
        "resource": target,
        "resource_label": results.label(g, target),
        "what": what,
        "context": _context(ag),
        "filter": chosen.describe(),
        "escalation": escalation,
        "reaches": [_record(g, p) for p in placed],
    }


def _record(g: nx.MultiDiGraph, placed: Placed) -> dict[str, Any]:
    record = results.reach_record(g, placed.reach)
    record["origin"] = placed.origin.name.lower()
    record["escalated"] = placed.reach.chain.escalated
    if placed.reach.via_upstream:
        record["through"] = accessed(placed.reach.chain)
        record["note"] = reach_sentence(g, placed.reach)
    return record


def _engine(call: Any) -> Any:
    try:
        return call()
    except (ValueError, KeyError) as error:
        raise UsageProblem(str(error.args[0]) if error.args else str(error)) from error


def _context(ag: AccessGraph) -> dict[str, Any]:
    from graph.export.formats import plain_context

    return plain_context(ag.context)
