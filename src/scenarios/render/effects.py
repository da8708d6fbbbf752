"""The report of ``scenarios effects``: a table per outcome of what setting each lever from its
lowest to its highest state does to it, largest first; long-form rows for CSV."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.effects import Effect, Effects
from scenarios.core.bars import NEGLIGIBLE, is_negligible
from scenarios.model.evidence import Evidence
from scenarios.render.cells import given_text, negligible_note, probability_cell
from scenarios.render.report import Cell, Report

HOLDS_NOTE = (
    "holds: the share of CPT draws (each table drawn from its Dirichlet, as --intervals does) "
    "in which the change has the same direction"
)
LEVEL_NOTE = (
    "E[X]: the expected level of X on a 0-1 scale (lowest state 0, highest 1); its change is "
    "in points of that scale (pts), a probability's in percentage points (pp)"
)


def change_text(effect: Effect, negligible: float) -> Cell:
    """The change: signed pp for a probability, pts for an expected level; "negligible"
    under the threshold; "impossible" where the evidence rules a setting out."""
    change = effect.change
    if change is None:
        return Cell("impossible", None, "dim")
    if is_negligible(change, negligible):
        return Cell("negligible", change, "dim")
    unit = "pp" if effect.measure.state else "pts"
    return Cell(f"{change * 100:+.1f} {unit}", change, "green" if change > 0 else "red")


def holds_cell(effect: Effect) -> Cell:
    return Cell("-", "") if effect.holds is None else Cell(f"{effect.holds:.0%}", effect.holds)


def effect_row(effect: Effect, negligible: float, draws: bool) -> list[Any]:
    row = [
        Cell(f"{effect.lever}\n  {effect.low_state} → {effect.high_state}", effect.lever),
        probability_cell(effect.at_low),
        probability_cell(effect.at_high),
        change_text(effect, negligible),
    ]
    return [*row, holds_cell(effect)] if draws else row


def effect_to_dict(effect: Effect) -> dict[str, Any]:
    return {
        "lever": effect.lever,
        "outcome": effect.measure.variable,
        "measure": effect.measure.label,
        "state": effect.measure.state,
        "from": effect.low_state,
        "to": effect.high_state,
        "at_from": effect.at_low,
        "at_to": effect.at_high,
        "change": effect.change,
        "holds": effect.holds,
    }


def effects_notes(found: Effects, negligible: float) -> list[str]:
    notes = []
    if not found.marked:
        notes.append(
            "No variable is marked actionable: the levers are the drivers. Mark what a "
            "planner can set with 'actionable: true' (and 'lever:' saying how)."
        )
    if found.fixed:
        notes.append(f"Left out, the evidence sets them: {', '.join(found.fixed)}.")
    by_lever: dict[str, list[str]] = {}
    for lever, outcome in found.unreached:
        by_lever.setdefault(lever, []).append(outcome)
    for lever, outcomes in by_lever.items():
        notes.append(f"{lever} is not a cause of {', '.join(outcomes)}: it cannot move it.")
    if any(not e.measure.state for e in found.effects):
        notes.append(LEVEL_NOTE)
    if found.draws:
        notes.append(f"{HOLDS_NOTE} ({found.draws:,} draws).")
    if negligible != NEGLIGIBLE:
        notes.append(negligible_note(negligible))
    return notes


def effects_report(found: Effects, evidence: Evidence, negligible: float = NEGLIGIBLE) -> Report:
    """A table per measured outcome (the first is the report, the rest its sections), the
    notes after the last; JSON every effect; CSV a row per effect."""
    draws = bool(found.draws)
    columns = ["lever: set from → to", "at from", "at to", "change"]
    columns = [*columns, "holds"] if draws else columns
    tables: list[Report] = []
    for label in dict.fromkeys(e.measure.label for e in found.effects):
        rows = [effect_row(e, negligible, draws) for e in found.effects if e.measure.label == label]
        heading = f"{label}: what each lever does, do(lowest) vs do(highest)"
        tables.append(Report(heading, columns, rows, None, right_aligned={1, 2, 3, 4}))
    notes = effects_notes(found, negligible)
    data = {
        "evidence": evidence.to_dict(),
        "levers": found.levers,
        "levers_marked": found.marked,
        "draws": found.draws,
        "effects": [effect_to_dict(e) for e in found.effects],
        "unreached": [{"lever": lever, "outcome": o} for lever, o in found.unreached],
        "notes": notes,
    }
    title = f"What each lever does to each outcome{given_text(evidence)}"
    csv_rows = Report(
        title,
        list(effect_to_dict(found.effects[0])) if found.effects else [],
        [list(effect_to_dict(e).values()) for e in found.effects],
        None,
    )
    if not tables:
        return Report(title, columns, [], data, notes=["No lever reaches any outcome.", *notes])
    tables[-1].notes = notes  # after the last table
    first, rest = tables[0], tables[1:]
    return Report(
        first.title.replace(":", given_text(evidence) + ":", 1),
        columns,
        first.rows,
        data,
        notes=first.notes,
        right_aligned=first.right_aligned,
        sections=rest,
        csv_rows=csv_rows,
    )
