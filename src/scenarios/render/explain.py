"""The report of ``scenarios explain``: how far each finding moved the target, and the route of
links (quoted or assumed) its effect travels."""

from __future__ import annotations

from scenarios.analysis.explain import ExplainRow
from scenarios.core.bars import NEGLIGIBLE
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure
from scenarios.render.cells import (
    change_cell,
    negligible_note,
    probability_cell,
)
from scenarios.render.report import Cell, Report


def explain_report(
    measure: Measure, rows: list[ExplainRow], evidence: Evidence, negligible: float = NEGLIGIBLE
) -> Report:
    table = [
        [
            r.finding,
            probability_cell(r.without),
            probability_cell(r.with_all),
            change_cell(r.contribution, negligible),
            _basis_cell(r),
        ]
        for r in rows
    ]
    now = rows[0].with_all if rows else None
    data = {
        "target": measure.label,
        "evidence": evidence.to_dict(),
        "value": now,
        "findings": [
            {
                "finding": r.finding,
                "without": r.without,
                "contribution": r.contribution,
                "route": [
                    {
                        "from": link.parent,
                        "to": link.child,
                        "basis": link.basis,
                        "forward": link.forward,
                    }
                    for link in r.route
                ],
            }
            for r in rows
        ],
    }
    notes = [f"{r.finding.split('=')[0].split('~')[0]}: {_route_text(r)}" for r in rows if r.route]
    notes.append(negligible_note(negligible))
    return Report(
        f"What moved {measure.label}",
        ["finding", "without it", "with all", "contribution", "rests on"],
        table,
        data,
        right_aligned={1, 2, 3},
        notes=notes
        + [
            "rests on: the links of the shortest route from the finding "
            "to the target, quoted from the source or assumed"
        ]
        if notes
        else [],
    )


def _basis_cell(row: ExplainRow) -> Cell | str:
    if not row.route:
        return ""
    if row.assumptions:
        word = "assumption" if row.assumptions == 1 else "assumptions"
        return Cell(f"{row.assumptions} {word}", row.assumptions, "yellow")
    if any(link.basis is None for link in row.route):
        return Cell("no basis", None, "red")
    return Cell("quotes", 0, "green")


def _route_text(row: ExplainRow) -> str:
    """``a → b ← c (assumption)``: arrows as the edges point, each link's basis after it."""
    text = row.route[0].parent if row.route[0].forward else row.route[0].child
    for link in row.route:
        arrow, node = ("→", link.child) if link.forward else ("←", link.parent)
        tag = {"quote": "", "assumption": " (assumption)"}.get(link.basis or "", " (no basis)")
        text += f" {arrow} {node}{tag}"
    return text
