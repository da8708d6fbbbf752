"""Hypothesis strategies: random small networks and random evidence."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import strategies as st

from scenarios.model.schema import Model, Variable


@st.composite
def networks(draw, max_nodes: int = 8):
    n = draw(st.integers(1, max_nodes))
    cards = [draw(st.integers(2, 3)) for _ in range(n)]
    variables = {}
    for i in range(n):
        candidates = list(range(i))
        parents = (
            draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True))
            if candidates
            else []
        )
        shape = tuple(cards[p] for p in parents) + (cards[i],)
        raw = draw(
            st.lists(
                st.floats(0.0, 1.0), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))
            )
        )
        table = np.array(raw).reshape(shape) + 1e-3  # no all-zero rows
        table /= table.sum(axis=-1, keepdims=True)
        name = f"v{i}"
        variables[name] = Variable(
            name, tuple(f"s{k}" for k in range(cards[i])), tuple(f"v{p}" for p in parents), table
        )
    return Model("random", variables)


@st.composite
def network_and_evidence(draw):
    model = draw(networks())
    observed = draw(st.lists(st.sampled_from(model.names), max_size=3, unique=True))
    evidence = {n: draw(st.sampled_from(model.variables[n].states)) for n in observed}
    return model, evidence


def marked(model: Model, data: st.DataObject) -> Model:
    """``model`` with some variables (maybe none) marked actionable and some observable."""
    actionable = data.draw(st.lists(st.sampled_from(model.names), max_size=3, unique=True))
    observable = data.draw(st.lists(st.sampled_from(model.names), max_size=3, unique=True))
    variables = {
        n: replace(v, actionable=n in actionable, observable=n in observable)
        for n, v in model.variables.items()
    }
    return replace(model, variables=variables)
