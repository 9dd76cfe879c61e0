"""`cax diff`'s output: a table per resource and by principal, plain and TSV records, and
Markdown for a pull request comment (the JSON is `graph.diff.records`)."""

from __future__ import annotations

import json

from rich.text import Text

from graph.diff import SnapshotDiff, VerdictChange
from graph.diff.records import (
    change_id,
    counts,
    direction,
    headline,
    label,
    label_graph,
    moved_summary,
)
from graph.visible import json_escaped, visible
from tui.cli.common import Options, shown, verdict_text
from tui.cli.output import Column, Records, render
from tui.cli.who_can import chain_text


def _change(verdict: VerdictChange) -> Text:
    return Text(verdict.kind, style="green" if verdict.widened else "red")


def _chain(diff: SnapshotDiff, verdict: VerdictChange, before: bool) -> Text:
    chain = verdict.chain_before if before else verdict.chain_after
    if chain is None:
        return Text("—", style="dim")
    g = diff.old.partial_graph if before else diff.new.partial_graph
    return chain_text(g, verdict.principal, chain)


def _account(diff: SnapshotDiff, node: str) -> str:
    g = label_graph(diff, node)
    return str(g.nodes[node].get("account", "")) if g.has_node(node) else ""


def _causes(diff: SnapshotDiff, verdict: VerdictChange, fmt: str) -> Text:
    if fmt == "table":
        ids = ", ".join(change_id(i) for i in verdict.causes)
        return shown(f"by {ids}" if ids else "not attributed")
    return shown("; ".join(diff.changes[i].summary for i in verdict.causes) or "not attributed")


def records(diff: SnapshotDiff, fmt: str) -> Records:
    """One record per moved verdict (by resource, then principal), then what came or went."""
    out = Records(
        headline(diff),
        (
            Column("resource"),
            Column("principal"),
            Column("account", drop=3),
            Column("capability"),
            Column("change"),
            Column("before"),
            Column("after"),
            Column("chain before", whole=False, drop=2),
            Column("chain after", whole=False, drop=1),
            Column("caused by", whole=False),
        ),
    )
    for v in sorted(
        diff.verdicts, key=lambda v: (label(diff, v.resource), label(diff, v.principal))
    ):
        out.add(
            shown(label(diff, v.resource)),
            shown(label(diff, v.principal)),
            shown(_account(diff, v.principal)),
            shown(v.capability),
            _change(v),
            verdict_text(v.before),
            verdict_text(v.after),
            _chain(diff, v, True),
            _chain(diff, v, False),
            _causes(diff, v, fmt),
        )
    for item in diff.appeared:
        g = label_graph(diff, item.node)
        kind = str(g.nodes[item.node].get("kind", "")) if g.has_node(item.node) else ""
        what = "principal" if kind in ("user", "role") else "resource"
        word = f"{what} {'added' if item.added else 'removed'}"
        reach = f"{len(item.reaches)} reaches" if item.reaches else "no access"
        out.add(
            shown(label(diff, item.node)) if what == "resource" else Text("—", style="dim"),
            shown(label(diff, item.node)) if what == "principal" else Text("—", style="dim"),
            shown(_account(diff, item.node)),
            Text(""),
            Text(
                word,
                style="green" if item.added and item.reaches else "red" if item.reaches else "",
            ),
            Text(""),
            Text(""),
            Text(""),
            shown(reach),
            Text(""),
        )
    return out


def print_diff(opts: Options, diff: SnapshotDiff, fmt: str) -> None:
    """The diff on stdout in `fmt` (table, plain or tsv)."""
    out = opts.out
    if diff.unchanged and not diff.changes and fmt in ("table", "plain"):
        out.print("no change: the two snapshots grant the same access")
        return
    if fmt != "table":
        render(out, records(diff, fmt), fmt)
        return
    out.print(Text(records(diff, fmt).title, style="bold"))
    by_resource: dict[str, list[VerdictChange]] = {}
    for verdict in diff.verdicts:
        by_resource.setdefault(verdict.resource, []).append(verdict)
    for resource, moved in sorted(by_resource.items(), key=lambda kv: label(diff, kv[0])):
        out.print()
        render(out, _resource_table(diff, resource, moved), "table")
    if diff.verdicts:
        out.print()
        render(out, _principal_table(diff), "table")
    if diff.appeared:
        out.print()
        render(out, _appeared_table(diff), "table")
    out.print()
    out.print(Text("changes", style="bold"))
    for i, change in enumerate(diff.changes):
        out.print(Text(f"{change_id(i)}  ").append_text(shown(change.summary)))
        text = json_escaped(json.dumps(change.diff, indent=2, sort_keys=True, ensure_ascii=False))
        for line in text.splitlines():
            out.print(Text("    " + line, style="dim"), soft_wrap=True)
    out.print(Text(_legend(), style="dim"))


