"""The report of ``scenarios voi``: which indicator to collect next, by the uncertainty it would
remove (per unit cost when every candidate has one)."""

from __future__ import annotations

from scenarios.analysis.voi import VoiRow, by_cost
from scenarios.core.bars import bar
from scenarios.model.evidence import Evidence
from scenarios.render.cells import given_text, number_cell
from scenarios.render.report import Cell, Report


def voi_report(
    target: str, rows: list[VoiRow], evidence: Evidence, scope: str = "observables"
) -> Report:
    """Most informative first, or per unit cost when every row has a cost; cost and lead
    time beside the bits so a planner weighs them. ``scope`` says which variables were ranked."""
    entropy = rows[0].target_entropy if rows else 0.0
    per_cost = by_cost(rows)
    table = [  # the share of uncertainty: a planner's words (bits are in the JSON)
        [
            r.variable,
            Cell(f"{r.share:.1%}", r.share),
            Cell(bar(r.share, 6), None, "magenta"),
            number_cell(r.cost, "g"),
            Cell(f"{r.share / r.cost:.1%}", r.share / r.cost) if r.cost else Cell("", None),
            number_cell(r.lead_time, "g"),
        ]
        for r in rows
    ]
    data = {
        "target": target,
        "evidence": evidence.to_dict(),
        "target_entropy_bits": entropy,
        "scope": scope,
        "ranked_by": "bits_per_cost" if per_cost else "bits",
        "variables": [
            {
                "variable": r.variable,
                "mutual_information_bits": r.mutual_information,
                "share_of_entropy": r.share,
                "cost": r.cost,
                "bits_per_cost": r.per_cost,
                "lead_time_days": r.lead_time,
            }
            for r in rows
        ],
    }
    ranking = "uncertainty removed per unit cost" if per_cost else "uncertainty removed"
    notes = [
        f"Ranked by {ranking}, over the {scope}. Removes: the share of the uncertainty about "
        f"{target} (its entropy, {entropy:.3f} bits now) that observing the variable is expected "
        "to remove (in bits, the mutual information: -f json)."
    ]
    if scope == "observables":
        notes.append("Use --all to rank every variable, observable or not.")
    if not rows:
        notes.append("Nothing left to rank: every candidate is observed already.")
    return Report(
        f"What to collect next on {target}{given_text(evidence)}",
        ["observe next", "removes", "", "cost", "per cost", "days"],
        table,
        data,
        notes=notes,
        right_aligned={1, 3, 4, 5},
        bars={2},
    )
