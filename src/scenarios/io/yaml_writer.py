"""Write a :class:`Model` as this tool's YAML: explicit tables, notes kept, floats exact.

Parametric builders are not recovered: every CPT is written as the table it compiles to
(``scenarios cpt`` shows the same numbers); a time-sliced model is written unrolled, each slice
of a changing variable a variable of its own. Floats are written with Python's shortest
round-trip repr, so reading the file back gives the same arrays bit for bit.

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [no, yes], "
    ...                 "cpt: {no: 0.25, yes: 0.75}}")
    >>> print(dumps_yaml(m).strip())
    name: t
    variables:
      a:
        states: ['no', 'yes']
        cpt: {'no': 0.25, 'yes': 0.75}
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import yaml

from scenarios.io.writing import first_option
from scenarios.model.fields import MODEL_FIELDS, SCALAR_KINDS, VARIABLE_FIELDS
from scenarios.model.records import Basis
from scenarios.model.schema import Model, Utility, Variable
from scenarios.model.time import PREVIOUS, fold

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter: 10x faster
UNROLLED = ("time", "changes")  # a time-sliced model is written unrolled: a static network


def dumps_yaml(model: Model) -> str:
    """The YAML text of ``model``, variables in the model's order; a time-sliced model as its
    template (:func:`~scenarios.model.time.fold`), or unrolled where its slices no longer
    share their tables."""
    folded = fold(model)
    first = folded.first if folded is not None else {}
    # the template, or a static network (no time axis: its copies are variables of their own)
    model = folded.template if folded is not None else replace(model, time=None)
    doc: dict[str, Any] = {}
    for f in MODEL_FIELDS:
        value = getattr(model, f.name)
        if f.name == "variables":
            doc[f.yaml or ""] = {n: _variable(v, model, first.get(n)) for n, v in value.items()}
        elif f.yaml and (f.is_set(value) or f.name == "name"):
            doc[f.yaml] = (
                plain(value) if f.kind in SCALAR_KINDS else _MODEL_STRUCTURE[f.name](model)
            )
    text: str = yaml.dump(
        doc,
        Dumper=DUMPER,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=None,
    )
    return text


def _variable(var: Variable, model: Model, first: Variable | None = None) -> dict[str, Any]:
    """Each field YAML spells by a key of its own that the variable sets, in the table's
    order (:data:`~scenarios.model.fields.VARIABLE_FIELDS`); with ``first`` (a time-sliced
    template), the first slice's table and the transition's."""
    out: dict[str, Any] = {}
    for f in VARIABLE_FIELDS:
        value = getattr(var, f.name)
        if not f.yaml or not f.is_set(value) or f.requires and not getattr(var, f.requires):
            continue
        if f.name in UNROLLED and model.time is None:
            continue  # a static model, or one written unrolled
        if f.name == "cpt" and var.decision and first_option(var):
            continue  # a decision's table is its first option unless the file says otherwise
        if f.name == "cpt" and first is not None:
            out[f.yaml] = {"first": _cpt(first, model), "transition": _cpt(var, model)}
            continue
        out[f.yaml] = plain(value) if f.kind in SCALAR_KINDS else _STRUCTURE[f.name](var, model)
    return out


def _utility(utility: Utility, model: Model) -> dict[str, Any]:
    """A utility node: its text fields that are set, parents, and a value per row."""
    out: dict[str, Any] = {}
    for key in ("unit", "description", "source", "assumption"):
        if getattr(utility, key):
            out[key] = getattr(utility, key)
    edges = utility.edge_sources or utility.edge_assumptions
    out["parents"] = (
        {p: _basis(utility.edge_basis(p)) for p in utility.parents}
        if edges
        else list(utility.parents)
    )
    keys = _keys(utility.parents, model)
    out["table"] = {k: plain(float(v)) for k, v in zip(keys, utility.table.ravel(), strict=True)}
    return out


def plain(value: Any) -> Any:
    """A whole number as an integer (``cost: 1``, not ``1.0``); anything else as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _states(var: Variable, model: Model) -> list[Any] | dict[str, Any]:
    """A list, or a mapping of each state to its definition when any has one."""
    return {s: var.definitions.get(s) for s in var.states} if var.definitions else list(var.states)


def _parents(var: Variable, model: Model) -> list[Any] | dict[str, Any]:
    """A list, or a mapping of each parent to the basis of its edge when any has one."""
    if var.edge_sources or var.edge_assumptions:
        return {p: _edge(var, p) for p in var.parents}
    return list(var.parents)


def _edge(var: Variable, parent: str) -> str | dict[str, Any] | None:
    return _basis(var.edge_basis(parent))


def _basis(basis: Basis | None) -> str | dict[str, Any] | None:
    if basis is None:
        return None
    return basis.text if basis.kind == "quote" else {"assumption": basis.text}


def _cpt(var: Variable, model: Model) -> dict[str, Any]:
    if not var.parents:
        return {s: float(p) for s, p in zip(var.states, var.cpt, strict=True)}
    rows = var.cpt.reshape(-1, var.cardinality)
    return {
        "table": {
            key: [float(x) for x in row]
            for key, row in zip(_row_keys(var, model), rows, strict=True)
        }
    }


def _learned(var: Variable, model: Model) -> dict[str, Any]:
    """``learned:``, its rows keyed like the table (a number for a root)."""
    assert var.learned is not None
    out = {k: plain(v) for k, v in var.learned.to_dict().items()}
    if var.learned.rows:
        rows = [plain(float(r)) for r in var.learned.rows]
        out["rows"] = (
            dict(zip(_row_keys(var, model), rows, strict=True)) if var.parents else rows[0]
        )
    return out


def _row_keys(var: Variable, model: Model) -> list[str]:
    """The label of each row of the variable's table, in row order: "a=low, b=high"."""
    return _keys(var.parents, model)


def _keys(parents: tuple[str, ...], model: Model) -> list[str]:
    parent_states = [model.variables[p.removesuffix(PREVIOUS)].states for p in parents]
    return [
        ", ".join(
            f"{p}={states[c]}" for p, states, c in zip(parents, parent_states, combo, strict=True)
        )
        for combo in itertools.product(*(range(len(s)) for s in parent_states))
    ]


_STRUCTURE: dict[str, Callable[[Variable, Model], Any]] = {
    "states": _states,
    "state_labels": lambda var, model: {
        s: var.state_labels[s] for s in var.states if s in var.state_labels
    },
    "parents": _parents,
    "cpt": _cpt,
    "learned": _learned,
}
_MODEL_STRUCTURE: dict[str, Callable[[Model], Any]] = {
    "sources": lambda model: [source.to_dict() for source in model.sources],
    "utilities": lambda model: {n: _utility(u, model) for n, u in model.utilities.items()},
    "time": lambda model: model.time.to_dict() if model.time else None,
}