def _resource_table(diff: SnapshotDiff, resource: str, moved: list[VerdictChange]) -> Records:
    """The verdicts that moved on one resource, by principal."""
    table = Records(
        f"{label(diff, resource)}: {counts(moved)}",
        (
            Column("principal"),
            Column("account"),
            Column("capability"),
            Column("change"),
            Column("before → after"),
            Column("chain", whole=False, drop=1),
            Column("cause"),
        ),
    )
    for v in sorted(moved, key=lambda v: (label(diff, v.principal), v.capability)):
        arrow = verdict_text(v.before).append(" → ").append_text(verdict_text(v.after))
        chain = _chain(diff, v, v.chain_after is None)
        if v.chain_after is None:
            chain = Text("was: ", style="dim").append_text(chain)
        table.add(
            shown(label(diff, v.principal)),
            shown(_account(diff, v.principal)),
            shown(v.capability),
            _change(v),
            arrow,
            chain,
            _causes(diff, v, "table"),
        )
    return table


def _principal_table(diff: SnapshotDiff) -> Records:
    """The same verdicts by principal: how many moved which way, and where."""
    table = Records(
        "by principal",
        (
            Column("principal"),
            Column("account"),
            Column("moved"),
            Column("resources", whole=False),
        ),
    )
    by_principal: dict[str, list[VerdictChange]] = {}
    for verdict in diff.verdicts:
        by_principal.setdefault(verdict.principal, []).append(verdict)
    for principal, moved in sorted(by_principal.items(), key=lambda kv: label(diff, kv[0])):
        places = sorted({f"{v.capability} {label(diff, v.resource)}" for v in moved})
        widened = any(v.widened for v in moved)
        table.add(
            shown(label(diff, principal)),
            shown(_account(diff, principal)),
            Text(counts(moved), style="green" if widened else "red"),
            shown(", ".join(places)),
        )
    return table


def _appeared_table(diff: SnapshotDiff) -> Records:
    table = Records(
        "added or removed", (Column("principal or resource"), Column("change"), Column("access"))
    )
    for item in diff.appeared:
        word = "added" if item.added else "removed"
        style = ("green" if item.added else "red") if item.reaches else ""
        reach = f"{len(item.reaches)} reaches" if item.reaches else "no access"
        table.add(shown(label(diff, item.node)), Text(word, style=style), shown(reach))
    return table


def _legend() -> str:
    return (
        "gained and added in green widen access (exit 1); lost and removed in red narrow it "
        "(exit 3); became unknown: a policy in play could not be read"
    )


def markdown(diff: SnapshotDiff) -> str:
    """A pull request comment: the verdict, a table per resource, each change as JSON."""
    lines = [f"## cax diff: access {direction(diff)}", ""]
    if diff.unchanged and not diff.changes:
        return "\n".join([*lines, "No change: the two snapshots grant the same access."])
    lines.append(f"{moved_summary(diff)}.")
    by_resource: dict[str, list[VerdictChange]] = {}
    for v in diff.verdicts:
        by_resource.setdefault(v.resource, []).append(v)
    for resource, moved in sorted(by_resource.items(), key=lambda kv: label(diff, kv[0])):
        lines += ["", f"### {_md(label(diff, resource))}: {counts(moved)}", ""]
        lines.append(
            "| principal | account | capability | change | before → after | chain | cause |"
        )
        lines.append("| --- | --- | --- | --- | --- | --- | --- |")
        for v in sorted(moved, key=lambda v: (label(diff, v.principal), v.capability)):
            chain = _chain(diff, v, v.chain_after is None).plain
            chain = f"was: {chain}" if v.chain_after is None else chain
            causes = ", ".join(change_id(i) for i in v.causes)
            lines.append(
                f"| {_md(label(diff, v.principal))} | {_account(diff, v.principal)} | "
                f"{v.capability} | {v.kind} | {v.before.value} → {v.after.value} | "
                f"{_md(chain)} | {causes} |"
            )
    if diff.verdicts:
        lines += ["", "### By principal", ""]
        by_principal: dict[str, list[VerdictChange]] = {}
        for v in diff.verdicts:
            by_principal.setdefault(v.principal, []).append(v)
        for principal, moved in sorted(by_principal.items(), key=lambda kv: label(diff, kv[0])):
            where = ", ".join(sorted({f"{v.capability} {label(diff, v.resource)}" for v in moved}))
            account = _account(diff, principal)
            who = f"{label(diff, principal)} ({account})" if account else label(diff, principal)
            lines.append(f"- {_md(who)}: {counts(moved)}: {_md(where)}")
    if diff.appeared:
        lines += ["", "### Principals and resources added or removed", ""]
        for item in diff.appeared:
            word = "added" if item.added else "removed"
            lines.append(f"- {_md(label(diff, item.node))} {word}: {len(item.reaches)} reaches")
    lines += ["", "### Changes", ""]
    for i, change in enumerate(diff.changes):
        text = json_escaped(json.dumps(change.diff, indent=2, sort_keys=True, ensure_ascii=False))
        fence = "`" * max(3, _longest_backticks(text) + 1)
        lines += [f"**{change_id(i)}** {_md(change.summary)}", "", f"{fence}json", text]
        lines += [fence, ""]
    return "\n".join(lines).rstrip() + "\n"


def _longest_backticks(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest


def _md(text: str) -> str:
    """AWS text in a Markdown cell: visible, no table breaks, no markup."""
    escaped = visible(text).replace("\\", "\\\\").replace("|", "\\|")
    for char in "`*_[]<>#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped
