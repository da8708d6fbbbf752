"""The report of ``scenarios validate``: ok, or every problem with its file, line and column."""

from __future__ import annotations

from scenarios.core.errors import Diagnostic
from scenarios.render.report import Report


def validate_report(
    diagnostics: list[Diagnostic], model: str | None, warnings: tuple[Diagnostic, ...] = ()
) -> Report:
    """Problems, then warnings, as rows (level, file, line, column, variable, message, fix);
    JSON ``{ok, model, errors, warnings}``."""
    rows = [
        [level, d.file, d.line or "", d.column or "", d.variable or "", d.message, d.hint or ""]
        for level, items in (("error", diagnostics), ("warning", warnings))
        for d in items
    ]
    data = {
        "ok": not diagnostics,
        "model": model,
        "errors": [d.to_dict() for d in diagnostics],
        "warnings": [d.to_dict() for d in warnings],
    }
    return Report(
        "Validation",
        ["level", "file", "line", "column", "variable", "message", "fix"],
        rows,
        data,
        notes=[f"{len(diagnostics)} problem(s), {len(warnings)} warning(s)"],
    )
