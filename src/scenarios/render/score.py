"""The report of ``scenarios score``: each resolved outcome's forecasts by date with their Brier
and log scores, then the calibration table; JSON everything, CSV a row per forecast."""

from __future__ import annotations

import math
from typing import Any

from scenarios.analysis.score import Forecast, Scores
from scenarios.render.report import Cell, Report

NOTES = (
    "Brier: the squared distance between the forecast and what happened, summed over the "
    "states (0 perfect, 2 the worst). log: -log2 of the probability given to what happened, "
    "in bits (0 perfect). A forecast is what the journal implied on that date, before the "
    "entry that records the outcome."
)


def _log(value: float) -> Cell:
    return Cell("∞" if math.isinf(value) else f"{value:.2f}", None if math.isinf(value) else value)


def forecast_to_dict(found: Forecast) -> dict[str, Any]:
    return {
        "outcome": found.outcome,
        "resolved": found.resolved,
        "resolved_on": str(found.resolved_on),
        "made_on": str(found.made_on) if found.made_on else None,
        "probabilities": found.probabilities,
        "probability": found.probability,
        "brier": found.brier,
        "log_score": None if math.isinf(found.log_score) else found.log_score,
    }


def _resolution_table(forecasts: list[Forecast]) -> Report:
    """One resolved outcome: its forecasts by date."""
    first = forecasts[0]
    base, _, label = first.outcome.partition("@")
    where = f", slice {label}" if label else ""
    title = f"{base}={first.resolved}, resolved on {first.resolved_on}{where}"
    rows = [
        [
            str(f.made_on) if f.made_on else "before any entry",
            Cell(f"{f.probability:.0%}", f.probability),
            Cell(f"{f.brier:.3f}", f.brier),
            _log(f.log_score),
        ]
        for f in forecasts
    ]
    return Report(
        title, ["forecast on", "P(it)", "Brier", "log"], rows, None, right_aligned={1, 2, 3}
    )


def _calibration_table(found: Scores) -> Report:
    rows = [
        [
            f"{b.low:.0%}-{b.high:.0%}",
            b.count,
            Cell(f"{b.predicted:.0%}", b.predicted),
            Cell(f"{b.observed:.0%}", b.observed),
        ]
        for b in found.calibration
    ]
    return Report(
        "Calibration: of the states forecast at about p, how many happened",
        ["forecast", "states", "mean forecast", "happened"],
        rows,
        None,
        right_aligned={1, 2, 3},
    )


def score_report(found: Scores, journal: str) -> Report:
    """A table per resolved outcome (the first is the report), then the calibration table and
    the notes; JSON everything; CSV a row per forecast."""
    groups: dict[tuple[str, str, str], list[Forecast]] = {}
    for f in found.forecasts:
        groups.setdefault((f.outcome, f.resolved, str(f.resolved_on)), []).append(f)
    tables = [_resolution_table(g) for g in groups.values()]
    if found.calibration:
        tables.append(_calibration_table(found))
    notes = [NOTES]
    if found.forecasts:
        brier, log = found.mean_brier, found.mean_log_score
        shown = "∞" if log is None or math.isinf(log) else f"{log:.2f}"
        notes.insert(
            0, f"Mean Brier {brier:.3f}, mean log score {shown} bits, over {len(found.forecasts)}."
        )
    else:
        notes.insert(0, "No entry records an outcome: add 'resolves: {variable: state}' to one.")
    data = {
        "journal": journal,
        "forecasts": [forecast_to_dict(f) for f in found.forecasts],
        "calibration": [vars(b) for b in found.calibration],
        "mean_brier": found.mean_brier,
        "mean_log_score": None
        if found.mean_log_score is None or math.isinf(found.mean_log_score)
        else found.mean_log_score,
        "notes": notes,
    }
    title = f"Forecasts of {journal} scored against what happened"
    flat = [  # CSV: one value per cell (each state's probability is in JSON)
        {k: v for k, v in forecast_to_dict(f).items() if k != "probabilities"}
        for f in found.forecasts
    ]
    columns = list(flat[0]) if flat else []
    csv_rows = Report(title, columns, [list(row.values()) for row in flat], None)
    if not tables:
        return Report(title, [], [], data, notes=notes)
    tables[-1].notes = notes
    first = tables[0]
    first.title = f"{title}: {first.title}"
    first.data, first.sections, first.csv_rows = data, tables[1:], csv_rows
    return first
