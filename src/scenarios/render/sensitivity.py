"""The report of ``scenarios sensitivity``: a tornado table of the target's swing as each lever
is set, or each signpost observed, in each of its states."""

from __future__ import annotations

from scenarios.analysis.sensitivity import MODES, SensitivityRow
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure
from scenarios.render.cells import (
    given_text,
    probability_cell,
)
from scenarios.render.report import Report


def sensitivity_report(
    measure: Measure,
    rows: list[SensitivityRow],
    base: float,
    evidence: Evidence,
    mode: str = "lever",
) -> Report:
    """Levers or signposts, widest swing first: each variable's lowest and highest value of
    the target and the state that gives each."""
    table = [
        [
            r.variable,
            probability_cell(r.low),
            r.low_state,
            probability_cell(r.high),
            r.high_state,
            probability_cell(r.swing),
        ]
        for r in rows
    ]
    data = {
        "target": measure.label,
        "mode": mode,
        "evidence": evidence.to_dict(),
        "current": base,
        "variables": [
            {
                "variable": r.variable,
                "low": r.low,
                "low_state": r.low_state,
                "high": r.high,
                "high_state": r.high_state,
                "swing": r.swing,
                "values": r.values,
            }
            for r in rows
        ],
    }
    kind = "Levers" if mode == "lever" else "Signposts"
    return Report(
        f"{kind} for {measure.label}{given_text(evidence)}: {MODES[mode]} (now {base:.3f})",
        ["variable", "low", "low at", "high", "high at", "swing"],
        table,
        data,
        right_aligned={1, 3, 5},
    )
