"""The report of ``scenarios track``: the targets' probabilities entry by entry of an evidence
journal, and what changed since a day."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.console import Group
from rich.text import Text

from scenarios.analysis.conflict import Conflict
from scenarios.analysis.journal import Contradiction
from scenarios.analysis.track import SinceSummary, TrackPoint
from scenarios.core.bars import is_negligible, sparkline
from scenarios.io.journal_file import Entry
from scenarios.model.schema import Model
from scenarios.render.cells import change_cell, probability_cell
from scenarios.render.conflict import conflict_to_dict, conflict_warning
from scenarios.render.forecast import trend
from scenarios.render.journal import contradiction_to_dict, horizon_note
from scenarios.render.report import Cell, Report, rich_table


def _target_table(
    target: str, rows: list[list[Any]], pairs: list[tuple[str, str]], points: list[TrackPoint]
) -> Any:
    """One target's columns of ``rows`` as a table: one per target reads at 80 columns (CSV
    keeps them side by side). A changing target's cells hold the forecast over the slices
    made after that entry, and its value at the last slice."""
    states = list(points[0].posteriors[target])
    cells = [[row[2 + pairs.index((target, s))] for s in states] for row in rows]
    title = target
    if target in points[0].trajectories:
        cells = [_forecast_cells(p.trajectories[target]) for p in points]
        title = f"{target}: the forecast over the slices, made on each date"
    return rich_table(
        Report(
            title,
            ["date", "findings", *states],
            [[*row[:2], *c] for row, c in zip(rows, cells, strict=True)],
            None,
            right_aligned=set(range(2, 2 + len(states))),
        )
    )


def _forecast_cells(trajectory: np.ndarray) -> list[Cell]:
    """Per state: its sparkline over the slices and its probability at the last one."""
    return [Cell(f"{trend(column)} {column[-1]:.0%}", float(column[-1])) for column in trajectory.T]


def _label(target: str, state: str, targets: list[str]) -> str:
    return state if len(targets) == 1 else f"{target}={state}"


def track_report(
    name: str,
    targets: list[str],
    points: list[TrackPoint],
    summary: SinceSummary | None,
    contradictions: list[Contradiction] | None = None,
    outside: tuple[Model, list[Entry]] | None = None,
    slices: tuple[str, ...] = (),
    conflict: Conflict | None = None,
) -> Report:
    """A row per entry with the targets' probabilities after it; a section with each target
    state's first and last value and its sparkline; with ``summary``, what changed since;
    each of the journal's ``contradictions`` (described) and its entries dated ``outside``
    the model's horizon as warnings under them."""
    pairs = [(t, s) for t in targets for s in points[0].posteriors[t]]
    rows = [
        [
            str(p.entry.date) if p.entry else "start",
            p.entry.describe() if p.entry else "(no entry yet)",
            *(probability_cell(p.posteriors[t][s], 2) for t, s in pairs),
        ]
        for p in points
    ]
    trend = Report(
        "Trend",
        ["target", "start", "now", "change", "entry by entry"],
        [_trend_row(t, s, targets, points) for t, s in pairs],
        None,
        right_aligned={1, 2, 3},
    )
    sections = [trend] + ([_since_report(summary, pairs, targets)] if summary else [])
    title = f"How the targets moved, entry by entry ({name})"
    note = _note(slices)
    per_target = [_target_table(target, rows, pairs, points) for target in targets]
    clashes = contradictions or []
    warnings = _warnings(clashes, outside, conflict)
    data = _track_data(name, targets, points, summary, slices)
    data["contradictions"] = [contradiction_to_dict(c) for c in clashes]
    data["outside_horizon"] = [e.date.isoformat() for e in outside[1]] if outside else []
    if conflict is not None:  # two findings or more
        data["conflict"] = conflict_to_dict(conflict)
    return Report(
        title,
        ["date", "findings", *(_label(t, s, targets) for t, s in pairs)],
        rows,
        data,
        notes=[note, *warnings],
        right_aligned=set(range(2, 2 + len(pairs))),
        view=Group(
            Text(title, style="bold cyan"),
            *per_target,
            *(Text(w, style="yellow") for w in warnings),
            Text(note, style="dim"),
        ),
        sections=sections,
        csv_rows=_forecast_rows(points, slices) if points[0].trajectories else None,
    )


