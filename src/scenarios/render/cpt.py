"""The report of ``scenarios cpt``: a variable's full table, one row per combination of its
parents' states (the explorer shows the same)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from scenarios.model.schema import Model, Variable
from scenarios.render.report import Cell, Report


def cpt_rows(model: Model, var: Variable) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """Every row of ``var``'s CPT with its parent state indices, first parent slowest."""
    cards = [model.variables[p].cardinality for p in var.parents]
    combos = itertools.product(*(range(c) for c in cards))
    return list(zip(combos, var.cpt.reshape(-1, var.cardinality), strict=True))


def cpt_to_dict(model: Model, var: Variable) -> dict[str, Any]:
    """The full CPT as plain data: ``--format json`` of ``scenarios cpt``."""
    return {
        "model": model.name,
        "variable": var.name,
        "parents": list(var.parents),
        "states": list(var.states),
        "rows": [
            {
                "parents": {
                    p: model.variables[p].states[i] for p, i in zip(var.parents, combo, strict=True)
                },
                "probabilities": var.distribution(row),
            }
            for combo, row in cpt_rows(model, var)
        ],
    }


def cpt_report(model: Model, var: Variable) -> Report:
    """The full CPT as a Report: a column per parent, then one per child state."""
    title = f"P({var.name} | {', '.join(var.parents)})" if var.parents else f"P({var.name})"
    rows = []
    for combo, row in cpt_rows(model, var):
        labels = [model.variables[p].states[i] for p, i in zip(var.parents, combo, strict=True)]
        rows.append([*labels, *(Cell(f"{v:.4f}", float(v)) for v in row)])
    first = len(var.parents)
    return Report(
        title,
        [*var.parents, *var.states],
        rows,
        cpt_to_dict(model, var),
        right_aligned=set(range(first, first + var.cardinality)),
    )
