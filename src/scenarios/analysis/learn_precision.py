"""A learned model at the precision its numbers carry, for a modeler to read.

A probability learned from a row worth ``w`` cases is known to within about its standard
error, at most ``0.5 / sqrt(w)``; digits far below that are noise. Each learned row is written
with the fewest decimals whose rounding error is at most a tenth of that (``ceil(1 + log10(w)
/ 2)``, at least 2: 2 decimals up to 100 cases a row, 3 up to 10,000), rounded so that the row
still sums to exactly 1 at that precision (largest remainders), a structural zero kept zero.
The cases counted into each row (expectations, under EM) keep two decimals. Tables that
learned nothing are left as the modeler wrote them.

Example:
    >>> import numpy as np
    >>> decimals(20.0), decimals(408.0), decimals(50_000.0)
    (2, 3, 4)
    >>> rounded_row(np.array([0.26374685865472713, 0.4424522331738085, 0.2938009081714643]), 3)
    array([0.264, 0.442, 0.294])
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from scenarios.model.schema import Model, Variable


def decimals(weight: float) -> int:
    """The decimals a probability learned from ``weight`` cases carries."""
    return max(2, math.ceil(1 + math.log10(max(weight, 1.0)) / 2))


def rounded_row(row: np.ndarray, places: int, total: float = 1.0) -> np.ndarray:
    """``row`` to ``places`` decimals, summing to ``total`` (itself to ``places`` decimals):
    each cell rounded down, then the units left over given to the cells with the largest
    remainders (never to a zero)."""
    scale = 10**places
    scaled = row * scale
    floor = np.floor(scaled + 1e-9)
    missing = int(round(round(total * scale) - floor.sum()))
    remainders = np.where(row > 0, scaled - floor, -1.0)
    for index in np.argsort(-remainders, kind="stable")[: max(missing, 0)]:
        floor[index] += 1
    return np.asarray(floor / scale)


def at_carried_precision(model: Model) -> Model:
    """``model`` with each learned table rounded as the module's docstring says."""
    variables = {n: _carried(model, v) for n, v in model.variables.items()}
    return replace(model, variables=variables)


def _carried(model: Model, var: Variable) -> Variable:
    if var.learned is None:
        return var
    weights = model.row_confidence(var.name).reshape(-1)
    table = np.stack(
        [
            rounded_row(row, decimals(weight))
            for row, weight in zip(var.cpt.reshape(-1, var.cardinality), weights, strict=True)
        ]
    )
    counts = np.asarray(var.learned.rows, dtype=float)  # expectations, under EM
    kept = tuple(float(c) for c in rounded_row(counts, 2, float(counts.sum())))
    learned = replace(var.learned, cases=round(float(var.learned.cases), 2), rows=kept)
    return replace(var, cpt=table.reshape(var.cpt.shape), learned=learned)
