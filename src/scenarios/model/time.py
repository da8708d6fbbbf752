"""Time slices: a model whose variables that change are repeated slice by slice.

A time-sliced model names a step (a month, a quarter, ...), a number of slices and, where it
has one, the first slice's first day. A variable that changes (``changes: true``) has a copy
per slice, named ``variable@slice`` with the slice's label (``defection_rate@2016Q1``; the
slice's index where the model gives no first day); a variable that stays fixed over the
slices has one copy, under its own name. A changing variable's parents are variables of the
same slice, fixed variables, or variables of the previous slice (``X@previous`` in the file);
its first slice has a table of its own (the previous slice does not exist there), the later
ones share the transition table. :func:`unroll` makes the ordinary network every command
answers on: exact inference over the slices is a query on it.

Example:
    >>> sliced("defection_rate", TimeAxis("quarter", 3, "2015-07-01").labels[2])
    'defection_rate@2016Q1'
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.core.text import did_you_mean, quoted
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model, Variable
from scenarios.model.time_axis import TimeAxis

PREVIOUS = "@previous"  # a parent in the previous slice, as a file names it
SEPARATOR = "@"  # between a changing variable's name and its slice's label


def sliced(name: str, label: str) -> str:
    """A changing variable's name in one slice: ``defection_rate@2016Q1``."""
    return f"{name}{SEPARATOR}{label}"


def unroll(template: Model, axis: TimeAxis, first: dict[str, np.ndarray]) -> Model:
    """The network over every slice. ``template`` holds each variable once: a changing one
    with its transition table (parents named ``X@previous`` for the previous slice) and its
    first slice's table in ``first`` (over its other parents, in their order)."""
    labels = axis.labels
    changing = {n for n, v in template.variables.items() if v.changes}
    variables: dict[str, Variable] = {}
    for name, var in template.variables.items():
        if name not in changing:
            variables[name] = var
            continue
        for i, label in enumerate(labels):
            kept = [p for p in var.parents if not p.endswith(PREVIOUS) or i > 0]
            renamed = {p: _parent(p, changing, labels, i) for p in kept}
            table = var.cpt if i > 0 else first.get(name, var.cpt)
            variables[sliced(name, label)] = replace(
                var,
                name=sliced(name, label),
                parents=tuple(renamed[p] for p in kept),
                cpt=table,
                edge_sources={renamed[p]: q for p, q in var.edge_sources.items() if p in renamed},
                edge_assumptions={
                    renamed[p]: a for p, a in var.edge_assumptions.items() if p in renamed
                },
            )
    ordered = {n: variables[n] for n in _slice_order(template, changing, labels)}
    return replace(template, variables=ordered, time=axis)


def _parent(parent: str, changing: set[str], labels: tuple[str, ...], i: int) -> str:
    if parent.endswith(PREVIOUS):
        return sliced(parent[: -len(PREVIOUS)], labels[i - 1])
    return sliced(parent, labels[i]) if parent in changing else parent


def _slice_order(template: Model, changing: set[str], labels: tuple[str, ...]) -> list[str]:
    """Fixed variables first, then the slices in turn, each in the file's order."""
    fixed = [n for n in template.variables if n not in changing]
    return fixed + [
        sliced(n, label) for label in labels for n in template.variables if n in changing
    ]


def canonical(model: Model, name: str) -> str:
    """``name`` as the model spells it: ``X@SLICE`` with the slice given by its label or its
    index becomes ``X@label``; every other name is returned as it is (unknown names are the
    caller's to report)."""
    if model.time is None or name in model.variables or SEPARATOR not in name:
        return name
    base, _, given = name.rpartition(SEPARATOR)
    index = model.time.index_of(given)
    return name if index is None else sliced(base, model.time.labels[index])


def series(model: Model, name: str) -> list[str]:
    """The variables that carry ``name`` over the slices: its copy in each slice for a
    changing variable of a time-sliced model; else ``[name]``. QueryError for a name that
    is neither, with the names a target can be."""
    if name in model.variables:
        return [name]
    copies = [sliced(name, label) for label in model.time.labels] if model.time else []
    if copies and copies[0] in model.variables:
        return copies
    known = bases(model)
    raise QueryError(
        f"unknown variable {quoted(name)}.{did_you_mean(name, known)} Valid: {', '.join(known)}"
    )


def bases(model: Model) -> list[str]:
    """The variables as the file names them (:attr:`Model.bases`)."""
    return model.bases


