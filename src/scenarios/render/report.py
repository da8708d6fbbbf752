"""One tabular result, rendered in each output format of
:data:`scenarios.render.output_formats.OUTPUT_FORMATS`: a rich table, JSON, CSV or Markdown.

Every analysis command builds a :class:`Report` (a title, column names, rows of cells and the
JSON payload) and lets :func:`render_report` format it, so the formats cannot drift apart.

Example:
    >>> r = Report("Swing", ["variable", "swing"], [["a", Cell("0.50", 0.5)]], {"a": 0.5})
    >>> print(render_report(r, "csv"), end="")
    variable,swing
    a,0.5
    >>> print(render_report(r, "markdown"), end="")
    **Swing**
    <BLANKLINE>
    | variable | swing |
    | --- | --- |
    | a | 0.50 |
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.core.named import lazy_module
from scenarios.render.output_formats import output_format

if TYPE_CHECKING:  # imported for --format json and csv alone (scenarios.core.named)
    import csv
    import json
else:
    csv = lazy_module("csv")
    json = lazy_module("json")

TABLE_ROWS = 200  # rows a table shows on a terminal; CSV, JSON and Markdown carry them all


@dataclass(frozen=True)
class Cell:
    """What a table shows (``text``), what CSV carries (``raw``) and an optional rich style."""

    text: str
    raw: Any = None
    style: str | None = None


@dataclass
class Report:
    title: str
    columns: list[str]
    rows: list[list[Any]]
    data: Any
    notes: list[str] = field(default_factory=list)
    right_aligned: set[int] = field(default_factory=set)
    bars: set[int] = field(default_factory=set)  # columns drawn for the eye: not in CSV
    view: Any = None  # a richer rich renderable for the table format (else the rows' table)
    sections: list[Report] = field(default_factory=list)  # more tables, after this one in
    # the table and markdown formats (CSV holds this table only; JSON is ``data``)
    csv_rows: Report | None = None  # a tidier table for CSV (long form), when the shown one
    # is wide
    context: dict[str, str] = field(default_factory=dict)  # what the numbers are given (model,
    # evidence, P(evidence)): under the title in Markdown, a column each in CSV, "context"
    # in JSON that has no "model" of its own; the terminal's views say it in their headings


def _text(cell: Any) -> str:
    return cell.text if isinstance(cell, Cell) else str(cell)


def _raw(cell: Any) -> Any:
    if isinstance(cell, Cell):
        return csv_text(cell.text) if cell.raw is None else csv_text(cell.raw)
    return csv_text(cell)


_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet opening a CSV would evaluate


def csv_text(value: Any) -> Any:
    """A CSV cell as a spreadsheet should read it: text that a spreadsheet would take for a
    formula (a name like ``+cmd|calc`` from a model file) gets a leading apostrophe, as
    OWASP advises; numbers, and text that is a number, are left as they are.

    >>> csv_text("+cmd|calc"), csv_text("-0.5"), csv_text(-0.5), csv_text("is_funding")
    ("'+cmd|calc", '-0.5', -0.5, 'is_funding')
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def render_report(report: Report, fmt: str, max_rows: int | None = None) -> RenderableType:
    """``report`` in the output format named ``fmt`` (see :mod:`.output_formats`): a string
    for json/csv/markdown; a rich renderable for table, of at most ``max_rows`` rows (then a
    note says how many there are and how to get them all)."""
    rendered: RenderableType = output_format(fmt).render(report, max_rows)
    return rendered


