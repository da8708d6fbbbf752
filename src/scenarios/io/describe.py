"""A model as plain data (for ``--format json``), in the same shape as the YAML format."""

from __future__ import annotations

from typing import Any

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
    rows = var.cpt.reshape(-1, var.cardinality)
    combos = _combinations([len(s) for _, s in parents])
    data["cpt"] = {"table": {
        format_combination(parents, combo): dict(zip(var.states, row.tolist(), strict=True))
        for combo, row in zip(combos, rows, strict=True)
    }}
    return data


def _combinations(cards: list[int]) -> list[tuple[int, ...]]:
    import itertools

    return list(itertools.product(*(range(c) for c in cards)))
