"""A time-sliced model to and from pgmpy's ``DynamicBayesianNetwork`` (a two-slice network).

pgmpy holds a node per variable in slice 0 and slice 1: the first slice's tables on the nodes
``(X, 0)``, the transition on ``(X, 1)`` (parents in slice 1, ``X@previous`` parents in slice
0). Its edges inside a slice are the same in both slices, as this tool's are. pgmpy has no
variable that stays fixed over the slices: such a variable becomes a node whose transition
copies its previous state (an identity table), and a node with that transition is read back
as fixed. The number of slices, their step and first date are not in pgmpy's network: they
are asked for when reading one.

pgmpy is imported here only, when a conversion is asked for.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.io.assemble import assemble
from scenarios.io.row_notes import settled_model
from scenarios.io.scanner import Blocks, ProbabilityBlock, VariableBlock
from scenarios.model.schema import Model, Variable
from scenarios.model.time import PREVIOUS, fold, sliced
from scenarios.model.time_axis import STEPS, TimeAxis

if TYPE_CHECKING:
    from pgmpy.models import DynamicBayesianNetwork


def to_pgmpy_dbn(model: Model) -> DynamicBayesianNetwork:
    """pgmpy's two-slice network of a time-sliced model whose slices share their tables;
    QueryError for a static model or slices learned apart. It passes ``check_model()``."""
    from pgmpy.models import DynamicBayesianNetwork  # lazy: pgmpy takes a second to import
    from pgmpy.models.DynamicBayesianNetwork import DynamicNode

    folded = fold(model)
    if folded is None:
        raise QueryError(
            "pgmpy's DynamicBayesianNetwork holds a time-sliced model whose slices share one "
            "transition; "
            + (
                "this model is static: use to_pgmpy"
                if model.time is None
                else "this one's slices no longer share their tables (learned apart): use "
                "to_pgmpy for the unrolled network"
            )
        )
    template = folded.template.variables
    network = DynamicBayesianNetwork()
    network.add_nodes_from(template)
    edges = [
        ((p[: -len(PREVIOUS)], 0), (name, 1)) if p.endswith(PREVIOUS) else ((p, 0), (name, 0))
        for name, var in template.items()
        for p in var.parents
    ]
    edges += [((name, 0), (name, 1)) for name, var in template.items() if not var.changes]
    network.add_edges_from(edges)
    for name in template:  # a node with no edge has no slice-1 copy yet
        if DynamicNode(name, 1) not in network.nodes():
            super(DynamicBayesianNetwork, network).add_node(DynamicNode(name, 1))
    for name, var in template.items():
        first = folded.first.get(name, var)
        network.add_cpds(_cpd(first, 0, template), _transition(var, template))
    network.check_model()
    return network


def _cpd(var: Variable, time: int, template: dict[str, Variable]) -> Any:
    """``var``'s table on the node ``(name, time)``, its parents in the same slice, or the
    one before for ``X@previous``."""
    from pgmpy.factors.discrete import TabularCPD

    parents = [
        (p[: -len(PREVIOUS)], time - 1) if p.endswith(PREVIOUS) else (p, time) for p in var.parents
    ]
    cards = [template[p[0]].cardinality for p in parents]
    names = {(var.name, time): list(var.states)}
    names.update({p: list(template[p[0]].states) for p in parents})
    values = np.asarray(var.cpt).reshape(-1, var.cardinality).T
    return TabularCPD(
        (var.name, time), var.cardinality, values, parents or None, cards or None, names
    )


def _transition(var: Variable, template: dict[str, Variable]) -> Any:
    """The slice-1 table: the template's for a changing variable; for a fixed one, its
    previous state copied (its parents in slice 1 mirror slice 0's and do not count)."""
    if var.changes:
        return _cpd(var, 1, template)
    card = var.cardinality
    cards = [template[p].cardinality for p in var.parents]
    table = np.broadcast_to(np.eye(card), (*cards, card, card))
    kept = Variable(var.name, var.states, (*var.parents, var.name + PREVIOUS), table)
    return _cpd(kept, 1, template)


def from_pgmpy_dbn(
    network: DynamicBayesianNetwork,
    slices: int,
    step: str,
    starts: str = "",
    name: str | None = None,
) -> Model:
    """The time-sliced model of a pgmpy two-slice network over ``slices`` slices of ``step``
    (one of STEPS; ``starts``, the first day, dates them, else they are numbered), with the
    checks of a file read by this tool (rows off by rounding normalized, others a
    ModelError); QueryError for slices, step or first day it cannot take."""
    axis = _axis(slices, step, starts)
    nodes = list(dict.fromkeys(str(node[0]) for node in network.nodes()))
    cpds = {(str(c.variable[0]), int(c.variable[1])): c for c in network.get_cpds()}
    fixed = _fixed(nodes, cpds)
    blocks = Blocks("", "<pgmpy dynamic network>", network=name)
    for node in nodes:
        if node in fixed:
            _add(blocks, cpds[(node, 0)], node, lambda parent: parent[0])
    for i, label in enumerate(axis.labels):
        rename = partial(_renamed, fixed, axis.labels, i)
        for node in nodes:
            if node not in fixed:
                _add(blocks, cpds[(node, min(i, 1))], sliced(node, label), rename)
    unrolled = settled_model(assemble(blocks))
    variables = {
        n: v if n in fixed else replace(v, changes=True) for n, v in unrolled.variables.items()
    }
    return replace(unrolled, variables=variables, time=axis, path=None)


def _axis(slices: int, step: str, starts: str) -> TimeAxis:
    if step not in STEPS:
        raise QueryError(f"step={step!r}: name one of {', '.join(STEPS)}")
    if slices < 1:
        raise QueryError(f"slices={slices}: a time-sliced model has at least one slice")
    if starts:
        try:
            datetime.date.fromisoformat(starts)
        except ValueError:
            raise QueryError(f"starts={starts!r}: give the first day as YYYY-MM-DD") from None
    return TimeAxis(step, slices, starts)


def _fixed(nodes: list[str], cpds: dict[tuple[str, int], Any]) -> set[str]:
    """The nodes whose transition copies their previous state, with parents (in both
    slices) that are such nodes too: the variables that stay fixed over the slices."""
    found = {n: _copies_itself(cpds[(n, 1)], n) for n in nodes}
    changed = True
    while changed:  # a fixed variable's parents are fixed: drop those that are not
        changed = False
        for n in [n for n, is_fixed in found.items() if is_fixed]:
            parents = [str(p[0]) for c in (cpds[(n, 0)], cpds[(n, 1)]) for p in c.variables[1:]]
            if any(not found[p] for p in parents if p != n):
                found[n], changed = False, True
    return {n for n, is_fixed in found.items() if is_fixed}


def _copies_itself(cpd: Any, node: str) -> bool:
    """Whether the slice-1 table sets the node to its state in slice 0, whatever else."""
    parents = [(str(p[0]), int(p[1])) for p in cpd.variables[1:]]
    if (node, 0) not in parents:
        return False
    values = np.asarray(cpd.get_values(), dtype=float)
    table = values.reshape(cpd.cardinality[0], *cpd.cardinality[1:])
    previous = 1 + parents.index((node, 0))
    own = np.moveaxis(table, (0, previous), (-1, -2))  # [..., previous state, state]
    return bool(np.allclose(own, np.eye(cpd.cardinality[0])))


def _renamed(fixed: set[str], labels: tuple[str, ...], i: int, parent: tuple[str, int]) -> str:
    """A parent of a node in slice ``i``: a fixed one by its name, else its copy in this
    slice (pgmpy's slice 1) or the one before (pgmpy's slice 0, seen from slice 1)."""
    name, time = parent
    if name in fixed:
        return name
    return sliced(name, labels[i if i == 0 or time == 1 else i - 1])


def _add(blocks: Blocks, cpd: Any, name: str, rename: Callable[[tuple[str, int]], str]) -> None:
    """The variable and table of one pgmpy node under this tool's ``name``."""
    node = cpd.variables[0]
    states = [str(s) for s in cpd.state_names[node]]
    parents = [rename((str(p[0]), int(p[1]))) for p in cpd.variables[1:]]
    blocks.variables.append(VariableBlock(name, states, 0))
    values = np.asarray(cpd.get_values(), dtype=float).ravel()
    blocks.probabilities.append(ProbabilityBlock(name, parents, 0, table=(values.tolist(), 0)))
