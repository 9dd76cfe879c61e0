"""Tabular command output: a rich table on a terminal; plain, TSV, CSV or Markdown otherwise.

`plain` and `tsv` print one record a line with whole values, so `| grep` keeps every line;
`plain` is the default when stdout is not a terminal.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from graph.visible import visible

FORMATS = ("table", "plain", "tsv", "csv", "markdown")


@dataclass(frozen=True)
class Column:
    """A column: its header, and whether its values must never be broken (ids, ARNs)."""

    name: str
    whole: bool = True
    drop: int = 0
    """When the terminal is narrow, columns with the highest `drop` go first (0: never)."""


@dataclass
class Records:
    """Rows of `Text` cells (styled for the table, plain for the rest) under a title."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Text, ...]] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    """Lines printed under a table or plain listing (a legend); never in TSV, CSV or Markdown."""

    def add(self, *cells: Text) -> None:
        """One record."""
        self.rows.append(cells)


def default_format() -> str:
    """`table` on a terminal, `plain` in a pipe or file."""
    return "table" if sys.stdout.isatty() else "plain"


def _cell(text: Text) -> str:
    """One line, whole: control characters were made visible already; new lines become spaces."""
    return visible(text.plain.replace("\n", " "))


def render(out: Console, records: Records, fmt: str) -> None:
    """Print the records in `fmt` (one of `FORMATS`)."""
    if fmt == "table":
        kept = _fitting(records, out.width)
        if kept is None:
            _stacked(out, records)
            return
        table = Table(title=records.title, title_justify="left", box=box.SIMPLE_HEAD)
        for i in kept:
            column = records.columns[i]
            if column.whole:
                table.add_column(column.name, no_wrap=True, min_width=_width(records, i))
            else:
                table.add_column(column.name, overflow="fold", ratio=1, min_width=16)
        for row in records.rows:
            table.add_row(*(row[i] for i in kept))
        out.print(table)
        for note in records.notes:
            out.print(note)
        return
    lines = _lines(records, fmt)
    click.echo("\n".join(lines))


def _width(records: Records, index: int) -> int:
    return max([len(records.columns[index].name), *(r[index].cell_len for r in records.rows)])


def _fitting(records: Records, width: int) -> list[int] | None:
    """The columns that fit `width` whole (ids and ARNs never broken): the ones with the
    highest `drop` go first while the wrapped columns would get fewer than 16 cells each;
    None when even that does not fit (`_stacked` then)."""
    kept = list(range(len(records.columns)))

    def needed() -> int:
        columns = [records.columns[i] for i in kept]
        fixed = sum(_width(records, i) for i in kept if records.columns[i].whole)
        return fixed + 16 * sum(not c.whole for c in columns) + 3 * len(columns)

    for index in sorted(kept, key=lambda i: -records.columns[i].drop):
        if needed() <= width or not records.columns[index].drop:
            break
        kept.remove(index)
    return kept if needed() <= width else None


def _stacked(out: Console, records: Records) -> None:
    """For a narrow terminal: each record's short whole values on one line; the whole values
    that would push it past the width (an ARN) each on a line of their own, and its long values
    (chain, conditions) wrapped between words, indented under it. The terminal never has to
    wrap a line, which would break an id or an ARN."""
    if records.title:
        out.print(Text(records.title, style="bold"))
    whole = [i for i, c in enumerate(records.columns) if c.whole and not c.drop]
    widths = {i: _width(records, i) for i in whole}
    first = _leading(whole, widths, out.width)
    for row in records.rows:
        line = Text()
        for i in first:
            cell = row[i].copy()
            cell.pad_right(widths[i] - cell.cell_len)
            line.append_text(cell).append("  ")
        line.rstrip()
        out.print(line, no_wrap=True, overflow="ignore", crop=False)
        for i in whole[len(first) :]:
            if row[i].plain:
                indent = "    " if row[i].cell_len + 4 <= out.width else ""
                out.print(Text(indent).append_text(row[i]), no_wrap=True, crop=False)
        for i, column in enumerate(records.columns):
            if not column.whole and row[i].plain:
                out.print(Text("    ").append_text(row[i]))
    for note in records.notes:
        out.print(note)


def _leading(whole: list[int], widths: dict[int, int], width: int) -> list[int]:
    """The whole columns, from the left, that fit one line of `width` (the first always)."""
    kept: list[int] = []
    used = 0
    for i in whole:
        used += widths[i] + (2 if kept else 0)
        if kept and used > width:
            break
        kept.append(i)
    return kept


def _lines(records: Records, fmt: str) -> list[str]:
    header = [c.name for c in records.columns]
    rows = [[_cell(c) for c in row] for row in records.rows]
    if fmt == "tsv":
        return ["\t".join(v.replace("\t", " ") for v in r) for r in [header, *rows]]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([header, *rows])
        return buffer.getvalue().rstrip("\n").split("\n")
    if fmt == "markdown":

        def line(values: Sequence[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

        return [line(header), line(["---"] * len(header)), *(line(r) for r in rows)]
    widths = [max(len(v) for v in column) for column in zip(header, *rows, strict=True)]
    lines = [records.title] if records.title else []
    for values in [header, *rows]:
        padded = [v.ljust(w) for v, w in zip(values[:-1], widths, strict=False)]
        lines.append("  ".join([*padded, values[-1]]).rstrip())
    lines += [_cell(n) for n in records.notes]
    return lines


F = TypeVar("F", bound=Callable[..., Any])


def format_option(func: F) -> F:
    """`--format table|plain|tsv|csv|markdown` (default: table on a terminal, plain otherwise)."""
    option = click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default=None,
        help="Output: table (default on a terminal), plain (default in a pipe: one record a "
        "line, whole values), tsv, csv or markdown.",
    )
    return option(func)
