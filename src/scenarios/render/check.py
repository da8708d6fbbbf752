"""The report of ``scenarios check``: each expectation of a scenario file, its value against its
reference, passed or failed."""

from __future__ import annotations

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
    return Report(
        "Expectations",
        ["scenario", "expectation", "value", "reference", "draws", "result"],
        table,
        data,
        notes=[f"{len(results) - failed} passed, {failed} failed"],
        right_aligned={2, 3, 4},
    )
