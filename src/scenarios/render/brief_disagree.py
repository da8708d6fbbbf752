"""The briefing's "Where the analysts disagree" (``brief --analysts DIR``): the first judgement
under each analyst's assessment, and the tables whose disagreement moves it most."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.disagree import Disagreement

SHOWN = 5  # tables at most


def disagree_parts(found: Disagreement) -> list[Any]:
    """A sentence and a table ("table", columns, rows); the caller wraps them."""
    label = found.measure.label
    prob = found.measure.state is not None

    def shown(value: float) -> str:
        return f"{value:.0%}" if prob else f"{value:.2f}"

    each = ", ".join(f"{a} {shown(v)}" for a, v in found.by_analyst.items())
    analysts = list(found.by_analyst)
    rows = [
        [
            t.variable,
            *(shown(t.values[a]) for a in analysts),
            f"{t.spread * 100:.1f} pp" if prob else f"{t.spread:.3f}",
        ]
        for t in found.tables[:SHOWN]
    ]
    return [
        f"{label}: {shown(found.shared)} on the shared model; {each} on each analyst's tables; "
        f"{shown(found.pooled)} pooled (the judgements above use the pool). The disagreement "
        "to settle first is the table whose range is widest: the judgement with only that "
        "table following each analyst.",
        ("table", ["table", *analysts, "range"], rows),
    ]
