"""The notes a reader leaves on a model when it reads a row as another tool would
(:mod:`scenarios.io.row_rules`), and the one policy on them: ``--strict`` refuses them all, a
row further off than rounding is refused unless ``--normalize``. Kept apart from the rules so
that the format registry, loaded by every command's ``--help``, needs no numpy."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scenarios.core.errors import ModelError

if TYPE_CHECKING:
    from scenarios.model.schema import Model

NOISE = 1e-6  # an entry this far below 0 is float noise, read as 0
EXACT = 1e-6  # a row this close to 1 is divided by its sum without a word (float noise)
ROUNDED = 1e-4  # ... this close, with a note: rounding (six decimals over many states)
ROUNDED_HINT = "divided by its sum (--strict refuses it)"
NOISE_HINT = "read as 0: float noise within 1e-6 of 0 (--strict refuses it)"
FAR_HINT = "divided by its sum, as --normalize asks"
IMPOSSIBLE_HINT = "an impossible parent combination (@imposs): read as uniform"
NUMBER_HINTS = (ROUNDED_HINT, NOISE_HINT, FAR_HINT, IMPOSSIBLE_HINT)  # what --strict refuses
SAID = {  # how a line on stderr sums the rows each rule changed: (one row, several rows)
    ROUNDED_HINT: (
        "1 row that did not sum to 1 was divided by its sum",
        "{} rows that did not sum to 1 were divided by their sums",
    ),
    FAR_HINT: (
        "1 row further from 1 than rounding was divided by its sum (--normalize)",
        "{} rows further from 1 than rounding were divided by their sums (--normalize)",
    ),
    NOISE_HINT: (
        "1 row held float noise within 1e-6 below 0, read as 0",
        "{} rows held float noise within 1e-6 below 0, read as 0",
    ),
    IMPOSSIBLE_HINT: (
        "1 row is an impossible parent combination (@imposs), read as uniform",
        "{} rows are impossible parent combinations (@imposs), read as uniform",
    ),
}
STRICT_HINT = (
    "make the row a distribution (without --strict, rows within 1e-4 of 1, Hugin's tables of "
    "counts and float noise within 1e-6 of 0 are read as their tools read them)"
)
NORMALIZE_HINT = (
    "correct the row, or divide such rows by their sums with --normalize (a note names each)"
)


def settled_model(model: Model, strict: bool = False, normalize: bool = False) -> Model:
    """``model`` as read, or a ModelError: with ``strict``, every row a reader changed; else
    every row further from 1 than rounding, unless ``normalize``."""
    changed = [n for n in model.notes if n.hint in NUMBER_HINTS]
    if strict and changed:
        raise ModelError([replace(n, hint=STRICT_HINT) for n in changed])
    far = [n for n in changed if n.hint == FAR_HINT]
    if far and not normalize:
        raise ModelError([replace(n, hint=NORMALIZE_HINT) for n in far])
    return model
