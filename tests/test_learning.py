"""Learning CPTs from cases: counts against enumeration, estimates against pgmpy and pyAgrum,
EM's objective never falling, and bad case files as located errors."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal
from scenarios.engine.counts import CaseCounter
from scenarios.engine.evidence import Evidence

from strategies import networks


@st.composite
def cases_of(draw, max_nodes: int = 5):
    """A network and a few cases on it, each value missing or a state (any, possible or not)."""
    model = draw(networks(max_nodes=max_nodes))
    cards = [v.cardinality for v in model.variables.values()]
    rows = draw(
        st.lists(st.tuples(*(st.integers(-1, c - 1) for c in cards)), min_size=1, max_size=6)
    )
    return model, np.array(rows, dtype=np.int64)


@settings(max_examples=80, deadline=None)
@given(cases_of())
def test_counts_are_the_enumerated_family_posteriors_summed_over_cases(case):
    model, rows = case
    cpts = {n: v.cpt for n, v in model.variables.items()}
    counted = CaseCounter(model).count(cpts, rows)
    want = {n: np.zeros(v.cpt.shape) for n, v in model.variables.items()}
    logs = []
    for row in rows:
        hard = {
            n: model.variables[n].states[s] for n, s in zip(model.names, row, strict=True) if s >= 0
        }
        joint, mass = enumerate_joint(model, Evidence(hard))
        logs.append(np.log(mass) if mass > 0 else -np.inf)
        if mass > 0:
            for name, var in model.variables.items():
                want[name] += marginal(model, joint, [*var.parents, name])
    assert np.allclose(counted.log_likelihoods, logs, atol=1e-9)
    for name in model.names:
        assert np.allclose(counted.tables[name], want[name], atol=1e-9), name
