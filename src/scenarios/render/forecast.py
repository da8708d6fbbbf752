"""The report of ``scenarios forecast``: per target, a row per state with its sparkline over the
slices, its first and last value, its highest and when; the probability that the
state asked for is reached by each slice; JSON the whole trajectory (bands too), CSV a row per
target, slice and state."""

from __future__ import annotations

from typing import Any

import numpy as np

from scenarios.analysis.forecast import Trajectory
from scenarios.core.bars import sparkline
from scenarios.model.evidence import Evidence
from scenarios.render.cells import given_text
from scenarios.render.report import Cell, Report

SPARK_WIDTH = 24  # characters of a sparkline: longer trajectories are averaged into as many


def _pct(p: float) -> Cell:
    return Cell(f"{p:.0%}", p)


def trend(values: np.ndarray) -> str:
    """A sparkline of ``values``, at most SPARK_WIDTH characters (each the mean of its run of
    slices where there are more)."""
    if len(values) > SPARK_WIDTH:
        values = np.array([part.mean() for part in np.array_split(values, SPARK_WIDTH)])
    return sparkline(values.tolist())


def trajectory_table(found: Trajectory) -> Report:
    slices = found.slices
    rows = []
    for k, state in enumerate(found.states):
        column = found.probabilities[:, k]
        high_at = int(column.argmax())
        row: list[Any] = [
            state,
            Cell(trend(column), None, "cyan"),
            _pct(float(column[0])),
            _pct(float(column[-1])),
            _pct(float(column[high_at])),
            Cell(slices[high_at], slices[high_at]),
        ]
        rows.append(row)
    if found.reached is not None:
        reached = found.reached
        rows.append(
            [
                f"{found.state} by then",
                Cell(trend(reached), None, "magenta"),
                _pct(float(reached[0])),
                _pct(float(reached[-1])),
                "",
                "",
            ]
        )
    span = f"{slices[0]} → {slices[-1]}" if len(slices) > 1 else "one slice"
    title = f"{found.target}: {span}"
    columns = ["state", "over the slices", "first", "last", "highest", "at"]
    return Report(title, columns, rows, None, right_aligned={2, 3, 4})


def trajectory_to_dict(found: Trajectory) -> dict[str, Any]:
    def rows(array: Any) -> Any:
        return (
            None
            if array is None
            else [dict(zip(found.states, r, strict=True)) for r in array.tolist()]
        )

    return {
        "target": found.target,
        "slices": list(found.slices),
        "states": list(found.states),
        "probabilities": rows(found.probabilities),
        "low": rows(found.low),
        "high": rows(found.high),
        "state": found.state or None,
        "reached_by": None if found.reached is None else found.reached.tolist(),
        "observed": list(found.observed),
    }


def forecast_report(found: list[Trajectory], evidence: Evidence, level: float) -> Report:
    """A table per target (the first is the report, the rest its sections); JSON every
    trajectory; CSV a row per target, slice and state."""
    tables = [trajectory_table(t) for t in found]
    notes = []
    if any(t.reached is not None for t in found):
        notes.append(
            "'by then': the probability that the state has been reached at some slice up to "
            "each one (first: at the first slice; last: by the last)."
        )
    if any(t.low is not None for t in found):
        notes.append(f"JSON carries each slice's {level:.0%} band over draws of the tables.")
    seen = [f"{t.target}@{s}" for t in found for s in t.observed if s]
    if seen:
        notes.append(f"Set by the evidence: {', '.join(seen)}.")
    data = {
        "evidence": evidence.to_dict(),
        "level": level,
        "targets": [trajectory_to_dict(t) for t in found],
        "notes": notes,
    }
    long_rows = [
        [t.target, label, state, float(t.probabilities[i, k])]
        for t in found
        for i, label in enumerate(t.slices)
        for k, state in enumerate(t.states)
    ]
    title = f"Forecast{given_text(evidence)}"
    first, rest = tables[0], tables[1:]
    first.title = f"{title}: {first.title}"
    first.data, first.sections, first.notes = data, rest, [] if rest else notes
    if rest:
        rest[-1].notes = notes
    first.csv_rows = Report(title, ["target", "slice", "state", "probability"], long_rows, None)
    return first
