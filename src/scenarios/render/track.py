"""The report of ``scenarios track``: the targets' probabilities entry by entry of an evidence
journal, and what changed since a day."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from scenarios.analysis.journal import Contradiction
from scenarios.analysis.track import SinceSummary, TrackPoint
from scenarios.core.bars import is_negligible, sparkline
from scenarios.io.journal_file import Entry
from scenarios.model.schema import Model
from scenarios.render.cells import change_cell, probability_cell
from scenarios.render.journal import contradiction_to_dict, horizon_note
from scenarios.render.report import Cell, Report, rich_table


def _target_table(
    target: str, rows: list[list[Any]], pairs: list[tuple[str, str]], points: list[TrackPoint]
) -> Any:
    """One target's columns of ``rows`` as a table: one per target reads at 80 columns (CSV
    keeps them side by side)."""
    states = list(points[0].posteriors[target])
    return rich_table(
        Report(
            target,
            ["date", "findings", *states],
            [[*row[:2], *(row[2 + pairs.index((target, s))] for s in states)] for row in rows],
            None,
            right_aligned=set(range(2, 2 + len(states))),
        )
    )


def _label(target: str, state: str, targets: list[str]) -> str:
    return state if len(targets) == 1 else f"{target}={state}"


def track_report(
    name: str,
    targets: list[str],
    points: list[TrackPoint],
    summary: SinceSummary | None,
    contradictions: list[Contradiction] | None = None,
    outside: tuple[Model, list[Entry]] | None = None,
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
    note = "Sources and notes: scenarios journal show JOURNAL"
    per_target = [_target_table(target, rows, pairs, points) for target in targets]
    clashes = contradictions or []
    warnings = [f"Contradiction: {c.describe()}" for c in clashes]
    if outside and outside[1]:
        warnings.insert(0, horizon_note(*outside))
    data = _track_data(name, targets, points, summary)
    data["contradictions"] = [contradiction_to_dict(c) for c in clashes]
    data["outside_horizon"] = [e.date.isoformat() for e in outside[1]] if outside else []
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
    )


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


def _track_data(
    name: str, targets: list[str], points: list[TrackPoint], summary: SinceSummary | None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "journal": name,
        "targets": targets,
        "points": [
            {
                "date": p.entry.date.isoformat() if p.entry else None,
                "source": p.entry.source if p.entry else None,
                "findings": p.entry.evidence.to_dict() if p.entry else None,
                "reliability": p.entry.reliability if p.entry else None,
                "posteriors": p.posteriors,
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
