"""The report of ``scenarios indicators``: signposts and warnings per future with what would
change my mind, and (``--matrix``) the findings x futures matrix of analysis of competing
hypotheses."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Group
from rich.text import Text

from scenarios.analysis.indicators import (
    DIAGNOSTIC,
    LIKELY,
    HiddenKey,
    IndicatorAnalysis,
    MindChange,
    Signal,
)
from scenarios.model.evidence import Evidence
from scenarios.render.cells import given_text, number_cell, probability_cell
from scenarios.render.report import Cell, Report, rich_table


def _ratio(value: float) -> Cell:
    if math.isinf(value):
        return Cell("∞", None)
    return Cell(f"{value:.2f}", value)


def _short(label: str, prefix: str) -> str:
    """``secret`` for ``secret_pact=secret`` and ``not secret`` for ``secret_pact!=secret``
    when ``prefix`` is ``secret_pact``."""
    if prefix and label.startswith(f"{prefix}!="):
        return "not " + label[len(prefix) + 2 :]
    return label[len(prefix) + 1 :] if prefix and label.startswith(f"{prefix}=") else label


def _prefix(found: IndicatorAnalysis) -> str:
    """The outcome the futures are states of ('' for scenarios)."""
    first = found.futures[0].label.partition("=")[0].rstrip("!") if found.futures else ""
    same = all(f.label.startswith((f"{first}=", f"{first}!=")) for f in found.futures)
    return first if first and same else ""


def indicators_report(
    subject: str,
    found: IndicatorAnalysis,
    evidence: Evidence,
    top: int = 3,
    hidden: dict[str, list[HiddenKey]] | None = None,
) -> Report:
    """Per future, the findings that most raise and most lower it (likelihood ratios), then
    what would change my mind, and plainly which futures no available observation makes
    likely (with the ``hidden`` variables whose indicator would); JSON holds every finding
    and the hypotheses x findings matrix."""
    prefix = _prefix(found)
    per_future: dict[str, list[Any]] = {}
    weights = {f.label: f.weight for f in found.futures}
    for future in found.futures:
        signals = found.signals[future.label]
        raising = [s for s in signals if s.likelihood_ratio > 1][:top]
        lowering = [s for s in reversed(signals) if s.likelihood_ratio < 1][:top]
        per_future[future.label] = [
            _signal_row(kind, s)
            for kind, chosen in (("▲", raising), ("▼", lowering))
            for s in chosen
        ]
    title = f"Signposts and warnings for {subject}{given_text(evidence)}"
    legend = (
        "if: P(finding | future); else: P(finding | the other futures, weighted as now); "
        "LR = if / else: ▲ above 1 a signpost for the future, ▼ below 1 a warning against "
        f"it; then: P(future | evidence and the finding). Findings with an LR between "
        f"{1 / DIAGNOSTIC:.2f} and {DIAGNOSTIC:g} are left out: from even odds they move a "
        "future by 10 points at most."
    )
    silent = [_short(label, prefix) for label, rows in per_future.items() if not rows]
    if silent:
        legend += f" No observable finding is a signpost or a warning for: {', '.join(silent)}."
    columns = ["kind", "finding", "if", "else", "LR", "then"]
    tables = [
        rich_table(
            Report(
                f"{_short(label, prefix)} (now {weights[label]:.0%})",
                columns,
                rows,
                None,
                right_aligned={2, 3, 4, 5},
            )
        )
        for label, rows in per_future.items()
    ]
    return Report(
        title,
        ["future", *columns],
        [[_short(label, prefix), *row] for label, rows in per_future.items() for row in rows],
        {
            **_indicators_data(subject, found, evidence),
            "not_likely": not_likely_data(found, hidden),
        },
        notes=[legend],
        right_aligned={3, 4, 5, 6},
        view=Group(Text(title, style="bold cyan"), *tables, Text(legend, style="dim")),
        sections=[_changes_report(found, prefix, hidden)],
    )


def _best_change(found: IndicatorAnalysis, label: str) -> MindChange | None:
    return next((c for c in found.changes if c.future == label), None)


def not_likely(found: IndicatorAnalysis) -> list[str]:
    """The futures that no set of available observations makes likely (LIKELY or more);
    the leading one counts when it is not likely already."""
    out = []
    for future in found.futures:
        best = _best_change(found, future.label)
        now = future.weight / sum(f.weight for f in found.futures)
        if future.label == found.leading and now >= LIKELY:
            continue
        if best is None or best.probability < LIKELY:
            out.append(future.label)
    return out


def not_likely_sentences(
    found: IndicatorAnalysis, hidden: dict[str, list[HiddenKey]] | None, prefix: str
) -> list[str]:
    """Plainly, for each future no available observation makes likely: the best it can do,
    and what knowing a hidden variable would do instead."""
    sentences = []
    for label in not_likely(found):
        best = _best_change(found, label)
        name = _short(label, prefix)
        searched = f"No set of {found.searched} or fewer available observations makes {name} likely"
        if best is None:
            sentences.append(f"{searched} (55% or more), nor even the most likely future.")
        else:
            seen = ", ".join(f"{n}={s}" for n, s in best.findings)
            sentences.append(
                f"{searched} (55% or more): the fewest that make it the most likely future, "
                f"{seen}, leave it at {best.probability:.0%}."
            )
        keys = (hidden or {}).get(label, [])[:2]
        for key in keys:
            sentences.append(
                f"Knowing {key.variable}={key.state} would make {name} {key.then:.0%} likely "
                f"(it tells {key.bits:.2f} bits of it), but nothing observable reports on "
                f"{key.variable}: an indicator of it is what is missing."
            )
        if hidden is not None and not keys:
            sentences.append(f"Nor would knowing any single hidden variable make {name} likely.")
    return sentences


def not_likely_data(
    found: IndicatorAnalysis, hidden: dict[str, list[HiddenKey]] | None
) -> list[dict[str, Any]]:
    out = []
    for label in not_likely(found):
        best = _best_change(found, label)
        out.append(
            {
                "future": label,
                "best_findings": [{"variable": n, "state": s} for n, s in best.findings]
                if best
                else [],
                "best_probability": best.probability if best else None,
                "hidden": [
                    {"variable": k.variable, "state": k.state, "then": k.then, "bits": k.bits}
                    for k in (hidden or {}).get(label, [])
                ],
            }
        )
    return out


def _signal_row(kind: str, s: Signal) -> list[Any]:
    style = "green" if kind == "▲" else "red"
    return [
        Cell(kind, "signpost" if kind == "▲" else "warning", style),
        s.finding,
        probability_cell(s.if_future, 2),
        probability_cell(s.otherwise, 2),
        _ratio(s.likelihood_ratio),
        probability_cell(s.then, 2),
    ]


def _changes_report(
    found: IndicatorAnalysis, prefix: str, hidden: dict[str, list[HiddenKey]] | None
) -> Report:
    leading = "the rest" if found.leading is None else _short(found.leading, prefix)
    now = "no future leads now" if found.leading is None else f"most likely now: {leading}"
    rows = [
        [
            _short(c.future, prefix),
            "\n".join(f"{n}={s}" for n, s in c.findings),
            probability_cell(c.probability, 2),
            number_cell(c.cost, "g"),
            number_cell(c.lead_time, "g"),
        ]
        for c in found.changes
    ]
    notes = [
        f"The fewest observations (at most {found.depth}, --depth) after which each other "
        f"future is more likely than {leading}; then: its probability after them."
    ]
    notes += not_likely_sentences(found, hidden, prefix)
    if found.searched < found.depth:
        notes.append(
            f"Sets of {found.searched + 1} observations were not searched: there are too many "
            "(SCENARIOS_MAX_FINDING_SETS raises the limit; fewer observables or futures, or "
            "-e findings, make fewer)."
        )
    return Report(
        f"What would change my mind ({now})",
        ["to make likely", "observe", "then", "cost", "days"],
        rows,
        None,
        notes=notes,
        right_aligned={2, 3, 4},
    )


def _indicators_data(subject: str, found: IndicatorAnalysis, evidence: Evidence) -> dict[str, Any]:
    def ratio(value: float) -> float | None:
        return None if math.isinf(value) else value

    return {
        "subject": subject,
        "evidence": evidence.to_dict(),
        "futures": [{"future": f.label, "probability_now": f.weight} for f in found.futures],
        "leading": found.leading,
        "observables": found.observables,
        "signals": {
            label: [
                {
                    "variable": s.variable,
                    "state": s.state,
                    "if_future": s.if_future,
                    "otherwise": s.otherwise,
                    "likelihood_ratio": ratio(s.likelihood_ratio),
                    "then": s.then,
                }
                for s in signals
            ]
            for label, signals in found.signals.items()
        },
        "matrix": {
            label: {f"{n}={s}": p for (n, s), p in row.items()}
            for label, row in found.matrix.items()
        },
        "change_my_mind": [
            {
                "future": c.future,
                "findings": [{"variable": n, "state": s} for n, s in c.findings],
                "probability": c.probability,
                "cost": c.cost,
                "lead_time_days": c.lead_time,
            }
            for c in found.changes
        ],
        "unreachable": found.unreachable,
        "depth": found.depth,
        "searched_depth": found.searched,
    }


def matrix_report(subject: str, found: IndicatorAnalysis, evidence: Evidence) -> Report:
    """Analysis of competing hypotheses: P(finding | future) for every observable finding
    (rows) and future (columns), with the spread between the likeliest and least likely."""
    labels = [f.label for f in found.futures]
    prefix = _prefix(found)
    rows = []
    for finding in next(iter(found.matrix.values()), {}):
        values = [found.matrix[label][finding] for label in labels]
        low = min(values)
        spread = max(values) / low if low > 0 else math.inf
        cells = [f"{finding[0]}={finding[1]}", *(probability_cell(v, 2) for v in values)]
        rows.append((spread, [*cells, _ratio(spread)]))
    return Report(
        f"Findings x futures for {subject}{given_text(evidence)}: P(finding | future)",
        ["finding", *(_short(label, prefix) for label in labels), "max/min"],
        [row for _, row in sorted(rows, key=lambda pair: -pair[0])],
        _indicators_data(subject, found, evidence),
        notes=["max/min: how well the finding tells the futures apart (1: not at all)."],
        right_aligned=set(range(1, len(labels) + 2)),
    )
