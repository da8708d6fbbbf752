"""The cells every report shares: a probability, a change (or "negligible"), the evidence
in a title.

Example:
    >>> change_cell(0.004).text, change_cell(0.125).text
    ('negligible', '+12.5 pp')
"""

from __future__ import annotations

import math

from scenarios.core.bars import NEGLIGIBLE, change_style, change_text
from scenarios.model.evidence import Evidence
from scenarios.render.report import Cell


def probability_cell(value: float | None, digits: int = 3) -> Cell:
    if value is None:
        return Cell("impossible", None, "dim")
    return Cell(f"{value:.{digits}f}", value)


def change_cell(change: float, negligible: float = NEGLIGIBLE) -> Cell:
    """A change: signed points, or "negligible" (dim) under the threshold; CSV keeps the number."""
    return Cell(change_text(change, negligible), change, change_style(change, negligible))


def negligible_note(negligible: float) -> str:
    return f"negligible: a change under {negligible * 100:g} pp (set with --negligible PP)"


def given_text(evidence: Evidence) -> str:
    return f" given {evidence.describe()}" if evidence.describe() else ""


def small_probability(log_p: float, digits: int = 2) -> str:
    """A probability given by its natural log, written as a number while a float holds it,
    else as a power of ten (never "0" for what is only very small).

    >>> small_probability(math.log(0.25)), small_probability(-777.1)
    ('0.25', '10^-337.5')
    """
    if log_p == -math.inf:
        return "0"
    value = math.exp(log_p)
    return f"{value:.{digits}g}" if value >= 1e-300 else f"10^{log_p / math.log(10):.1f}"


def number_cell(value: float | None, spec: str = ".4f") -> Cell:
    """A number formatted by ``spec``, or "-" where there is none (a cost not given)."""
    return Cell("-", "") if value is None else Cell(format(value, spec), value)
