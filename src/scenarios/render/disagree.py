"""The report of ``scenarios disagree``: each analyst's judgement, and per table the range of
the judgement when only that table follows each analyst, widest first."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.disagree import Disagreement
from scenarios.io.analyst_file import Assessment
from scenarios.render.cells import given_text
from scenarios.render.report import Cell, Report


def _value(measure_is_probability: bool, value: float) -> Cell:
    return Cell(f"{value:.0%}" if measure_is_probability else f"{value:.2f}", value)


def disagree_report(found: Disagreement) -> Report:
    prob = found.measure.state is not None
    analysts = list(found.by_analyst)
    rows = [
        [t.variable, *(_value(prob, t.values[a]) for a in analysts), _spread(prob, t.spread)]
        for t in found.tables
    ]
    judged = f"{found.measure.label}{given_text(found.evidence)}"
    whole = Report(
        f"{judged} under each analyst's assessment",
        ["shared", *analysts, "pooled (linear)"],
        [
            [
                _value(prob, found.shared),
                *(_value(prob, found.by_analyst[a]) for a in analysts),
                _value(prob, found.pooled),
            ]
        ],
        None,
        right_aligned=set(range(len(analysts) + 2)),
    )
    reasons = Report(
        "Why they differ (their reasons)",
        ["table", "analyst", "reason"],
        [[t.variable, a, r] for t in found.tables for a, r in t.reasons.items()],
        None,
    )
    return Report(
        f"Where the analysts disagree about {judged}: each table alone, widest first",
        ["table", *analysts, "range"],
        rows,
        _data(found),
        notes=[
            "Each column: the judgement when only that table follows that analyst (the "
            "rest shared); range: how far settling that table could move it."
        ],
        right_aligned=set(range(1, len(analysts) + 2)),
        sections=[whole, reasons],
    )


def _spread(prob: bool, value: float) -> Cell:
    return Cell(f"{value * 100:.1f} pp" if prob else f"{value:.3f}", value)


def _data(found: Disagreement) -> dict[str, Any]:
    return {
        "target": found.measure.variable,
        "state": found.measure.state,
        "evidence": found.evidence.to_dict(),
        "shared": found.shared,
        "pooled": found.pooled,
        "by_analyst": found.by_analyst,
        "tables": [
            {"variable": t.variable, "values": t.values, "range": t.spread, "reasons": t.reasons}
            for t in found.tables
        ],
    }


def assessed_section(analysts: list[Assessment]) -> Report:
    """Who assessed what (``show --analysts``): a row per analyst and variable, with what the
    analyst gave (a table, a confidence) and the reason."""
    rows = []
    for a in analysts:
        for name in a.assessed:
            gave = [
                w
                for w, has in (("table", name in a.tables), ("confidence", name in a.confidences))
                if has
            ]
            rows.append([name, a.analyst, " and ".join(gave), a.reasons[name]])
    rows.sort(key=lambda r: (r[0], r[1]))
    return Report(
        "Assessed by the analysts (pooled: linear, equal weights)",
        ["variable", "analyst", "gave", "reason"],
        rows,
        None,
    )


def assessed_to_dict(analysts: list[Assessment]) -> list[dict[str, Any]]:
    return [
        {
            "analyst": a.analyst,
            "file": a.path,
            "assessed": {
                n: {
                    "table": n in a.tables,
                    "confidence": a.confidences.get(n),
                    "reason": a.reasons[n],
                }
                for n in a.assessed
            },
        }
        for a in analysts
    ]
