"""The report of ``scenarios show``: the model as plain data in the YAML format's own shape
(``--format json``), a row per variable, and the tree of roles, variables and their quotes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from rich.tree import Tree

from scenarios.cpt.table import format_combination
from scenarios.model.fields import MODEL_FIELDS, VARIABLE_FIELDS, Field
from scenarios.model.records import Basis
from scenarios.model.schema import Model, Utility, Variable
from scenarios.render.cpt import cpt_rows
from scenarios.render.model import ROLE_TITLES, basis_text, planner_lines
from scenarios.render.report import Report


def model_to_dict(model: Model) -> dict[str, Any]:
    """Every field of the model that ``show -f json`` carries
    (:data:`~scenarios.model.fields.MODEL_FIELDS` with a ``json`` key), defaults included so
    that the shape never changes: name, version, description, horizon, source, confidence,
    sources and every variable (:func:`variable_to_dict`)."""
    return {
        str(f.json): _MODEL_JSON[f.name](model) if f.name in _MODEL_JSON else getattr(model, f.name)
        for f in MODEL_FIELDS
        if f.json
    }


def basis_to_dict(basis: Basis | None) -> dict[str, str]:
    """``{"quote": ...}``, ``{"assumption": ...}`` or ``{}``: the YAML's own shape."""
    return {basis.kind: basis.text} if basis else {}


def variable_to_dict(model: Model, var: Variable) -> dict[str, Any]:
    """Every field of the variable that ``show -f json`` carries
    (:data:`~scenarios.model.fields.VARIABLE_FIELDS` with a ``json`` key), defaults included:
    its parents each with the basis of the edge, its table as the YAML spells it."""
    return {
        str(f.json): _JSON[f.name](model, var) if f.name in _JSON else getattr(var, f.name)
        for f in VARIABLE_FIELDS
        if f.json
    }


def _cpt(model: Model, var: Variable) -> dict[str, Any]:
    if not var.parents:
        return var.distribution(var.cpt)
    parents = [(p, model.variables[p].states) for p in var.parents]
    return {
        "table": {
            format_combination(parents, combo): var.distribution(row)
            for combo, row in cpt_rows(model, var)
        }
    }


_JSON: dict[str, Callable[[Model, Variable], Any]] = {  # fields whose JSON is not the value
    "states": lambda model, var: list(var.states),
    "definitions": lambda model, var: {
        s: var.definitions[s] for s in var.states if s in var.definitions
    },
    "parents": lambda model, var: {p: basis_to_dict(var.edge_basis(p)) for p in var.parents},
    "learned": lambda model, var: var.learned.to_dict() if var.learned else None,
    "cpt": _cpt,
}


def utility_to_dict(model: Model, utility: Utility) -> dict[str, Any]:
    """A utility node in the YAML's own shape: unit, description, basis, parents each with
    the basis of its link, and the value of each row keyed "parent=state, ..."."""
    parents = [(p, model.variables[p].states) for p in utility.parents]
    rows = itertools.product(*(range(len(states)) for _, states in parents))
    return {
        "unit": utility.unit,
        "description": utility.description,
        "source": utility.source,
        "assumption": utility.assumption,
        "parents": {p: basis_to_dict(utility.edge_basis(p)) for p in utility.parents},
        "table": {format_combination(parents, c): float(utility.table[c]) for c in rows},
    }


_MODEL_JSON: dict[str, Callable[[Model], Any]] = {
    "sources": lambda model: [s.to_dict() for s in model.sources],
    "utilities": lambda model: {n: utility_to_dict(model, u) for n, u in model.utilities.items()},
    "time": lambda model: model.time.to_dict() if model.time else None,
    "variables": lambda model: {n: variable_to_dict(model, v) for n, v in model.variables.items()},
}


def show_schema() -> dict[str, Any]:
    """The JSON schema of ``show -f json`` (``$defs.show`` of docs/schemas/output.schema.json,
    which a test holds equal to this): one property per field with a ``json`` key, made from
    its kind, rule and description in the field tables."""
    variable = _object_schema(VARIABLE_FIELDS, "a variable: every field, defaults included")
    schema = _object_schema(MODEL_FIELDS, "a model: every field, defaults included", variable)
    schema["properties"]["analysts"] = ANALYSTS_SCHEMA  # with --analysts only
    return schema


ANALYSTS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "with --analysts: who assessed what (their tables are pooled into the model)",
    "items": {
        "type": "object",
        "properties": {
            "analyst": {"type": "string"},
            "file": {"type": "string"},
            "assessed": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "table": {"type": "boolean"},
                        "confidence": {"type": ["number", "null"]},
                        "reason": {"type": "string"},
                    },
                    "required": ["table", "confidence", "reason"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["analyst", "file", "assessed"],
        "additionalProperties": False,
    },
}


def _object_schema(
    fields: tuple[Field, ...], describe: str, variable: dict[str, Any] | None = None
) -> dict[str, Any]:
    shown = [f for f in fields if f.json]
    properties = {}
    for f in shown:
        schema = _field_schema(f) if f.name != "variables" else _variables_schema(variable)
        properties[str(f.json)] = {**schema, "description": f.describe}
    return {
        "type": "object",
        "description": describe,
        "properties": properties,
        "required": [str(f.json) for f in shown],
        "additionalProperties": False,
    }


