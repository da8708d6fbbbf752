"""Conversion to pgmpy, the interchange format and reference implementation.

pgmpy is imported here only, and only when a conversion is asked for: it takes about a second to
import, and the query paths never need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scenarios.model.schema import Model

if TYPE_CHECKING:
    from pgmpy.models import DiscreteBayesianNetwork


def to_pgmpy(model: Model) -> DiscreteBayesianNetwork:
    """A pgmpy ``DiscreteBayesianNetwork`` equal to ``model``; it passes ``check_model()``.

    pgmpy's TabularCPD wants values of shape ``(card, prod(parent cards))`` with the first parent
    varying slowest, which is our ``(*parent_cards, card)`` array flattened and transposed.
    """
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    network = DiscreteBayesianNetwork()
    network.add_nodes_from(model.variables)
    network.add_edges_from((p, v.name) for v in model.variables.values() for p in v.parents)
    for var in model.variables.values():
        values = np.asarray(var.cpt).reshape(-1, var.cardinality).T
        state_names = {var.name: list(var.states)}
        state_names.update({p: list(model.variables[p].states) for p in var.parents})
        network.add_cpds(TabularCPD(
            var.name, var.cardinality, values,
            evidence=list(var.parents) or None,
            evidence_card=[model.variables[p].cardinality for p in var.parents] or None,
            state_names=state_names,
        ))
    network.check_model()
    return network


def from_pgmpy(network: DiscreteBayesianNetwork, name: str = "network") -> Model:
    """A :class:`Model` with the variables, states and CPTs of a pgmpy network (file order).

    CPT rows are divided by their sums: files round (bnlearn's rows are off by up to 3e-7), and a
    row that does not sum to 1 would make a barren child weigh its parent's states unequally.
    """
    from scenarios.model.schema import Variable

    variables = {}
    for node in network.nodes():
        cpd = network.get_cpds(node)
        parents = tuple(cpd.variables[1:])
        states = tuple(str(s) for s in cpd.state_names[node])
        cards = [len(cpd.state_names[p]) for p in parents]
        table = np.asarray(cpd.get_values(), dtype=float).T.reshape(*cards, len(states))
        totals = table.sum(axis=-1, keepdims=True)
        table = np.divide(table, totals, out=table.copy(), where=totals > 0)
        variables[node] = Variable(str(node), states, tuple(str(p) for p in parents), table)
    return Model(name, variables)


def read_bif(path: str) -> Model:
    """Read a BIF file (optionally gzip-compressed) with pgmpy's reader."""
    import gzip
    from pathlib import Path

    from pgmpy.readwrite import BIFReader

    raw = Path(path).read_bytes()
    text = gzip.decompress(raw).decode() if raw[:2] == b"\x1f\x8b" else raw.decode()
    network = BIFReader(string=text).get_model()
    return from_pgmpy(network, Path(path).name.split(".")[0])
