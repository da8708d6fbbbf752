"""The briefing's "What the judgements hang on": for each judgement, the tables whose
uncertainty explains most of its interval (their first-order variance shares)."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.importance import Importance
from scenarios.model.schema import Model

SHOWN = 3  # tables per judgement
NOTE = (
    "First-order Sobol indices (SALib) from a pick-freeze design over the draws of the tables; "
    "the shares leave out what tables do together. Challenging the top table moves the "
    "interval most; scenarios fragility says how far its entries would have to move."
)


def hangs_on_parts(model: Model, found: Importance, judged: list[tuple[str, str]]) -> list[Any]:
    """A sentence and a table ("table", columns, rows): a row per (target, state) ``judged``
    with its top tables and their shares, and what the top one rests on; the caller wraps
    them."""
    rows = []
    for target, state in judged:
        of = found.shares.get(target, {}).get(state, {})
        top = sorted(of, key=lambda t: -of[t].first)[:SHOWN]
        if not top:
            continue
        shares = ", ".join(f"{t} {max(of[t].first, 0.0):.0%}" for t in top)
        var = model.variables[top[0]]
        rests = var.source or var.assumption or "(neither a quote nor an assumption)"
        rows.append([f"{target}={state}", shares, rests])
    return [
        "The model's own judgements (its tables) that the intervals above hang on: each "
        "table's share of the judgement's variance over the draws of the tables, alone.",
        ("table", ["judgement", "tables (share)", "the top table rests on"], rows),
    ]