def _field_schema(f: Field) -> dict[str, Any]:
    nullable = f.default is None
    if f.kind in ("text", "flag"):
        return {"type": "string" if f.kind == "text" else "boolean"}
    if f.kind == "date":
        return {"type": "string", "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"}
    if f.kind == "choice":
        return {"enum": [*f.choices, *([None] if nullable else [])]}
    if f.kind == "number":
        bounds = {"exclusiveMinimum" if f.above else "minimum": f.minimum, "maximum": f.maximum}
        kept = {k: v for k, v in bounds.items() if v is not None}
        return {"type": ["number", "null"] if nullable else "number", **kept}
    if f.kind == "mapping":
        return {"type": "object", "additionalProperties": {"type": "string"}}
    return _STRUCTURE_SCHEMA[f.name if f.kind != "learning" else "learned"]


def _variables_schema(variable: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": variable, "minProperties": 1}


_DISTRIBUTION = {"$ref": "#/$defs/distribution"}
_STRUCTURE_SCHEMA: dict[str, dict[str, Any]] = {  # fields each reader spells its own way
    "states": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "parents": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "description": "{quote} from a source, {assumption} of the modeler, or {}",
            "properties": {"quote": {"type": "string"}, "assumption": {"type": "string"}},
            "additionalProperties": False,
            "maxProperties": 1,
        },
    },
    "cpt": {
        "anyOf": [
            _DISTRIBUTION,
            {
                "type": "object",
                "properties": {"table": {"type": "object", "additionalProperties": _DISTRIBUTION}},
                "required": ["table"],
                "additionalProperties": False,
            },
        ]
    },
    "builder": {"type": "string"},
    "learned": {
        "type": ["object", "null"],
        "properties": {
            "cases": {"type": "number", "minimum": 0},
            "rows": {"type": "array", "items": {"type": "number", "minimum": 0}},
            "source": {"type": "string"},
            "replaced": {"type": "string"},
        },
        "required": ["cases"],
        "additionalProperties": False,
    },
    "time": {
        "type": ["object", "null"],
        "description": "null for a static model",
        "properties": {
            "step": {"enum": ["day", "week", "month", "quarter", "year"]},
            "slices": {"type": "integer", "minimum": 1},
            "starts": {"type": "string"},
        },
        "required": ["step", "slices", "starts"],
        "additionalProperties": False,
    },
    "utilities": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "properties": {
                "unit": {"type": "string"},
                "description": {"type": "string"},
                "source": {"type": "string"},
                "assumption": {"type": "string"},
                "parents": {"type": "object"},
                "table": {"type": "object", "additionalProperties": {"type": "number"}},
            },
            "required": ["unit", "description", "source", "assumption", "parents", "table"],
            "additionalProperties": False,
        },
    },
    "sources": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "citation": {"type": "string"},
                "file": {"type": "string"},
            },
            "required": ["id", "citation"],
            "additionalProperties": False,
        },
    },
}


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


def quotes_report(model: Model) -> Report:
    """``show --quotes``: every edge beside the words it rests on, a row each, so that a
    reviewer reads an edge and its quote together: does the sentence state this link?"""
    rows, data = [], []
    for var in model.variables.values():
        for parent in var.parents:
            basis = var.edge_basis(parent)
            kind, text = (basis.kind, basis.text) if basis else ("none", "")
            rows.append([f"{parent} -> {var.name}", kind, text])
            data.append({"parent": parent, "child": var.name, "basis": kind, "text": text})
    count = {kind: sum(1 for d in data if d["basis"] == kind) for kind in ("quote", "assumption")}
    report = Report(
        f"Edges of {model.name} and what each rests on",
        ["edge", "basis", "text"],
        rows,
        {"model": model.name, "edges": data},
        notes=[
            f"{len(data)} edges: {count['quote']} quoted, {count['assumption']} assumed, "
            f"{len(data) - count['quote'] - count['assumption']} with neither"
        ],
    )
    report.view = Group(  # the text under its edge, the whole width: long quotes read
        Text(report.title, style="bold"),
        *(
            part
            for edge, kind, text in rows
            for part in (
                Text.assemble((edge, "bold"), f"  {kind}"),
                Padding(Text(text or "(no quote and no assumption)"), (0, 0, 0, 4)),
            )
        ),
        Text(report.notes[0], style="dim"),
    )
    return report


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
    groups = {"Decisions": [v for v in model.variables.values() if v.decision]}
    for role, title in ROLE_TITLES.items():
        groups[title] = [v for v in model.variables.values() if v.role == role and not v.decision]
    for title, members in groups.items():
        if members:
            branch = root.add(Text(title, style="bold magenta"))
            for var in members:
                _add_variable(branch, var)
    if model.utilities:
        branch = root.add(Text("Utilities (they add up)", style="bold magenta"))
        for utility in model.utilities.values():
            _add_utility(branch, model, utility)
    return root


def _add_utility(branch: Tree, model: Model, utility: Utility) -> None:
    unit = f"  [{utility.unit}]" if utility.unit else ""
    node = branch.add(Text.assemble((utility.name, "bold cyan"), unit))
    if utility.description:
        node.add(utility.description)
    if utility.basis:
        node.add(basis_text(utility.basis))
    for parent in utility.parents:
        edge = node.add(Text.assemble("← ", (parent, "cyan")))
        basis = utility.edge_basis(parent)
        if basis:
            edge.add(basis_text(basis))
    for row, value in utility_to_dict(model, utility)["table"].items():
        node.add(Text.assemble((row, "dim"), f": {value:g}"))


def _add_variable(branch: Tree, var: Variable) -> None:
    order = " < " if var.scale == "ordinal" else " | "
    node = branch.add(Text.assemble((var.name, "bold cyan"), f"  [{order.join(var.states)}]"))
    if var.description:
        node.add(var.description)
    for line in planner_lines(var):
        node.add(line)
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
