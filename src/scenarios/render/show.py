"""The report of ``scenarios show``: the model as plain data in the YAML format's own shape
(``--format json``), a row per variable, and the tree of roles, variables and their quotes."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from rich.tree import Tree

from scenarios.cpt.table import format_combination
from scenarios.model.schema import Basis, Model, Variable
from scenarios.render.cpt import cpt_rows
from scenarios.render.model import ROLE_TITLES, basis_text
from scenarios.render.report import Report


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


def show_report(model: Model) -> Report:
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


def model_tree(model: Model) -> Tree:
    """Variables grouped by role, each with its states (and what they mean), parents and the
    basis of each: a quote from a source, or the modeler's assumption."""
    root = Tree(Text.assemble((model.name, "bold"), f"  {model.description}"))
    if model.horizon:
        root.add(Text.assemble(("horizon: ", "bold"), model.horizon))
    for source in model.sources:
        root.add(Text(f"source [{source.id}]: {source.citation}", style="dim"))
    if model.source and not model.sources:
        root.add(Text(f"source: {model.source}", style="dim"))
    for role, title in ROLE_TITLES.items():
        members = [v for v in model.variables.values() if v.role == role]
        if members:
            branch = root.add(Text(title, style="bold magenta"))
            for var in members:
                _add_variable(branch, var)
    return root


def _add_variable(branch: Tree, var: Variable) -> None:
    order = " < " if var.scale == "ordinal" else " | "
    node = branch.add(Text.assemble((var.name, "bold cyan"), f"  [{order.join(var.states)}]"))
    if var.description:
        node.add(var.description)
    if var.observable:
        cost = "" if var.cost is None else f", cost {var.cost:g}"
        days = "" if var.lead_time is None else f", {var.lead_time:g} days to collect"
        node.add(Text.assemble(("observable", "green"), cost + days))
    for state in var.states:
        if state in var.definitions:
            node.add(Text.assemble((state, "cyan"), f": {var.definitions[state]}"))
    if var.basis:
        node.add(basis_text(var.basis))
    for parent in var.parents:
        edge = node.add(Text.assemble("← ", (parent, "cyan")))
        basis = var.edge_basis(parent)
        if basis:
            edge.add(basis_text(basis))
