"""A reference that shares no code with the engine: every CPT multiplied into one joint
array, interventions by replacing the forced variables' CPTs, soft findings as likelihood
weights, set beliefs by Jeffrey's rule on the joint (iterative proportional fitting)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model

from strategies import networks


@st.composite
def mixed_evidence(draw, max_nodes: int = 6):
    """A network and evidence with hard findings, soft findings (zeros allowed, never all
    zero) and interventions, each on different variables."""
    model = draw(networks(max_nodes=max_nodes))
    names = draw(st.permutations(model.names))
    n_hard, n_soft, n_do = (draw(st.integers(0, 2)) for _ in range(3))
    hard_names = names[:n_hard]
    soft_names = names[n_hard : n_hard + n_soft]
    do_names = names[n_hard + n_soft : n_hard + n_soft + n_do]
    states = {n: model.variables[n].states for n in model.names}
    hard = {n: draw(st.sampled_from(states[n])) for n in hard_names}
    do = {n: draw(st.sampled_from(states[n])) for n in do_names}
    soft = {}
    for n in soft_names:
        values = draw(
            st.lists(
                st.sampled_from([0.0, 0.1, 0.35, 1.0, 2.5]),
                min_size=len(states[n]),
                max_size=len(states[n]),
            )
        )
        assume(max(values) > 0)
        soft[n] = dict(zip(states[n], values, strict=True))
    return model, Evidence(hard, soft, do)


def forced(model: Model, do: dict[str, str]) -> Model:
    variables = dict(model.variables)
    for name, state in do.items():
        var = variables[name]
        variables[name] = replace(
            var, parents=(), cpt=np.eye(var.cardinality)[var.state_index(state)]
        )
    return replace(model, variables=variables)


def enumerate_joint(model: Model, evidence: Evidence) -> tuple[np.ndarray, float]:
    """P(all variables | evidence) as an array with one axis per variable (model order), and
    the unnormalized mass of the evidence (0 when it is impossible)."""
    model = forced(model, evidence.do)
    names = model.names
    joint = np.ones([model.variables[n].cardinality for n in names])
    for combo in itertools.product(*(range(model.variables[n].cardinality) for n in names)):
        at = dict(zip(names, combo, strict=True))
        weight = 1.0
        for name, var in model.variables.items():
            weight *= var.cpt[tuple(at[p] for p in var.parents)][at[name]]
        for name, state in evidence.hard.items():
            weight *= model.variables[name].states[at[name]] == state
        for name, likelihood in evidence.soft.items():
            weight *= likelihood.get(model.variables[name].states[at[name]], 0.0)
        joint[combo] = weight
    mass = float(joint.sum())
    return (joint / mass if mass > 0 else joint), mass


def marginal(model: Model, joint: np.ndarray, keep: list[str]) -> np.ndarray:
    axes = tuple(i for i, n in enumerate(model.names) if n not in keep)
    out = joint.sum(axis=axes)
    order = [n for n in model.names if n in keep]
    return np.transpose(out, [order.index(n) for n in keep]) if len(keep) > 1 else out


def possible(case) -> bool:
    model, evidence = case
    return enumerate_joint(model, evidence)[1] > 1e-12


def jeffrey_joint(model: Model, evidence: Evidence) -> np.ndarray:
    """P(all variables) after Jeffrey's rule for each set belief of ``evidence``: the joint
    given the other evidence, each belief variable's slices rescaled to its stated
    distribution, in turn, until all hold (one pass is exact for one belief)."""
    rest = Evidence(evidence.hard, evidence.soft, evidence.do)
    joint, _ = enumerate_joint(model, rest)
    stated = {}
    for name, per_state in evidence.beliefs.items():
        var = model.variables[name]
        q = np.array([per_state.get(s, 0.0) for s in var.states], dtype=float)
        stated[name] = q / q.sum()
    for _ in range(2000):
        for name, q in stated.items():
            axis = model.names.index(name)
            current = marginal(model, joint, [name])
            factor = np.divide(q, current, out=np.zeros_like(q), where=current > 0)
            shape = [1] * joint.ndim
            shape[axis] = len(q)
            joint = joint * factor.reshape(shape)
        if all(np.abs(marginal(model, joint, [n]) - q).max() < 1e-14 for n, q in stated.items()):
            break
    return joint
