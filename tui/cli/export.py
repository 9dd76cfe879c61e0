"""`cax export`: write the access graph (or a scoped part) for Gephi, yEd, Graphviz, D3,
Cytoscape, Markdown, Neo4j or Neptune."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click
from rich.text import Text

from graph import AccessGraph
from graph.export import FORMATS, export_graph
from tui.cli.common import Options, UsageProblem, access_graph, common_options, print_json

_FORMAT_LIST = "\n".join(f"  {name:<10} {fmt.description}" for name, fmt in FORMATS.items())


@click.command(
    "export",
    epilog="\b\nFormats:\n" + _FORMAT_LIST,
)
@click.option(
    "--format",
    "-f",
    "fmt",
    required=True,
    type=click.Choice(list(FORMATS), case_sensitive=False),
    help="Output format (see below).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="File to write (a directory for neo4j and neptune); - for stdout.",
)
@click.option("--principal", "-p", metavar="P", help="Only the chains of this principal.")
@click.option("--resource", "-r", metavar="R", help="Only the chains that reach this resource.")
@click.option(
    "--capability",
    "-c",
    type=click.Choice(["login", "read", "publish", "admin"], case_sensitive=False),
    help="Only this capability's access edges.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file (or cax export directory).")
@click.option(
    "--escalation",
    is_flag=True,
    help="Add the escalation edges (docs/graph-schema.md), every take-over included.",
)
@common_options
def export_command(
    fmt: str,
    output: Path,
    principal: str | None,
    resource: str | None,
    capability: str | None,
    force: bool,
    escalation: bool,
    opts: Options,
) -> None:
    """Export the access graph: every node, and every edge with its evidence (policy ·
    statement, conditions, outcome). Written atomically; an existing file needs --force.

    Scope it with --principal, --resource and --capability to keep DOT and Mermaid readable.
    """
    chosen = FORMATS[fmt.lower()]
    if str(output) == "-":
        if chosen.directory:
            raise UsageProblem(f"{chosen.name} writes a directory: give -o a directory, not -")
        _to_stdout(fmt, chosen.extension, principal, resource, capability, opts, escalation)
        return
    ag = _graph(opts, escalation)
    with opts.err.status(f"writing {fmt}…"):
        result = export_graph(
            ag,
            fmt,
            output,
            principal=principal,
            resource=resource,
            capability=capability,
            force=force,
        )
    if opts.as_json:
        print_json(
            {
                "format": FORMATS[fmt.lower()].name,
                "paths": [str(p) for p in result.paths],
                "nodes": result.nodes,
                "edges": result.edges,
                "warnings": list(result.warnings),
            }
        )
    else:
        err = opts.err
        where = output if FORMATS[fmt.lower()].directory else result.paths[0]
        err.print(Text(f"wrote {result.nodes} nodes and {result.edges} edges to {where}"))
        for warning in result.warnings:
            err.print(Text("warning: ", style="yellow").append(warning))


def _to_stdout(
    fmt: str,
    extension: str,
    principal: str | None,
    resource: str | None,
    capability: str | None,
    opts: Options,
    escalation: bool = False,
) -> None:
    """`-o -`: write to a private temporary file, then copy it to stdout (the exports write
    files atomically; a single-file format is small enough to pass through)."""
    ag = _graph(opts, escalation)
    with tempfile.TemporaryDirectory(prefix="cax-export-") as folder:
        path = Path(folder) / f"export{extension}"
        with opts.err.status(f"writing {fmt}…"):
            result = export_graph(
                ag, fmt, path, principal=principal, resource=resource, capability=capability
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(path.read_bytes())
        sys.stdout.flush()
    for warning in result.warnings:
        opts.err.print(Text("warning: ", style="yellow").append(warning))


def _graph(opts: Options, escalation: bool) -> AccessGraph:
    """The access graph to export, with every escalation edge when asked."""
    ag = access_graph(opts)
    if escalation:
        with opts.err.status("finding escalation steps…"):
            ag.add_escalation(takeovers=True)
    return ag
