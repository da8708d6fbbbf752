"""The registry of output formats: what ``--format`` may name, what each is for, and the
function that renders a :class:`scenarios.render.report.Report` in it.

Renderers are named (``"scenarios.render.report:as_json"``), imported when a report is first
rendered, so that the command line's help lists the formats without loading rich's tables.
A new format is a renderer ``(report, max_rows) -> str | rich renderable`` and one line in
:data:`OUTPUT_FORMATS`.

Example:
    >>> output_format("JSON").summary
    'the full result, for programs'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios.core.named import named


@dataclass(frozen=True)
class OutputFormat:
    """One way to print a report: its name (``--format NAME``), what it is for, and the
    ``"module:function"`` name of what renders a report (with at most ``max_rows`` rows, where
    it shows rows)."""

    name: str
    summary: str
    renderer: str

    def render(self, report: object, max_rows: int | None) -> Any:
        """``report`` (a :class:`~scenarios.render.report.Report`, which imports this module)
        in this format: a string, or a rich renderable for the terminal."""
        return named(self.renderer)(report, max_rows)


OUTPUT_FORMATS = (
    OutputFormat(
        "table", "to read in the terminal (the default)", "scenarios.render.report:as_table"
    ),
    OutputFormat("json", "the full result, for programs", "scenarios.render.report:as_json"),
    OutputFormat("csv", "rows for a spreadsheet or a data frame", "scenarios.render.report:as_csv"),
    OutputFormat("markdown", "to paste into a document", "scenarios.render.report:as_markdown"),
)
"""The output format registry: ``--format``'s choices and help, and
:func:`scenarios.render.report.render_report`, read it."""
OUTPUT_NAMES = tuple(f.name for f in OUTPUT_FORMATS)


def output_format(name: str) -> OutputFormat:
    """The output format called ``name`` (case-insensitive)."""
    for fmt in OUTPUT_FORMATS:
        if fmt.name == name.lower():
            return fmt
    raise ValueError(f"unknown output format '{name}': use one of {', '.join(OUTPUT_NAMES)}")
