"""What an interval hangs on (``query --intervals --importance``): per target, the tables
whose uncertainty explains most of each state's variance over the draws."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.importance import Importance, Share
from scenarios.render.report import Cell, Report

SHOWN = 6  # tables per target in the terminal (JSON has them all)


def importance_sections(found: Importance, states: dict[str, tuple[str, ...]]) -> list[Report]:
    """A table per target: its most important tables, their first-order share per state."""
    out = []
    for target, of in found.shares.items():
        shown = found.ranked(target)[:SHOWN]
        rows = [[table, *(_share(of[s].get(table)) for s in states[target])] for table in shown]
        out.append(
            Report(
                f"What the interval of {target} hangs on",
                ["table", *states[target]],
                rows,
                None,
                right_aligned=set(range(1, 1 + len(states[target]))),
            )
        )
    if out:
        out[-1].notes = [
            "Each table's share of the variance of the posterior over the draws, alone "
            f"(first-order Sobol index: SALib, {found.base:,} rows of a pick-freeze design, "
            f"{found.base * (len(found.tables) + 2):,} posteriors); the rest is interactions. "
            "JSON has every table, the 95% half-width and the total index."
        ]
    return out


def _share(share: Share | None) -> Cell:
    if share is None:
        return Cell("-", None)
    return Cell(f"{max(share.first, 0.0):.0%}", share.first)


def importance_to_dict(found: Importance) -> dict[str, Any]:
    return {
        "base": found.base,
        "tables": found.tables,
        "shares": {
            target: {
                state: {
                    table: {"first": s.first, "first_conf": s.first_conf, "total": s.total}
                    for table, s in by_table.items()
                }
                for state, by_table in of.items()
            }
            for target, of in found.shares.items()
        },
    }
