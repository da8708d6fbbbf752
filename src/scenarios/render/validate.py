"""The report of ``scenarios validate``: ok, or every problem with its file, line and column."""

from __future__ import annotations

from scenarios.core.errors import Diagnostic
from scenarios.model.records import Splice
from scenarios.render.report import Report

SPLICE_FIX = "Read the passage: if the words left out change the claim, quote one passage."


def splice_message(s: Splice) -> str:
    """What a reviewer reads of a quote with an ellipsis: the passage it stands for."""
    what = f"the quote of edge {s.edge} -> {s.variable}" if s.edge else "the quote"
    return f"{what} leaves out {s.omitted:,} characters of source '{s.source}': \"{s.passage}\""


def validate_report(
    diagnostics: list[Diagnostic],
    model: str | None,
    warnings: tuple[Diagnostic, ...] = (),
    splices: tuple[Splice, ...] = (),
    file: str = "",
) -> Report:
    """Problems, then warnings, then the quotes with an ellipsis (``spliced``: the passage
    each stands for, for a reviewer) as rows (level, file, line, column, variable, message,
    fix); JSON ``{ok, model, errors, warnings, splices}``."""
    rows = [
        [level, d.file, d.line or "", d.column or "", d.variable or "", d.message, d.hint or ""]
        for level, items in (("error", diagnostics), ("warning", warnings))
        for d in items
    ]
    rows += [
        ["spliced", file, s.line, s.column, s.variable, splice_message(s), SPLICE_FIX]
        for s in splices
    ]
    data = {
        "ok": not diagnostics,
        "model": model,
        "errors": [d.to_dict() for d in diagnostics],
        "warnings": [d.to_dict() for d in warnings],
        "splices": [s.to_dict() for s in splices],
    }
    return Report(
        "Validation",
        ["level", "file", "line", "column", "variable", "message", "fix"],
        rows,
        data,
        notes=[f"{len(diagnostics)} problem(s), {len(warnings)} warning(s)"],
    )
