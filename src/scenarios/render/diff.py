"""The report of ``scenarios diff``: one section per kind of change, nothing for what is the
same; the CPT cells largest change first."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scenarios.analysis.diff import STATUS_QUO_WARNING, AnswerChange, ModelDiff, TextChange
from scenarios.core.bars import NEGLIGIBLE, is_negligible, signed_points
from scenarios.render.cells import change_cell, probability_cell
from scenarios.render.fit import Fitted
from scenarios.render.report import Report, rich_table

SHOWN_CELLS = 20  # CPT cells listed in the terminal and Markdown (JSON and CSV carry them all)


def status_quo_warnings(status_quo: list[AnswerChange], warn_at: float) -> list[str]:
    """A sentence per outcome state whose status quo the edit moved by ``warn_at`` or more."""
    return [
        f"the edit moves the status quo of {c.target}={c.state}: {c.old:.3f} → {c.new:.3f} "
        f"({signed_points(c.change)}; warned from {warn_at * 100:g} pp, --warn-at PP)"
        for c in status_quo
        if abs(c.change) >= warn_at
    ]


def diff_report(
    left: str,
    right: str,
    found: ModelDiff,
    answers: list[AnswerChange] | None,
    cells: int,
    status_quo: list[AnswerChange] | None = None,
    warn_at: float = STATUS_QUO_WARNING,
) -> Report:
    """CSV holds the changed cells; JSON everything; the table and Markdown a section each
    (the outcomes' status quo among them, when it moved)."""
    moved_baseline = [c for c in status_quo or [] if not is_negligible(c.change)]
    sections = [
        r
        for r in (
            _structure(found),
            _texts(found),
            _answers(status_quo or [], "The status quo (no evidence)") if moved_baseline else None,
            _answers(answers, "The scenarios") if answers is not None else None,
        )
        if r is not None
    ]
    rows = [
        [
            c.variable,
            c.given or "(prior)",
            c.state,
            probability_cell(c.old, 4),
            probability_cell(c.new, 4),
            change_cell(c.change),
        ]
        for c in found.cells
    ]
    shown = rows[:cells]
    notes = []
    if len(rows) > len(shown):
        notes.append(f"{len(rows) - len(shown)} more changed cells: -n {len(rows)}, or -f csv")
    if found.not_comparable:
        notes.append(
            "Tables not compared (their states or parents differ): "
            + ", ".join(found.not_comparable)
        )
    if found.is_empty:
        notes.append("The models are the same: structure, tables (to 1e-9) and quotes.")
    notes += [f"Warning: {w}." for w in status_quo_warnings(status_quo or [], warn_at)]
    report = Report(
        f"{left} → {right}: {len(found.cells)} CPT cells changed, largest first",
        ["variable", "given", "state", "old", "new", "change"],
        shown,
        _data(left, right, found, answers, status_quo, warn_at),
        notes=notes,
        right_aligned={3, 4, 5},
        sections=sections,
    )
    report.csv_rows = _long_form(found, answers)
    stacked = [[f"{r[0]}\n  {r[2]} | {r[1]}", *r[3:]] for r in shown]  # fits 80 columns
    narrow = replace(
        report, columns=["cell", "old", "new", "change"], rows=stacked, right_aligned={1, 2, 3}
    )
    return replace(report, view=Fitted(rich_table(report), rich_table(narrow)))


def _long_form(found: ModelDiff, answers: list[AnswerChange] | None) -> Report:
    """Every change, one row each (CSV): the kind of change first, so that a renamed
    variable or reordered states show as rows, not as an empty table."""
    rows: list[list[Any]] = [["variable added", n, "", "", "", "", ""] for n in found.added]
    rows += [["variable removed", n, "", "", "", "", ""] for n in found.removed]
    rows += [["utility added", n, "", "", "", "", ""] for n in found.utilities_added]
    rows += [["utility removed", n, "", "", "", "", ""] for n in found.utilities_removed]
    rows += [["edge added", c, p, "", "", "", ""] for p, c in found.edges_added]
    rows += [["edge removed", c, p, "", "", "", ""] for p, c in found.edges_removed]
    rows += [
        ["states changed", n, "", "", " | ".join(old), " | ".join(new), ""]
        for n, (old, new) in found.states.items()
    ]
    rows += [
        ["table not compared", n, "states or parents differ", "", "", "", ""]
        for n in found.not_comparable
    ]
    rows += [["cell", c.variable, c.given, c.state, c.old, c.new, c.change] for c in found.cells]
    rows += [
        [
            "field changed",
            t.variable or "(the model)",
            t.what + (f" of the edge from {t.edge}" if t.edge else ""),
            "",
            t.old,
            t.new,
            "",
        ]
        for t in found.texts
    ]
    rows += [
        ["answer", a.target, f"scenario {a.scenario}", a.state, a.old, a.new, a.change]
        for a in answers or []
    ]
    columns = ["change", "variable", "detail", "state", "old", "new", "difference"]
    return Report("Every change", columns, rows, None)


def _structure(found: ModelDiff) -> Report | None:
    rows = [["variable added", n, ""] for n in found.added]
    rows += [["variable removed", n, ""] for n in found.removed]
    rows += [["utility added", n, ""] for n in found.utilities_added]
    rows += [["utility removed", n, ""] for n in found.utilities_removed]
    rows += [["edge added", f"{p} → {c}", ""] for p, c in found.edges_added]
    rows += [["edge removed", f"{p} → {c}", ""] for p, c in found.edges_removed]
    rows += [
        ["states changed", n, f"{', '.join(old)} → {', '.join(new)}"]
        for n, (old, new) in found.states.items()
    ]
    if not rows:
        return None
    return Report("Structure", ["change", "what", "detail"], rows, None)


def _texts(found: ModelDiff) -> Report | None:
    if not found.texts:
        return None
    rows = [[_where(t), t.what, t.old or "(none)", t.new or "(none)"] for t in found.texts]
    return Report(
        "Quotes, assumptions and other fields", ["where", "what", "old", "new"], rows, None
    )


def _where(change: TextChange) -> str:
    if not change.variable:
        return "(the model)"
    return change.variable + (f" ← {change.edge}" if change.edge else "")


def _answers(answers: list[AnswerChange], what: str) -> Report:
    moved = [a for a in answers if not is_negligible(a.change)]
    rows = [
        [
            a.scenario,
            f"{a.target}={a.state}",
            probability_cell(a.old),
            probability_cell(a.new),
            change_cell(a.change),
        ]
        for a in moved
    ]
    return Report(
        f"{what} under both models: {len(moved)} of {len(answers)} answers moved "
        f"by {NEGLIGIBLE * 100:g} pp or more (all in JSON)",
        ["scenario", "outcome", "old", "new", "change"],
        rows,
        None,
        right_aligned={2, 3, 4},
    )


def _data(
    left: str,
    right: str,
    found: ModelDiff,
    answers: list[AnswerChange] | None,
    status_quo: list[AnswerChange] | None,
    warn_at: float,
) -> dict[str, Any]:
    data = {
        "old": left,
        "new": right,
        "same": found.is_empty,
        "variables_added": found.added,
        "variables_removed": found.removed,
        "utilities_added": found.utilities_added,
        "utilities_removed": found.utilities_removed,
        "states_changed": {
            n: {"old": list(o), "new": list(w)} for n, (o, w) in found.states.items()
        },
        "edges_added": [{"parent": p, "child": c} for p, c in found.edges_added],
        "edges_removed": [{"parent": p, "child": c} for p, c in found.edges_removed],
        "cells": [
            {"variable": c.variable, "given": c.given, "state": c.state, "old": c.old, "new": c.new}
            for c in found.cells
        ],
        "not_comparable": found.not_comparable,
        "texts": [
            {
                "variable": t.variable or None,
                "edge": t.edge or None,
                "what": t.what,
                "old": t.old,
                "new": t.new,
            }
            for t in found.texts
        ],
    }
    if status_quo is not None:
        data["status_quo"] = [_answer(a) for a in status_quo]
        data["status_quo_warnings"] = status_quo_warnings(status_quo, warn_at)
    if answers is not None:
        data["answers"] = [_answer(a) for a in answers]
    return data


def _answer(a: AnswerChange) -> dict[str, Any]:
    return {
        "scenario": a.scenario,
        "target": a.target,
        "state": a.state,
        "old": a.old,
        "new": a.new,
    }