def as_json(report: Report, _max_rows: int | None) -> str:
    """The report's JSON payload (with its context where the payload has no model of its own)."""
    data = report.data
    if report.context and isinstance(data, dict) and "model" not in data:
        data = {**data, "context": dict(report.context)}  # a shape with its own model,
        # evidence and P(evidence) (query, compare) is left as documented
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_csv(report: Report, _max_rows: int | None) -> str:
    """The report's rows (or its tidier ``csv_rows``) as CSV, context a column each."""
    if report.csv_rows is not None:
        return as_csv(replace(report.csv_rows, context=report.context), None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    keep = [i for i in range(len(report.columns)) if i not in report.bars]
    extra = list(report.context.values())
    writer.writerow([*(csv_text(report.columns[i]) for i in keep), *report.context])
    extra = [csv_text(value) for value in extra]
    writer.writerows([[*(_raw(row[i]) for i in keep), *extra] for row in report.rows])
    return buffer.getvalue()


def as_markdown(report: Report, _max_rows: int | None) -> str:
    """The report and its sections as Markdown tables."""
    return "\n".join(_markdown(r) for r in [report, *report.sections])


def as_table(report: Report, max_rows: int | None) -> RenderableType:
    """The report as rich renderables for the terminal: its view or table, then each section's
    view or table."""

    def shown(r: Report) -> RenderableType:
        return r.view if r.view is not None else rich_table(r, max_rows)

    if not report.sections:
        return shown(report)
    return Group(shown(report), *(Group(Text(""), shown(r)) for r in report.sections))


_MARKDOWN_ACTIVE = re.compile(r"([\\`*\[\]<>&|~])")  # what Markdown or HTML would act on
_EMPHASIS = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")  # '_' that may open or close


def markdown_text(text: object) -> str:
    """Text (from a model, scenario or journal file, or the tool's own) as literal Markdown:
    every character that could start HTML, a link, code or emphasis backslash-escaped (as
    CommonMark allows for any ASCII punctuation), '_' where it could start or end emphasis
    (not inside a word: ``is_funding`` stays readable), a '#' that would start a heading,
    and line breaks made spaces.

    >>> print(markdown_text("<script>x</script> is_funding _a_ [l](j) #1"))
    \\<script\\>x\\</script\\> is_funding \\_a\\_ \\[l\\](j) #1
    """
    flat = " ".join(str(text).splitlines())
    escaped = _EMPHASIS.sub(r"\\_", _MARKDOWN_ACTIVE.sub(r"\\\1", flat))
    return "\\" + escaped if escaped.startswith("#") else escaped


def _markdown(report: Report) -> str:
    lines = [f"**{markdown_text(report.title)}**", ""]
    if report.context:
        lines += [
            f"- {markdown_text(key)}: {markdown_text(value)}"
            for key, value in report.context.items()
        ] + [""]
    lines += [
        "| " + " | ".join(markdown_text(c) for c in report.columns) + " |",
        "| " + " | ".join("---" for _ in report.columns) + " |",
    ]
    lines += [
        "| "
        + " | ".join("<br>".join(markdown_text(p) for p in _text(c).split("\n")) for c in row)
        + " |"
        for row in report.rows
    ]
    for note in report.notes:  # a paragraph each: Markdown joins adjacent lines
        lines += ["", f"_{markdown_text(note)}_"]
    return "\n".join(lines) + "\n"


def rich_table(report: Report, max_rows: int | None = None) -> Group:
    """The report as a rich table with its title and notes (the table format's default)."""
    table = Table(title=Text(report.title, style="bold cyan"), title_justify="left")
    for i, name in enumerate(report.columns):
        justify: Literal["right", "left"] = "right" if i in report.right_aligned else "left"
        table.add_column(Text(name), justify=justify, overflow="fold")
    shown = report.rows if max_rows is None else report.rows[:max_rows]
    notes = list(report.notes)
    if len(shown) < len(report.rows):
        notes.append(
            f"showing the first {len(shown):,} of {len(report.rows):,} rows; all of them: "
            "--format csv -o FILE (or --format json)"
        )
    for row in shown:
        table.add_row(
            *(
                Text(_text(c), style=c.style or "") if isinstance(c, Cell) else Text(str(c))
                for c in row
            )
        )
    return Group(table, *(Text(n, style="dim") for n in notes))