def headline_series(model: Model) -> list[str]:
    """The headline outcomes as the file names them (a changing one once: its series); else
    the outcomes, else the first three variables."""
    known = bases(model)
    found = [n for n in known if model.variables[series(model, n)[0]].headline]
    if found:
        return found
    outcomes = [n for n in known if model.role_of(series(model, n)[0]) == "outcome"]
    return outcomes[:3] or known[:3]


def tied_tables(model: Model) -> dict[str, str]:
    """Each variable -> the variable whose table it shares: in a time-sliced model every slice
    of a changing variable after the first shares the transition table (the second slice's),
    and a changing variable without previous-slice parents shares one table over all slices;
    every other variable is its own. Draws of the tables draw each shared table once."""
    out = {n: n for n in model.variables}
    if model.time is None or model.time.slices == 1:
        return out
    first, second = model.time.labels[:2]
    for name, var in model.variables.items():
        base, _, label = name.rpartition(SEPARATOR)
        if not var.changes or label not in model.time.labels or label == first:
            continue
        start, later = model.variables[sliced(base, first)], model.variables[sliced(base, second)]
        own_first = len(start.parents) != len(later.parents)  # previous-slice parents dropped
        out[name] = sliced(base, second if own_first else first)
    return out


def placed_at(model: Model, name: str, day: datetime.date) -> str:
    """A finding dated ``day`` on ``name``: on a changing variable, its copy in the slice the
    day falls in (QueryError when it falls in none); any other name as it is."""
    if model.time is None or name in model.variables:
        return name
    labels = model.time.labels
    if sliced(name, labels[0]) not in model.variables:
        return name  # not a variable: the caller reports it
    index = model.time.slice_of(day)
    if index is None:
        raise QueryError(
            f"'{name}' changes over time and {day} falls in none of the model's slices "
            f"({labels[0]} to {labels[-1]}{'' if model.time.starts else ', which have no dates'})"
            f": date the finding within them, or name the slice: {name}@SLICE"
        )
    return sliced(name, labels[index])


def placed(model: Model, evidence: Evidence, day: datetime.date) -> Evidence:
    """``evidence`` reported on ``day``, each finding on a changing variable moved to the slice
    the day falls in (:func:`placed_at`)."""

    def moved(found: dict[str, Any]) -> dict[str, Any]:
        return {placed_at(model, n, day): v for n, v in found.items()}

    return Evidence(
        moved(evidence.hard), moved(evidence.soft), moved(evidence.do), moved(evidence.beliefs)
    )


@dataclass(frozen=True)
class Folded:
    """The template an unrolled model came from: each variable as the file names it (a
    changing one with its transition table, parents ``X@previous`` for the previous slice),
    and the first slice's copy of each variable that has a table of its own there."""

    template: Model
    first: dict[str, Variable]


def fold(model: Model) -> Folded | None:
    """The template of a time-sliced model, or None: a static model, or slices that no longer
    share their tables (learning changed one of them): then it is written unrolled."""
    if model.time is None:
        return None
    labels = model.time.labels
    template: dict[str, Variable] = {}
    first: dict[str, Variable] = {}
    for base in model.bases:
        var = model.variables.get(base)
        if var is not None and not var.changes:
            template[base] = var
            continue
        copies = [model.variables[sliced(base, label)] for label in labels]
        own_first = len(copies) > 1 and len(copies[1].parents) != len(copies[0].parents)
        shared = copies[1:] if own_first else copies
        if any(not np.array_equal(c.cpt, shared[0].cpt) for c in shared):
            return None
        index = 1 if own_first else 0
        template[base] = _renamed(copies[index], base, labels, index)
        if own_first:
            first[base] = _renamed(copies[0], base, labels, 0)
    return Folded(replace(model, variables=template), first)


def _renamed(var: Variable, base: str, labels: tuple[str, ...], index: int) -> Variable:
    """A slice's copy named as the file names it: parents in the slice before ``X@previous``,
    in its own slice ``X``."""

    def name(parent: str) -> str:
        stem, _, label = parent.rpartition(SEPARATOR)
        if label == labels[index]:
            return stem
        return stem + PREVIOUS if index and label == labels[index - 1] else parent

    return replace(
        var,
        name=base,
        parents=tuple(name(p) for p in var.parents),
        edge_sources={name(p): q for p, q in var.edge_sources.items()},
        edge_assumptions={name(p): a for p, a in var.edge_assumptions.items()},
    )
