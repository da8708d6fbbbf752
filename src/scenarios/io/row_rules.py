"""What a row of a table read from another tool's file may be, and what a reader does about it:
the tolerance of the tools analysts use, each change noted so that it is never silent.

- Float noise: an entry within NOISE below 0 (UnBBayes writes float32 values such as
  -1.1920929E-7) is read as 0.
- Rounding: a row within ROUNDED of 1 (six decimals over many states) is divided by its sum;
  within EXACT, silently (the noise of decimal fractions).
- Counts: Hugin divides each row by its sum, so a Hugin table may hold counts or weights.
- Further off (GeNIe's rows at 0.998): divided by its sum only when asked (``--normalize``).

Every change is a note on the model (``Model.notes``), its ``hint`` saying which of these it
was: ``--strict`` refuses any of them, and a row further off is refused unless ``--normalize``
(:func:`scenarios.io.model_files.read_model_file`).

Example:
    >>> settled = settle_row(np.array([0.5, 0.49996, -1e-7]))
    >>> settled.row.round(4).tolist(), settled.hint == ROUNDED_HINT
    ([0.5, 0.5, 0.0], True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.io.row_notes import (
    EXACT,
    FAR_HINT,
    IMPOSSIBLE_HINT,
    NOISE,
    NOISE_HINT,
    ROUNDED,
    ROUNDED_HINT,
)

__all__ = ["FAR_HINT", "IMPOSSIBLE_HINT", "Settled", "settle_row"]


@dataclass(frozen=True)
class Settled:
    """A row as it is read (divided by its sum where that was allowed), what happened to it
    (``reason``, "" when nothing worth a word), and either the ``hint`` of a note or, when
    the row cannot be read, ``refused`` True."""

    row: np.ndarray
    reason: str = ""
    hint: str = ""
    refused: bool = False


def settle_row(row: np.ndarray, counts: bool = False) -> Settled:
    """A row read from a file, settled by the rules above (``counts``: a Hugin table)."""
    if not np.isfinite(row).all():
        return Settled(row, "is not a number", refused=True)
    noise = (row < 0) & (row >= -NOISE)
    if noise.any():
        smallest = float(row.min())
        settled = settle_row(np.where(noise, 0.0, row), counts)
        if settled.refused or settled.hint:
            return settled
        return Settled(settled.row, f"holds {smallest:g}", NOISE_HINT)
    if (row < 0).any():
        return Settled(row, "has a negative probability", refused=True)
    total = float(row.sum())
    if abs(total - 1.0) <= EXACT:
        return Settled(row / total)
    reason = f"sums to {total:.10g}, not 1"
    if total <= 0:
        return Settled(row, reason, refused=True)
    hint = ROUNDED_HINT if counts or abs(total - 1.0) <= ROUNDED else FAR_HINT
    return Settled(row / total, reason, hint)
