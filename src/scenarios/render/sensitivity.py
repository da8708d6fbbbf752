"""The report of ``scenarios sensitivity``: a tornado table of the target's swing as each lever
(or cause) is set, or each signpost (or variable) observed, in each of its states."""

from __future__ import annotations

from scenarios.analysis.sensitivity import MODES, SensitivityRow
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure
from scenarios.model.schema import Model
from scenarios.render.cells import (
    given_text,
    probability_cell,
)
from scenarios.render.report import Report

TITLES = {"lever": "Levers", "cause": "Causes", "signpost": "Signposts", "finding": "Findings"}


def mode_notes(model: Model, target: str, mode: str, shown: int) -> list[str]:
    """What the reader must know about the candidates: levers or signposts that fell back to
    every driver or variable because the model marks none, or none at all."""
    notes = []
    if mode == "lever" and not model.actionables:
        notes.append(
            "No variable is marked actionable: the levers are the drivers. Mark what a "
            "planner can set with 'actionable: true' (and 'lever:' saying how)."
        )
    if mode == "signpost" and not model.observables:
        notes.append(
            "No variable is marked observable: every variable is taken as a signpost. Mark "
            "what a planner can collect with 'observable: true'."
        )
    if mode == "lever" and not shown:
        notes.append(
            f"No lever is a cause of {target}: nothing a planner can set moves it "
            "(--mode cause lists every cause)."
        )
    return notes


def sensitivity_report(
    measure: Measure,
    rows: list[SensitivityRow],
    base: float,
    evidence: Evidence,
    mode: str = "lever",
    model: Model | None = None,
) -> Report:
    """Levers, causes, signposts or findings, widest swing first: each variable's lowest and
    highest value of the target and the state that gives each; with ``model``, notes on
    what stood in for levers or signposts the model does not mark."""
    table = [
        [
            r.variable,
            probability_cell(r.low),
            r.low_state,
            probability_cell(r.high),
            r.high_state,
            probability_cell(r.swing),
        ]
        for r in rows
    ]
    data = {
        "target": measure.label,
        "mode": mode,
        "evidence": evidence.to_dict(),
        "current": base,
        "variables": [
            {
                "variable": r.variable,
                "low": r.low,
                "low_state": r.low_state,
                "high": r.high,
                "high_state": r.high_state,
                "swing": r.swing,
                "values": r.values,
            }
            for r in rows
        ],
    }
    notes = mode_notes(model, measure.variable, mode, len(rows)) if model else []
    return Report(
        f"{TITLES[mode]} for {measure.label}{given_text(evidence)}: {MODES[mode]} (now {base:.3f})",
        ["variable", "low", "low at", "high", "high at", "swing"],
        table,
        {**data, "notes": notes} if notes else data,
        notes=notes,
        right_aligned={1, 3, 5},
    )
