"""The report of ``scenarios fragility``: the table entries nearest to changing a judgement,
each with its current value, the derivative of the judgement, where the judgement crosses
the threshold and where another state leads, and what its table rests on."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.fragility import Fragility, Parameter
from scenarios.render.cells import given_text, number_cell
from scenarios.render.report import Cell, Report

NOTE = (
    "Each entry moved alone, the other entries of its row scaled to keep it a distribution "
    "(proportional co-variation, as SamIam does); the judgement is then exactly a ratio of "
    "two lines in the entry. Entries at 0 or 1 (structural zeros, certainties) are not moved."
)


def entry_text(p: Parameter) -> str:
    given = ", ".join(f"{name}={state}" for name, state in p.row)
    return f"P({p.variable}={p.state}" + (f" | {given})" if given else ")")


def _at(theta: float | None, then: str = "") -> Cell:
    if theta is None:
        return Cell("-", None)
    return Cell(f"{theta:.2f}" + (f" {then}" if then else ""), theta)


def fragility_report(found: Fragility, top: int) -> Report:
    """The ``top`` entries (all for 0), nearest to changing the conclusion first; a section
    with what each of their tables rests on."""
    shown = found.parameters[:top] if top else found.parameters
    rows = [
        [
            entry_text(p),
            Cell(f"{p.value:.2f}" if p.value >= 0.01 else f"{p.value:.1g}", p.value),
            number_cell(p.derivative, "+.3f"),
            _at(p.to_threshold),
            _at(p.to_flip, f"({p.flips_to})" if p.flips_to else ""),
        ]
        for p in shown
    ]
    judged = f"P({found.target}={found.state}{given_text(found.evidence)}) = {found.current:.0%}"
    columns = ["entry", "now", "slope", f"{found.threshold:.0%} at", "leader at"]
    notes = [
        f"slope: the change of the judgement per unit of the entry; '{found.threshold:.0%} at':"
        " the entry's value at which the judgement crosses it; 'leader at': where another state"
        f" than {found.leader} becomes the most likely; '-': not within 0..1.",
        NOTE,
    ]
    if top and len(found.parameters) > top:
        notes.append(f"{len(found.parameters) - top} more entries: --top 0 lists them all.")
    return Report(
        f"Fragility of {judged}",
        columns,
        rows,
        _data(found, shown),
        notes=notes,
        right_aligned={1, 2, 3, 4},
        sections=[_bases(shown)] if shown else [],
        csv_rows=_csv(shown),
    )


def _bases(shown: list[Parameter]) -> Report:
    seen: dict[str, Any] = {}
    for p in shown:
        seen.setdefault(p.variable, p.basis)
    rows = [
        [name, basis.kind if basis else "none", basis.text if basis else "(neither stated)"]
        for name, basis in seen.items()
    ]
    return Report("What these tables rest on", ["table", "basis", "text"], rows, None)


def _csv(shown: list[Parameter]) -> Report:
    rows = [
        [
            p.variable,
            ", ".join(f"{n}={s}" for n, s in p.row),
            p.state,
            p.value,
            p.derivative,
            p.to_threshold,
            p.to_flip,
            p.flips_to,
            p.basis.text if p.basis else "",
        ]
        for p in shown
    ]
    columns = ["variable", "row", "state", "value", "derivative", "to_threshold", "to_flip"]
    return Report("", [*columns, "flips_to", "basis"], rows, None)


def _data(found: Fragility, shown: list[Parameter]) -> dict[str, Any]:
    return {
        "target": found.target,
        "state": found.state,
        "evidence": found.evidence.to_dict(),
        "current": found.current,
        "threshold": found.threshold,
        "leader": found.leader,
        "count": len(found.parameters),
        "parameters": [
            {
                "variable": p.variable,
                "row": dict(p.row),
                "state": p.state,
                "value": p.value,
                "derivative": p.derivative,
                "to_threshold": p.to_threshold,
                "to_flip": p.to_flip,
                "flips_to": p.flips_to or None,
                "function": {
                    "numerator": [p.numerator.slope, p.numerator.intercept],
                    "denominator": [p.denominator.slope, p.denominator.intercept],
                },
                "basis": {"kind": p.basis.kind, "text": p.basis.text} if p.basis else None,
            }
            for p in shown
        ],
    }
