"""Reports for the analysis commands: each function turns results into a :class:`Report`."""

from __future__ import annotations

import math
from dataclasses import replace

from scenarios.analysis.explain import ExplainRow
from scenarios.analysis.futures import Future
from scenarios.analysis.indicators import Contrast
from scenarios.analysis.sensitivity import MODES, SensitivityRow
from scenarios.analysis.sweep import SweepRow
from scenarios.analysis.uncertainty import Interval
from scenarios.core.bars import NEGLIGIBLE
from scenarios.engine.mpe import Explanation
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure
from scenarios.model.schema import Model
from scenarios.render.cells import (
    change_cell,
    given_text,
    negligible_note,
    probability_cell,
    small_probability,
)
from scenarios.render.fit import Fitted
from scenarios.render.report import Cell, Report, rich_table


def sensitivity_report(
    measure: Measure,
    rows: list[SensitivityRow],
    base: float,
    evidence: Evidence,
    mode: str = "lever",
) -> Report:
    """Levers or signposts, widest swing first: each variable's lowest and highest value of
    the target and the state that gives each."""
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
    kind = "Levers" if mode == "lever" else "Signposts"
    return Report(
        f"{kind} for {measure.label}{given_text(evidence)}: {MODES[mode]} (now {base:.3f})",
        ["variable", "low", "low at", "high", "high at", "swing"],
        table,
        data,
        right_aligned={1, 3, 5},
    )


def futures_report(
    targets: list[str],
    futures: list[Future],
    evidence: Evidence,
    spread: list[Interval] | None = None,
    level: float = 0.9,
    pairs: list[Contrast] | None = None,
) -> Report:
    """The futures, most likely first; with ``pairs``, a section of the signposts that tell
    each future from the next."""
    table = [
        [str(i), *(f.states[t] for t in targets), probability_cell(f.probability, 4)]
        for i, f in enumerate(futures, 1)
    ]
    records = [{"states": f.states, "probability": f.probability} for f in futures]
    columns = ["#", *targets, "probability"]
    if spread:
        columns += ["mean", f"low ({level:.0%})", f"high ({level:.0%})"]
        for row, record, iv in zip(table, records, spread, strict=True):
            row += [
                probability_cell(iv.mean, 4),
                probability_cell(iv.low, 4),
                probability_cell(iv.high, 4),
            ]
            record["interval"] = iv.to_dict()
    data = {"targets": targets, "evidence": evidence.to_dict(), "futures": records}
    if pairs is not None:
        data["signposts"] = [_contrast_data(c) for c in pairs]
    covered = sum(f.probability for f in futures)
    report = Report(
        f"Most likely futures{given_text(evidence)}",
        columns,
        table,
        data,
        notes=[
            f"{'this one covers' if len(futures) == 1 else f'these {len(futures)} cover'} "
            f"{covered:.1%}"
        ],
        right_aligned=set(range(len(targets) + 1, len(columns))),
        sections=[_contrasts_report(pairs)] if pairs else [],
    )
    stacked = [  # the targets' states one per line: reads at 80 columns however many targets
        [row[0], "\n".join(f"{t}={f.states[t]}" for t in targets), *row[1 + len(targets) :]]
        for row, f in zip(table, futures, strict=True)
    ]
    narrow = replace(
        report,
        columns=["#", "future", *columns[1 + len(targets) :]],
        rows=stacked,
        right_aligned=set(range(2, 2 + len(columns) - 1 - len(targets))),
    )
    return replace(report, view=Fitted(rich_table(report), rich_table(narrow)))


def _contrasts_report(pairs: list[Contrast]) -> Report:
    def side(found: tuple[tuple[str, str], float] | None) -> list:
        if found is None:
            return ["(none)", ""]
        (name, state), ratio = found
        return [f"{name}={state}", Cell("∞" if ratio == float("inf") else f"{ratio:.2f}", ratio)]

    rows = [[f"{c.first} vs {c.second}", *side(c.for_first), *side(c.for_second)] for c in pairs]
    return Report(
        "Signposts between neighbouring futures",
        ["futures", "favours the first", "LR", "favours the second", "LR"],
        rows,
        None,
        notes=["LR: how many times likelier the finding is under the future it favours."],
        right_aligned={2, 4},
    )


def _contrast_data(c: Contrast) -> dict:
    def side(found: tuple[tuple[str, str], float] | None) -> dict | None:
        if found is None:
            return None
        (name, state), ratio = found
        return {
            "variable": name,
            "state": state,
            "likelihood_ratio": None if ratio == float("inf") else ratio,
        }

    return {
        "first": c.first,
        "second": c.second,
        "favours_first": side(c.for_first),
        "favours_second": side(c.for_second),
    }


