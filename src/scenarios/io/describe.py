"""A model as plain data (for ``--format json``), in the same shape as the YAML format."""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

import numpy as np

from scenarios.cpt.table import format_combination
from scenarios.model.schema import Model, Variable


def model_to_dict(model: Model) -> dict[str, Any]:
    """Name, description, source and every variable with states, parents, sources and CPT."""
    return {
        "name": model.name,
        "description": model.description,
        "source": model.source,
        "variables": {name: variable_to_dict(model, v) for name, v in model.variables.items()},
    }


def variable_to_dict(model: Model, var: Variable) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": var.description,
        "role": var.role,
        "scale": var.scale,
        "states": list(var.states),
        "source": var.source,
        "parents": {p: var.edge_sources.get(p, "") for p in var.parents},
    }
    if not var.parents:
        data["cpt"] = dict(zip(var.states, var.cpt.tolist(), strict=True))
        return data
    parents = [(p, model.variables[p].states) for p in var.parents]
    data["cpt"] = {"table": {
        format_combination(parents, combo): dict(zip(var.states, row.tolist(), strict=True))
        for combo, row in cpt_rows(model, var)
    }}
    return data


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
            {"parents": {p: model.variables[p].states[i]
                         for p, i in zip(var.parents, combo, strict=True)},
             "probabilities": dict(zip(var.states, row.tolist(), strict=True))}
            for combo, row in cpt_rows(model, var)
        ],
    }


def cpt_to_csv(model: Model, var: Variable) -> str:
    """The full CPT as CSV: one column per parent, then one per state."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*var.parents, *var.states])
    for combo, row in cpt_rows(model, var):
        labels = [model.variables[p].states[i] for p, i in zip(var.parents, combo, strict=True)]
        writer.writerow([*labels, *(repr(float(v)) for v in row)])
    return buffer.getvalue()
