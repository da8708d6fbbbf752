"""The report of ``scenarios discover``: PRIM's box of driver conditions, its coverage and
density, and the peeling trade-off."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.discover import Discovery, OptionAcross, Restriction
from scenarios.render.report import Cell, Report

TRADEOFF_ROWS = 8  # points of the peeling trajectory shown (JSON has them all)


def condition_text(r: Restriction) -> str:
    if r.states:
        return " or ".join(r.states)
    return f"{r.low:.2f} to {r.high:.2f}"


def options_sections(rows: list[OptionAcross], satisfy: float | None) -> list[Report]:
    """A table per decision: each option's share of members where it is best, its mean and
    worst regret (and the share reaching ``satisfy``)."""
    columns = ["option", "best in", "mean regret", "worst regret"]
    if satisfy is not None:
        columns.append(f"EU >= {satisfy:g} in")
    out = []
    for decision in dict.fromkeys(r.decision for r in rows):
        table = []
        for r in (r for r in rows if r.decision == decision):
            row: list[Any] = [r.option, _pct(r.best_share), _number(r.mean_regret)]
            row.append(_number(r.worst_regret))
            if r.satisfies is not None:
                row.append(_pct(r.satisfies))
            table.append(row)
        title = f"{decision} across the ensemble"
        out.append(Report(title, columns, table, None, right_aligned=set(range(1, len(columns)))))
    out[-1].notes = [
        "Each member's options compared on its setting and draw: best in, the share of members "
        "where the option is best; regret, the best option's expected utility less this one's "
        "(the other decisions following their policies)."
    ]
    return out


def _number(value: float) -> Cell:
    return Cell(f"{value:.2f}", value)


def options_to_dict(rows: list[OptionAcross]) -> list[dict[str, Any]]:
    return [
        {
            "decision": r.decision,
            "option": r.option,
            "best_share": r.best_share,
            "mean_regret": r.mean_regret,
            "worst_regret": r.worst_regret,
            "satisfies": r.satisfies,
        }
        for r in rows
    ]


def discover_report(found: Discovery, folder: str) -> Report:
    rows = [[r.driver, condition_text(r)] for r in found.box]
    title = (
        f"Where {found.concern.text} holds ({folder}): coverage {found.coverage:.0%}, "
        f"density {found.density:.0%}"
    )
    notes = [
        f"Of {found.members:,} members the statement holds in {found.holds:,}. Coverage: the "
        "share of those inside the box; density: the share of the box's members where it "
        f"holds; the box holds {found.mass:.0%} of all members. (PRIM, ema-workbench.)",
    ]
    if not rows:
        notes.insert(
            0,
            "No driver restricts the box: the drivers varied do not tell apart "
            "where the statement holds.",
        )
    step = max(1, len(found.trajectory) // TRADEOFF_ROWS)
    shown = found.trajectory[::step][: TRADEOFF_ROWS - 1]
    if shown[-1] is not found.trajectory[-1]:
        shown.append(found.trajectory[-1])
    tradeoff = Report(
        "The peeling trade-off (each step a smaller box)",
        ["coverage", "density", "mass", "drivers restricted"],
        [
            [_pct(p["coverage"]), _pct(p["density"]), _pct(p["mass"]), int(p["res_dim"])]
            for p in shown
        ],
        None,
        right_aligned={0, 1, 2, 3},
    )
    return Report(
        title,
        ["driver", "in the box"],
        rows,
        _data(found, folder),
        notes=notes,
        sections=[tradeoff],
    )


def _pct(value: float) -> Cell:
    return Cell(f"{value:.0%}", value)


def _data(found: Discovery, folder: str) -> dict[str, Any]:
    return {
        "results": folder,
        "concern": found.concern.text,
        "members": found.members,
        "holds": found.holds,
        "coverage": found.coverage,
        "density": found.density,
        "mass": found.mass,
        "box": [
            {"driver": r.driver, "low": r.low, "high": r.high, "states": list(r.states) or None}
            for r in found.box
        ],
        "trajectory": found.trajectory,
    }
