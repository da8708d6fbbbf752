"""Graph surgery for interventions: ``do(X=x)`` cuts X from its parents and fixes it at x.

Example:
    >>> import numpy as np
    >>> from scenarios.model.schema import Model, Variable
    >>> a = Variable("a", ("lo", "hi"), (), np.array([0.5, 0.5]))
    >>> b = Variable("b", ("lo", "hi"), ("a",), np.array([[0.9, 0.1], [0.2, 0.8]]))
    >>> cut = intervene(Model("m", {"a": a, "b": b}), {"b": "hi"})
    >>> cut.variables["b"].parents, cut.variables["b"].cpt.tolist()
    ((), [0.0, 1.0])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from scenarios.model.schema import Model


def intervene(model: Model, do: Mapping[str, str]) -> Model:
    """The mutilated model in which each variable in ``do`` is forced to its state."""
    variables = dict(model.variables)
    for name, state in do.items():
        var = model.variable(name)
        forced = np.zeros(var.cardinality)
        forced[var.state_index(state)] = 1.0
        variables[name] = replace(var, parents=(), cpt=forced, edge_sources={}, edge_assumptions={})
    return replace(model, variables=variables)
