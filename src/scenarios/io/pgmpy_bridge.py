"""Conversion to pgmpy, the interchange format and reference implementation.

pgmpy is imported here only, and only when a conversion is asked for: it takes about a second to
import, and the query paths never need it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.io.assemble import assemble
from scenarios.io.notes import NOTES, decode_notes
from scenarios.io.row_notes import settled_model
from scenarios.io.scanner import Blocks, ProbabilityBlock, VariableBlock
from scenarios.model.schema import Model

if TYPE_CHECKING:
    from pgmpy.models import DiscreteBayesianNetwork


def to_pgmpy(model: Model) -> DiscreteBayesianNetwork:
    """A pgmpy ``DiscreteBayesianNetwork`` equal to ``model``; it passes ``check_model()``.

    pgmpy's TabularCPD wants values of shape ``(card, prod(parent cards))`` with the first parent
    varying slowest, which is our ``(*parent_cards, card)`` array flattened and transposed.
    """
    from pgmpy.factors.discrete import TabularCPD  # lazy: pgmpy takes a second to import
    from pgmpy.models import DiscreteBayesianNetwork

    network = DiscreteBayesianNetwork()
    network.add_nodes_from(model.variables)
    network.add_edges_from((p, v.name) for v in model.variables.values() for p in v.parents)
    for var in model.variables.values():
        values = np.asarray(var.cpt).reshape(-1, var.cardinality).T
        state_names = {var.name: list(var.states)}
        state_names.update({p: list(model.variables[p].states) for p in var.parents})
        network.add_cpds(
            TabularCPD(
                var.name,
                var.cardinality,
                values,
                evidence=list(var.parents) or None,
                evidence_card=[model.variables[p].cardinality for p in var.parents] or None,
                state_names=state_names,
            )
        )
    network.check_model()
    return network


def from_pgmpy(network: DiscreteBayesianNetwork, name: str | None = None) -> Model:
    """A :class:`Model` with the variables, states and CPTs of a pgmpy network (its node order).

    Every CPT row must be a distribution within 1e-6 (else ModelError naming the row) and is
    divided by its sum: files round (bnlearn's rows are off by up to 3e-7), and a row that does
    not sum to 1 would make a barren child weigh its parent's states unequally. Names spelled
    ``_xHH_`` by this tool's writers are decoded.
    """
    model = model_from_network(network, "<pgmpy network>")
    return replace(model, name=name, path=None) if name else replace(model, path=None)


def model_from_network(network: Any, filename: str) -> Model:
    """The model of a pgmpy network, through the same checks as a file read by this tool
    (``filename`` names it in errors and, when the network has no name, names the model)."""
    blocks = Blocks("", filename, network=str(getattr(network, "name", "") or "") or None)
    for node in network.nodes():
        cpd = network.get_cpds(node)
        states = [str(s) for s in cpd.state_names[node]] if cpd is not None else []
        notes = decode_notes(str(network.nodes[node].get(NOTES, "")))
        blocks.variables.append(VariableBlock(str(node), states, 0, notes))
        if cpd is not None:  # pgmpy's values: one row per state, parent combinations across
            values = np.asarray(cpd.get_values(), dtype=float).ravel()
            blocks.probabilities.append(
                ProbabilityBlock(
                    str(node), [str(p) for p in cpd.variables[1:]], 0, table=(values.tolist(), 0)
                )
            )
    return settled_model(assemble(blocks))
