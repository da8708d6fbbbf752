"""The briefing's "How it unfolds" section, for a time-sliced model: each headline outcome's
probability of each state slice by slice under the evidence (at most MOST_COLUMNS slices,
evenly spread, the first and the last among them)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scenarios.analysis.forecast import Trajectory

MOST_COLUMNS = 8


def shown_slices(count: int) -> list[int]:
    """The slices a table has room for: all up to MOST_COLUMNS, else spread evenly."""
    if count <= MOST_COLUMNS:
        return list(range(count))
    return sorted({int(round(i)) for i in np.linspace(0, count - 1, MOST_COLUMNS)})


def unfolds_parts(found: list[Trajectory]) -> list[Any]:
    """A sentence and a table ("table", columns, rows) per outcome, in reading order."""
    if not found:
        return []
    slices = found[0].slices
    picked = shown_slices(len(slices))
    parts: list[Any] = [
        "Each headline outcome slice by slice, given the evidence: findings at one slice weigh "
        f"on the others as far as the transitions carry them ({slices[0]} to {slices[-1]})."
    ]
    for trajectory in found:
        rows = [
            [
                f"{trajectory.target}={state}",
                *(f"{trajectory.probabilities[i, k]:.0%}" for i in picked),
            ]
            for k, state in enumerate(trajectory.states)
        ]
        parts.append(("table", ["outcome", *(slices[i] for i in picked)], rows))
    return parts