def mpe_report(found: Explanation, log_evidence: float, evidence: Evidence) -> Report:
    """The most probable explanation; probabilities also as log10, since the joint of many
    variables is often below the smallest float."""
    table = [[name, state] for name, state in found.assignment.items()]
    log_posterior = found.log_joint - log_evidence
    data = {
        "evidence": evidence.to_dict(),
        "assignment": found.assignment,
        "joint_probability": math.exp(found.log_joint),
        "posterior_probability": math.exp(log_posterior),
        "log10_joint_probability": found.log_joint / math.log(10),
        "log10_posterior_probability": log_posterior / math.log(10),
    }
    return Report(
        f"Most probable explanation{given_text(evidence)}",
        ["variable", "state"],
        table,
        data,
        notes=[mpe_in_words(log_posterior, len(found.assignment))],
    )


def mpe_in_words(log_posterior: float, variables: int) -> str:
    """What the most probable explanation is, and how to read its small probability, in
    words a non-specialist can use.

    >>> "4.2e-05 (about 1 in 24,000)" in mpe_in_words(math.log(4.167e-05), 32)
    True
    >>> "10^-337.5 (about 1 in 10^337.5)" in mpe_in_words(-777.1, 1300)
    True
    """
    posterior = math.exp(log_posterior)
    if posterior >= 0.5:
        odds = f"{posterior:.0%}"
    elif posterior >= 1e-300:
        odds = f"about 1 in {float(f'{1 / posterior:.2g}'):,.0f}"
    else:
        odds = f"about 1 in 10^{-log_posterior / math.log(10):.1f}"
    return (
        f"The most likely state of all {variables} variables taken together, given the "
        "evidence: the most coherent single story, not a forecast. This exact combination "
        f"has probability {small_probability(log_posterior)} ({odds}); with {variables} "
        "variables every full combination is unlikely, so compare stories rather than bet on one."
    )


def explain_report(
    measure: Measure, rows: list[ExplainRow], evidence: Evidence, negligible: float = NEGLIGIBLE
) -> Report:
    table = [
        [
            r.finding,
            probability_cell(r.without),
            probability_cell(r.with_all),
            change_cell(r.contribution, negligible),
            _basis_cell(r),
        ]
        for r in rows
    ]
    now = rows[0].with_all if rows else None
    data = {
        "target": measure.label,
        "evidence": evidence.to_dict(),
        "value": now,
        "findings": [
            {
                "finding": r.finding,
                "without": r.without,
                "contribution": r.contribution,
                "route": [
                    {
                        "from": link.parent,
                        "to": link.child,
                        "basis": link.basis,
                        "forward": link.forward,
                    }
                    for link in r.route
                ],
            }
            for r in rows
        ],
    }
    notes = [f"{r.finding.split('=')[0].split('~')[0]}: {_route_text(r)}" for r in rows if r.route]
    notes.append(negligible_note(negligible))
    return Report(
        f"What moved {measure.label}",
        ["finding", "without it", "with all", "contribution", "rests on"],
        table,
        data,
        right_aligned={1, 2, 3},
        notes=notes
        + [
            "rests on: the links of the shortest route from the finding "
            "to the target, quoted from the source or assumed"
        ]
        if notes
        else [],
    )


def _basis_cell(row: ExplainRow) -> Cell | str:
    if not row.route:
        return ""
    if row.assumptions:
        word = "assumption" if row.assumptions == 1 else "assumptions"
        return Cell(f"{row.assumptions} {word}", row.assumptions, "yellow")
    if any(link.basis is None for link in row.route):
        return Cell("no basis", None, "red")
    return Cell("quotes", 0, "green")


def _route_text(row: ExplainRow) -> str:
    """``a → b ← c (assumption)``: arrows as the edges point, each link's basis after it."""
    text = row.route[0].parent if row.route[0].forward else row.route[0].child
    for link in row.route:
        arrow, node = ("→", link.child) if link.forward else ("←", link.parent)
        tag = {"quote": "", "assumption": " (assumption)"}.get(link.basis or "", " (no basis)")
        text += f" {arrow} {node}{tag}"
    return text


def sweep_report(
    model: Model, vary: list[str], targets: list[str], rows: list[SweepRow], evidence: Evidence
) -> Report:
    """One row per combination: its states, P(combination | evidence), each target state."""
    columns = [*vary, "P(states)"] + [
        f"{t}={s}" for t in targets for s in model.variables[t].states
    ]
    table = []
    for row in rows:
        cells = [row.states[v] for v in vary] + [probability_cell(row.probability_of_evidence, 4)]
        for t in targets:
            for s in model.variables[t].states:
                cells.append(
                    probability_cell(row.posteriors[t][s])
                    if row.posteriors
                    else probability_cell(None)
                )
        table.append(cells)
    data = {
        "model": model.name,
        "vary": vary,
        "targets": targets,
        "evidence": evidence.to_dict(),
        "rows": [
            {
                "states": r.states,
                "probability_of_evidence": r.probability_of_evidence,
                "posteriors": r.posteriors,
            }
            for r in rows
        ],
    }
    return Report(
        f"Sweep over {', '.join(vary)}{given_text(evidence)}",
        columns,
        table,
        data,
        right_aligned=set(range(len(vary), len(columns))),
    )
