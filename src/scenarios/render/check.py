"""The report of ``scenarios check``: each expectation of a scenario file, its value against its
reference, passed or failed."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from scenarios.analysis.check import ExpectationResult
from scenarios.render.cells import probability_cell
from scenarios.render.report import Cell, Report


def check_report(results: list[ExpectationResult]) -> Report:
    table = []
    for r in results:
        verdict = Cell("pass", True, "green") if r.passed else Cell("FAIL", False, "bold red")
        share = Cell(f"{r.share:.0%}", r.share) if r.share is not None else ""
        table.append(
            [
                r.scenario,
                r.text,
                probability_cell(r.value),
                probability_cell(r.reference),
                share,
                verdict,
            ]
        )
    failed = sum(not r.passed for r in results)
    data = {
        "passed": len(results) - failed,
        "failed": failed,
        "expectations": [r.to_dict() for r in results],
    }
    report = Report(
        "Expectations",
        ["scenario", "expectation", "value", "reference", "draws", "result"],
        table,
        data,
        notes=[f"{len(results) - failed} passed, {failed} failed"],
        right_aligned={2, 3, 4},
    )
    report.view = _by_scenario(results, report.notes[0])
    return report


def _by_scenario(results: list[ExpectationResult], summary: str) -> Group:
    """The terminal's view: each scenario once, then a row per expectation with its verdict
    first and its numbers after the text (six columns wrapped every expectation over four or
    five lines at 80 columns)."""
    table = Table(title="Expectations", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("", width=4, justify="right")
    table.add_column("expectation  (value against reference)", overflow="fold")
    for scenario in dict.fromkeys(r.scenario for r in results):
        table.add_row("", Text(scenario, style="bold cyan"))
        for r in (r for r in results if r.scenario == scenario):
            numbers = f"{r.value:.3f} against {r.reference:.3f}"
            if r.share is not None:
                numbers += f", in {r.share:.0%} of draws"
            verdict = Text("pass", "green") if r.passed else Text("FAIL", "bold red")
            table.add_row(verdict, Text.assemble(r.text, (f"  ({numbers})", "dim")))
    return Group(table, Text(summary, style="dim"))
