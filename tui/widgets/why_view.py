"""The why pane: a chain as a diagram, each hop's steps, deciding statements, near misses, fix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

import graph
from graph.access import Fix, StepExplanation, Verdict
from graph.access.evidence import denial_words, mismatch_words
from graph.access.upstream_reach import sentence
from graph.export.results import hop_label
from graph.policy import Layer, StatementRef
from graph.visible import visible
from tui.policies_state import policy_targets
from tui.vocabulary import UPSTREAM, node_label
from tui.why_state import Explained, Selection, statement_lines
from tui.widgets.chain_diagram import ChainDiagram
from tui.widgets.verdicts import Palette
from tui.widgets.why_sections import could_gain, fixes, hanging, json_block, other_chains, pad

_ALLOW_ALL = ({"Action": "*", "Effect": "Allow", "Resource": "*"},)


def _allows_everything(ref: StatementRef, statement: Mapping[str, Any]) -> bool:
    """An SCP or RCP that allows everything (FullAWSAccess): a guardrail, summarised in one
    line. An identity policy that allows everything (AdministratorAccess) is a real grant and is
    shown like any other."""
    if ref.layer not in (Layer.SCP, Layer.RCP):
        return False
    trimmed = {k: v for k, v in statement.items() if k not in ("Sid", "Principal")}
    return trimmed in _ALLOW_ALL


def _short(resource: str) -> str:
    """`repository/acme/npm-internal` from its ARN; `*` and other text unchanged."""
    return visible(resource.split(":", 5)[-1] if resource.startswith("arn:") else resource)


def _ref(ref: StatementRef) -> str:
    return visible(f"{ref.policy} · {ref.label}")


class WhyView(VerticalScroll):
    """Shows an `Explained`; `fix` is the first fix's policy document, for copying or saving.

    For `publish`, a field names the package the question is about (`npm/acme/ui`, or a pattern
    `npm/acme/*`), as `cax can … --package` does; enter asks again (`PackageChosen`).

    | key | action |
    |---|---|
    | `p` | the next domain or repository policy statement named here, in its policy |
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "policy", "In policy", tooltip="Show a deciding statement in its policy"),
    ]

    @dataclass
    class PolicyJump(Message):
        """Show statement `index` of the policy of `arn` (a domain or repository)."""

        arn: str
        index: int

    class PackageChosen(Message):
        """The user named a package for a publish: explain `selection` in `view`."""

        def __init__(self, selection: Selection, view: str) -> None:
            super().__init__()
            self.selection = selection
            self.view = view

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, can_focus=True)
        self.explained: Explained | None = None
        self._jumps = 0

    def action_policy(self) -> None:
        """Jump to the next domain or repository policy statement this explanation names."""
        steps = (
            [s for h in self.explained.explanation.hops for s in h.steps] if self.explained else []
        )
        focus = self._focus_step(self.explained.explanation.hops) if self.explained else None
        ordered = ([focus] if focus else []) + [s for s in steps if s is not focus]
        targets = policy_targets(tuple(ordered))
        if not targets:
            self.app.notify("No domain or repository policy statement decides this.")
            return
        arn, index = targets[self._jumps % len(targets)]
        self._jumps += 1
        self.post_message(self.PolicyJump(arn, index))

    def compose(self) -> ComposeResult:
        yield Static(id="why-title")
        package = Input(
            placeholder="package: npm/acme/ui or npm/acme/* (enter to explain; empty = any)",
            id="why-package",
        )
        package.display = False
        yield package
        yield ChainDiagram()
        yield Static(id="why-body")
        yield Static(id="why-focus")

    def hint(self, text: str) -> None:
        """Show a hint instead of an explanation."""
        self.explained = None
        self.query_one("#why-title", Static).update(Text(text, style="dim"))
        self.query_one(ChainDiagram).clear()
        self.query_one("#why-body", Static).update("")
        self.query_one("#why-focus", Static).update("")
        self.query_one("#why-package", Input).display = False

    @on(Input.Submitted, "#why-package")
    def _package_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.explained is not None:
            package = event.value.strip() or "*"
            selection = replace(self.explained.selection, package=package)
            self.post_message(self.PackageChosen(selection, self.id or "why"))

    @property
    def fix(self) -> Fix | None:
        """The first fix with a policy document, if the explanation has one."""
        if self.explained is None:
            return None
        return next((f for f in self.explained.explanation.fixes if f.statement), None)

    def show(self, explained: Explained, access_graph: graph.AccessGraph) -> None:
        """Display an explanation."""
        self.explained = explained
        self._jumps = 0
        palette = Palette(self.app)
        explanation = explained.explanation
        selection = explained.selection
        word = palette.word(explanation.verdict, upper=True)
        if selection.through_upstream and explanation.verdict.reaches:
            # Not "allowed": reading this repository itself is denied (`cax can` says so); the
            # cell's own glyph says its packages come through the repository explained below.
            word = Text(f"{UPSTREAM} THROUGH UPSTREAM", style=palette.styles[explanation.verdict])
        title = Text.assemble(
            word,
            "  ",
            (node_label(access_graph, selection.principal), "bold"),
            (" · ", "dim"),
            selection.capability,
            (" · ", "dim"),
            (node_label(access_graph, selection.shown_resource), "bold"),
        )
        if selection.package != "*":
            title.append_text(Text.assemble((" · package ", "dim"), visible(selection.package)))
        self.query_one("#why-title", Static).update(title)
        package = self.query_one("#why-package", Input)
        package.display = selection.capability == "publish"
        package.value = "" if selection.package == "*" else selection.package
        labels = tuple(node_label(access_graph, n) for n in explanation.chain.nodes)
        self.query_one(ChainDiagram).show(explanation.chain, labels)
        before, failing = self._body(explained, access_graph, palette)
        self.query_one("#why-body", Static).update(Group(*before))
        focus = self.query_one("#why-focus", Static)
        focus.update(Group(*failing))
        self.scroll_home(animate=False)
        disputed = explained.error is not None and bool(explained.error.unseen)
        if not explanation.verdict.reaches and failing and not disputed:
            # Denied or unknown: the failing step, its sentence and the statements that decided
            # or nearly applied are what the user came for; the diagram may scroll out. Not
            # when AWS denied what cax cannot call denied: what cax cannot see comes first.
            self.call_after_refresh(self._scroll_to_failing, explained)

    def _scroll_to_failing(self, explained: Explained) -> None:
        if self.explained is explained:  # not replaced meanwhile by another cell's explanation
            self.scroll_to_widget(self.query_one("#why-focus"), animate=False, top=True)

    def _body(
        self, explained: Explained, access_graph: graph.AccessGraph, palette: Palette
    ) -> tuple[list[RenderableType], list[RenderableType]]:
        """The explanation up to the focus step, and from it on (its details, later hops, fixes)."""
        parts: list[RenderableType] = []
        before: list[RenderableType] | None = None
        explanation = explained.explanation
        selection = explained.selection
        if explained.error is not None:
            error = explained.error
            agrees = "agrees" if error.agrees else "disagrees"
            parts.append(
                Text.assemble(
                    ("AWS said: ", "bold"),
                    denial_words(error.error.reason),
                    (f"   cax {agrees}", "dim"),
                )
            )
            parts.extend(Text(f"note: {visible(note)}", style="italic") for note in error.notes)
            if error.unseen:
                parts.append(Text(error.unseen_title, style="bold"))
                parts.extend(pad(Text(f"- {visible(item)}"), 2) for item in error.unseen)
        if selection.through_upstream:
            served = node_label(access_graph, selection.cell_resource)
            through = node_label(access_graph, selection.resource)
            text = (
                f"{UPSTREAM} {sentence(served, through, explanation.verdict)}"
                if explanation.verdict.reaches
                else f"{served} is served through {through}; permission is checked there only."
            )
            parts.append(Text(text, style="italic"))
        g = access_graph.partial_graph
        focus = self._focus_step(explanation.hops)
        compact = not explanation.verdict.reaches
        for number, hop_explained in enumerate(explanation.hops, 1):
            hop = hop_explained.hop
            parts.append(Text())
            label = (visible(hop_label(g, hop)), "bold")
            parts.append(
                hanging(
                    Text(f"{number}. ", style="dim"),
                    Text.assemble(palette.glyph(hop_explained.verdict), " ", label),
                )
            )
            for condition in hop.conditions:
                parts.append(
                    pad(
                        Text.assemble(
                            ("if ", palette.styles[Verdict.CONDITIONAL]), visible(condition)
                        ),
                        5,
                    )
                )
            for step in hop_explained.steps:
                if step is focus:
                    before, parts = parts, []
                parts.extend(self._step_lines(step, palette, compact and step is not focus))
                if step is focus:
                    parts.extend(self._details(step, palette))
        parts.extend(fixes(explanation.fixes, palette))
        parts.extend(other_chains(g, explanation, palette))
        could = could_gain(g, explanation, palette)  # first in view: the cell's answer
        return ([*could, *parts], []) if before is None else (before, [*could, *parts])

    @staticmethod
    def _focus_step(hops: Iterable[Any]) -> StepExplanation | None:
        steps = [s for h in hops for s in h.steps]
        failing = next((s for s in steps if s.verdict is not Verdict.ALLOWED), None)
        return failing or (steps[-1] if steps else None)

    @staticmethod
    def _step_lines(
        step: StepExplanation, palette: Palette, compact: bool = False
    ) -> list[RenderableType]:
        line = Text.assemble(
            palette.glyph(step.verdict),
            " ",
            visible(step.step.action),
            (f"  {_short(step.step.resource)}", "dim"),
        )
        out: list[RenderableType] = [pad(line, 3)]
        if step.verdict is Verdict.ALLOWED and not compact:
            named = [_ref(r) for r, s in step.deciding if not _allows_everything(r, s)]
            if named:
                out.append(pad(Text(f"by {', '.join(named)}", style="dim"), 5))
        return out

    def _details(self, step: StepExplanation, palette: Palette) -> list[RenderableType]:
        out: list[RenderableType] = [pad(Text(visible(step.sentence), style="italic"), 5)]
        guardrails = [_ref(r) for r, s in step.deciding if _allows_everything(r, s)]
        shown = [(r, s) for r, s in step.deciding if not _allows_everything(r, s)]
        if shown:
            out.append(pad(Text("deciding statements", style=palette.primary), 5))
        for ref, statement in shown:
            effect = "deny" if ref.effect.value == "Deny" else "allow"
            out.append(pad(Text.assemble((_ref(ref), "bold"), (f"  ({effect})", "dim")), 5))
            text, marked = statement_lines(
                statement, action=step.step.action, resource=step.step.resource
            )
            out.append(pad(json_block(text, marked, palette), 3))
        if guardrails:
            out.append(pad(Text(f"{', '.join(guardrails)} allow everything", style="dim"), 5))
        if step.conditions:
            out.append(pad(Text("conditions the snapshot cannot decide", style=palette.primary), 5))
            for condition in step.conditions:
                out.append(
                    pad(
                        Text.assemble(
                            ("◐ ", palette.styles[Verdict.CONDITIONAL]), visible(condition)
                        ),
                        7,
                    )
                )
        for unreadable in step.unreadable:
            out.append(
                pad(
                    Text.assemble(
                        ("? could not read ", palette.styles[Verdict.UNKNOWN]), visible(unreadable)
                    ),
                    7,
                )
            )
        if step.near_misses:
            out.append(
                pad(
                    Text("near misses: allow statements that almost apply", style=palette.primary),
                    5,
                )
            )
        for miss in step.near_misses:
            why = (
                "  " + visible("; ".join(mismatch_words(m, _short(d)) for m, d in miss.reasons)),
                "dim",
            )
            out.append(pad(Text.assemble((_ref(miss.ref), "bold"), why), 5))
            text, marked = statement_lines(miss.statement, mismatches=(m for m, _ in miss.reasons))
            out.append(pad(json_block(text, marked, palette), 3))
        return out
