"""The report of ``scenarios futures``: the most probable joint futures with their intervals and
what tells each from the next, or the most probable explanation (``--mpe``)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from scenarios.analysis.futures import Contrast, Future
from scenarios.analysis.indicators import DIAGNOSTIC
from scenarios.analysis.uncertainty import Interval
from scenarios.core.estimative import YARDSTICK_NOTE, estimative
from scenarios.engine.mpe import Explanation
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model
from scenarios.render.cells import (
    given_text,
    probability_cell,
    small_probability,
)
from scenarios.render.fit import Fitted
from scenarios.render.model import future_name
from scenarios.render.report import Cell, Report, rich_table


def futures_report(
    model: Model,
    targets: list[str],
    futures: list[Future],
    evidence: Evidence,
    spread: list[Interval] | None = None,
    level: float = 0.9,
    pairs: list[Contrast] | None = None,
    headline: bool = False,
) -> Report:
    """The futures, most likely first, each named from its states and put in words (ICD
    203), with its credible interval where ``spread`` is given and a warning where the
    intervals of neighbours overlap; with ``pairs``, a section of the signposts that tell each
    future from the next. ``headline``: the targets are the model's headline outcomes (said)."""
    names = [future_name(model, f.states) for f in futures]
    table = [
        [str(i), *(f.states[t] for t in targets), probability_cell(f.probability, 4)]
        + [estimative(f.probability)]
        for i, f in enumerate(futures, 1)
    ]
    records = [
        {
            "name": n,
            "states": f.states,
            "probability": f.probability,
            "words": estimative(f.probability),
        }
        for n, f in zip(names, futures, strict=True)
    ]
    columns = ["#", *targets, "probability", "in words"]
    if spread:
        columns.append(f"{level:.0%} interval")
        for row, record, iv in zip(table, records, spread, strict=True):
            row.append(Cell(f"{iv.low:.3f}-{iv.high:.3f}", iv.low))
            record["interval"] = iv.to_dict()
    data = {"targets": targets, "evidence": evidence.to_dict(), "futures": records}
    if pairs is not None:
        data["signposts"] = [_contrast_data(c) for c in pairs]
    notes = _futures_notes(model, targets, futures, spread, level, headline)
    data["notes"] = notes
    report = Report(
        f"Most likely futures{given_text(evidence)}",
        columns,
        table,
        data,
        notes=notes,
        right_aligned={len(targets) + 1, *([len(columns) - 1] if spread else [])},
        sections=[_contrasts_report(pairs)] if pairs else [],
    )
    named = [
        [row[0], name, *row[1 + len(targets) :]] for row, name in zip(table, names, strict=True)
    ]
    narrow = replace(
        report,
        columns=["#", "future", *columns[1 + len(targets) :]],
        rows=named,
        right_aligned={2, *([len(columns) - len(targets)] if spread else [])},
    )
    return replace(report, view=Fitted(rich_table(report), rich_table(narrow)))


def _futures_notes(
    model: Model,
    targets: list[str],
    futures: list[Future],
    spread: list[Interval] | None,
    level: float,
    headline: bool,
) -> list[str]:
    covered = sum(f.probability for f in futures)
    many = "this one covers" if len(futures) == 1 else f"these {len(futures)} cover"
    notes = [f"{many} {covered:.1%} of the probability"]
    if headline:
        words = ", ".join(model.variables[t].words for t in targets)
        notes.append(f"Futures of the headline outcomes ({words}); -t names others.")
    ivs = spread or []
    overlaps = [
        f"#{i + 1} and #{i + 2}" for i in range(len(ivs) - 1) if ivs[i].low <= ivs[i + 1].high
    ]
    if overlaps:
        notes.append(
            f"Warning: the {level:.0%} intervals of neighbours overlap ({'; '.join(overlaps)}): "
            "which of each pair is the more likely rests on the priors, not on the model."
        )
    notes.append(YARDSTICK_NOTE)
    return notes


def _contrasts_report(pairs: list[Contrast]) -> Report:
    def side(found: tuple[tuple[str, str], float] | None) -> list[Any]:
        if found is None:
            return ["(none)", ""]
        (name, state), ratio = found
        return [f"{name}={state}", Cell("∞" if ratio == float("inf") else f"{ratio:.2f}", ratio)]

    rows = [[f"{c.first} vs {c.second}", *side(c.for_first), *side(c.for_second)] for c in pairs]
    report = Report(
        "Signposts between neighbouring futures",
        ["futures", "favours the first", "LR", "favours the second", "LR"],
        rows,
        None,
        notes=[
            "LR: how many times likelier the finding is under the future it favours "
            f"(listed from {DIAGNOSTIC:g})."
        ],
        right_aligned={2, 4},
    )
    stacked = [  # one finding a row: findings stay whole at 80 columns
        [f"{c.first} vs {c.second}" if k == 0 else "", who, *side(found)]
        for c in pairs
        for k, (who, found) in enumerate(((c.first, c.for_first), (c.second, c.for_second)))
    ]
    narrow = replace(
        report, columns=["futures", "favours", "finding", "LR"], rows=stacked, right_aligned={3}
    )
    return replace(report, view=Fitted(rich_table(report), rich_table(narrow)))


def _contrast_data(c: Contrast) -> dict[str, Any]:
    def side(found: tuple[tuple[str, str], float] | None) -> dict[str, Any] | None:
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