def _note(slices: tuple[str, ...]) -> str:
    note = "Sources and notes: scenarios journal show JOURNAL"
    if not slices:
        return note
    return (
        f"A target that changes: its probability over the slices {slices[0]} → {slices[-1]} "
        f"as forecast after each entry, and at {slices[-1]} (the trend too). {note}"
    )


def _warnings(
    clashes: list[Contradiction],
    outside: tuple[Model, list[Entry]] | None,
    conflict: Conflict | None,
) -> list[str]:
    """Entries outside the horizon, contradicting reports, findings that conflict."""
    warnings = [horizon_note(*outside)] if outside and outside[1] else []
    warnings += [f"Contradiction: {c.describe()}" for c in clashes]
    return warnings + ([conflict_warning(conflict)] if conflict_warning(conflict) else [])


def _trend_row(target: str, state: str, targets: list[str], points: list[TrackPoint]) -> list[Any]:
    series = [p.posteriors[target][state] for p in points]
    return [
        f"{target}={state}",
        probability_cell(series[0], 2),
        probability_cell(series[-1], 2),
        change_cell(series[-1] - series[0]),
        Cell(sparkline(series), None, "cyan"),
    ]


def _since_report(summary: SinceSummary, pairs: list[Any], targets: list[str]) -> Report:
    moved = [
        f"{t}={s}: {summary.then[t][s]:.0%} → {summary.now[t][s]:.0%}"
        for t, s in pairs
        if not is_negligible(summary.change(t, s))
    ]
    rows = []
    for m in summary.movers:
        moves = [(t, s) for t, s in pairs if not is_negligible(m.moved[(t, s)])] or pairs[:0]
        if not moves:
            rows.append([str(m.entry.date), m.entry.describe(), "", change_cell(0.0)])
        for i, (t, s) in enumerate(moves):
            first = i == 0
            entry = [str(m.entry.date), m.entry.describe()] if first else ["", ""]
            rows.append([*entry, f"{t}={s}", change_cell(m.moved[(t, s)])])
    return Report(
        f"Since {summary.since}: " + ("; ".join(moved) if moved else "no meaningful change"),
        ["date", "entry", "moved", "by"],
        rows,
        None,
        notes=["Each entry's part: the change now when that entry alone is left out."],
        right_aligned={3},
    )


def _forecast_rows(points: list[TrackPoint], slices: tuple[str, ...]) -> Report:
    """CSV of a time-sliced model: a row per entry, changing target, slice and state."""
    rows = [
        [str(p.entry.date) if p.entry else "start", target, label, state, float(value)]
        for p in points
        for target, path in p.trajectories.items()
        for label, row in zip(slices, path, strict=True)
        for state, value in zip(p.posteriors[target], row, strict=True)
    ]
    return Report("", ["date", "target", "slice", "state", "probability"], rows, None)


def _track_data(
    name: str,
    targets: list[str],
    points: list[TrackPoint],
    summary: SinceSummary | None,
    slices: tuple[str, ...],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "journal": name,
        "targets": targets,
        "slices": list(slices),
        "points": [
            {
                "date": p.entry.date.isoformat() if p.entry else None,
                "source": p.entry.source if p.entry else None,
                "findings": p.entry.evidence.to_dict() if p.entry else None,
                "reliability": p.entry.reliability if p.entry else None,
                "posteriors": p.posteriors,
                "trajectories": {
                    t: [dict(zip(p.posteriors[t], row, strict=True)) for row in path.tolist()]
                    for t, path in p.trajectories.items()
                },
            }
            for p in points
        ],
    }
    if summary is not None:
        data["since"] = {
            "date": summary.since.isoformat(),
            "then": summary.then,
            "now": summary.now,
            "movers": [
                {
                    "date": m.entry.date.isoformat(),
                    "source": m.entry.source,
                    "moved": {f"{t}={s}": v for (t, s), v in m.moved.items()},
                }
                for m in summary.movers
            ],
        }
    return data
