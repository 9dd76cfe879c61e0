"""Plain-Python state of the diff view: the verdicts two snapshots disagree on, by resource, and
what a selected one says (both chains, the changes that moved it).

Nothing here imports Textual; `DiffView` is unit-testable on a `SnapshotDiff` alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from graph.access import Chain
from graph.diff import SnapshotDiff, VerdictChange
from graph.diff.records import change_id, counts, headline, label, label_graph
from graph.export import results
from graph.visible import json_escaped, visible


@dataclass(frozen=True)
class DiffRow:
    """One moved verdict, as the table shows it."""

    verdict: VerdictChange
    principal: str
    account: str

    @property
    def widened(self) -> bool:
        """Gained (green) rather than lost (red)."""
        return self.verdict.widened


@dataclass(frozen=True)
class ResourceGroup:
    """A domain or repository and the verdicts that moved on it."""

    resource: str
    label: str
    rows: tuple[DiffRow, ...]

    @property
    def summary(self) -> str:
        """`3 gained, 1 lost`."""
        return counts([r.verdict for r in self.rows])


@dataclass(frozen=True)
class DiffView:
    """What the diff view lists, in its order: resources with most moved verdicts first."""

    diff: SnapshotDiff
    groups: tuple[ResourceGroup, ...]

    @classmethod
    def of(cls, diff: SnapshotDiff) -> DiffView:
        """Group the moved verdicts by resource; principals by label within each."""
        by_resource: dict[str, list[DiffRow]] = {}
        for verdict in diff.verdicts:
            g = label_graph(diff, verdict.principal)
            account = str(g.nodes[verdict.principal].get("account", ""))
            row = DiffRow(verdict, visible(label(diff, verdict.principal)), visible(account))
            by_resource.setdefault(verdict.resource, []).append(row)
        groups = [
            ResourceGroup(
                resource,
                visible(label(diff, resource)),
                tuple(sorted(rows, key=lambda r: (r.principal, r.account, r.verdict.capability))),
            )
            for resource, rows in by_resource.items()
        ]
        groups.sort(key=lambda g: (-len(g.rows), g.label))
        return cls(diff, tuple(groups))

    @property
    def title(self) -> str:
        """`access widened and narrowed: 23 verdicts moved (20 gained, 3 lost)`."""
        moved = self.diff.verdicts
        if not moved and not self.diff.appeared:
            return "no change: the two snapshots grant the same access"
        return headline(self.diff)

    def detail(self, row: DiffRow) -> list[tuple[str, str]]:
        """(style, line) pairs for the selected verdict: before and after with their chains,
        then each change that moved it, with its JSON."""
        verdict = row.verdict
        lines = [
            (
                "bold",
                f"{row.principal} · {verdict.capability} · {label(self.diff, verdict.resource)}",
            ),
            ("", f"before: {verdict.before.value}  {self._chain(verdict.chain_before, True)}"),
            ("", f"after:  {verdict.after.value}  {self._chain(verdict.chain_after, False)}"),
        ]
        if not verdict.causes:
            lines.append(("dim", "no change on either chain: not attributed"))
        for index in verdict.causes:
            change = self.diff.changes[index]
            lines.append(("bold", f"{change_id(index)}  {visible(change.summary)}"))
            text = json_escaped(
                json.dumps(change.diff, indent=2, sort_keys=True, ensure_ascii=False)
            )
            lines.extend(("dim", "    " + line) for line in text.splitlines())
        return lines

    def _chain(self, chain: Chain | None, before: bool) -> str:
        if chain is None:
            return "(no chain)"
        g = self.diff.old.partial_graph if before else self.diff.new.partial_graph
        start = chain.hops[0].source if chain.hops else ""
        names = [visible(str(g.nodes[start].get("label", start))) if start else ""]
        names += [visible(results.hop_label(g, h)) for h in chain.hops]
        return " → ".join(n for n in names if n)

    def appeared(self) -> list[str]:
        """`role/new-admin added: 12 reaches`, one line each."""
        return [
            f"{visible(label(self.diff, a.node))} {'added' if a.added else 'removed'}: "
            f"{len(a.reaches)} reaches"
            for a in self.diff.appeared
        ]
