"""The cells every report shares: a probability, a change (or "negligible"), the evidence
in a title.

Example:
    >>> change_cell(0.004).text, change_cell(0.125).text
    ('negligible', '+12.5 pp')
"""

from __future__ import annotations

from scenarios.core.bars import NEGLIGIBLE, change_style, change_text
from scenarios.engine.evidence import Evidence
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
