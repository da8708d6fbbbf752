"""A model as plain data (for ``--format json``), in the same shape as the YAML format."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from scenarios.cpt.table import format_combination
from scenarios.model.schema import Basis, Model, Variable
from scenarios.render.report import Cell, Report


def model_to_dict(model: Model) -> dict[str, Any]:
    """Name, description, horizon, sources and every variable with states (and their
    definitions), parents (each with its quote or assumption) and CPT."""
    return {
        "name": model.name,
        "description": model.description,
        "horizon": model.horizon,
        "source": model.source,
        "sources": [s.to_dict() for s in model.sources],
        "variables": {name: variable_to_dict(model, v) for name, v in model.variables.items()},
    }


def basis_to_dict(basis: Basis | None) -> dict[str, str]:
    """``{"quote": ...}``, ``{"assumption": ...}`` or ``{}``: the YAML's own shape."""
    return {basis.kind: basis.text} if basis else {}


def variable_to_dict(model: Model, var: Variable) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": var.description,
        "role": var.role,
        "scale": var.scale,
        "states": list(var.states),
        "definitions": {s: var.definitions[s] for s in var.states if s in var.definitions},
        "source": var.source,
        "assumption": var.assumption,
        "parents": {p: basis_to_dict(var.edge_basis(p)) for p in var.parents},
        "observable": var.observable,
        "cost": var.cost,
        "lead_time": var.lead_time,
    }
    if not var.parents:
        data["cpt"] = var.distribution(var.cpt)
        return data
    parents = [(p, model.variables[p].states) for p in var.parents]
    data["cpt"] = {
        "table": {
            format_combination(parents, combo): var.distribution(row)
            for combo, row in cpt_rows(model, var)
        }
    }
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


def model_report(model: Model) -> Report:
    """One row per variable: role, scale, states and parents; JSON is the whole model."""
    rows = [
        [
            v.name,
            v.role or "",
            v.scale,
            " < ".join(v.states) if v.scale == "ordinal" else " | ".join(v.states),
            ", ".join(v.parents),
        ]
        for v in model.variables.values()
    ]
    return Report(
        f"Model {model.name}",
        ["variable", "role", "scale", "states", "parents"],
        rows,
        model_to_dict(model),
    )
