"""The most probable explanation on long chains, where the joint probability of the answer is
far below the smallest float: checked against an independent Viterbi pass (max-sum over
logs, written here) and against the marginal engine's P(evidence) of the answer itself, and
refused before allocating when it would not fit."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run_cli
from scenarios import save_model
from scenarios.core.errors import TooLargeError
from scenarios.engine import Engine
from scenarios.engine.mpe import most_probable_explanation
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model, Variable
from scenarios.render.cells import small_probability


def chain(rows: list[np.ndarray], prior: np.ndarray) -> Model:
    """v0 -> v1 -> ... with v0's prior and one transition table per link."""
    states = tuple(f"s{i}" for i in range(len(prior)))
    variables = {"v0": Variable("v0", states, (), prior)}
    for i, table in enumerate(rows, 1):
        variables[f"v{i}"] = Variable(f"v{i}", states, (f"v{i - 1}",), table)
    return Model("chain", variables)


def viterbi(model: Model, findings: dict[str, int]) -> float:
    """max over assignments of log P(x, evidence) on a chain, by dynamic programming."""

    def allowed(name: str) -> np.ndarray:  # 0 for states the findings allow, -inf elsewhere
        card = model.variables[name].cardinality
        if name not in findings:
            return np.zeros(card)
        return np.where(np.arange(card) == findings[name], 0.0, -np.inf)

    names = model.names
    with np.errstate(divide="ignore"):
        best = np.log(model.variables[names[0]].cpt) + allowed(names[0])
        for name in names[1:]:
            step = best[:, None] + np.log(model.variables[name].cpt)
            best = step.max(axis=0) + allowed(name)
    return float(best.max())


@st.composite
def chains(draw):
    length = draw(st.integers(1, 1500))
    card = draw(st.integers(2, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rows = [rng.dirichlet(np.ones(card), size=card) for _ in range(length - 1)]
    prior = rng.dirichlet(np.ones(card))
    seen = draw(st.lists(st.integers(0, length - 1), max_size=3, unique=True))
    findings = {f"v{i}": int(rng.integers(card)) for i in seen}
    return chain(rows, prior), findings


@settings(max_examples=25, deadline=None)
@given(chains())
def test_mpe_of_a_long_chain_is_viterbi_and_its_probability_is_the_engines(case):
    model, findings = case
    states = {n: model.variables[n].states[i] for n, i in findings.items()}
    found = most_probable_explanation(Engine(model), Evidence(states))
    best = viterbi(model, findings)
    assert found.log_joint == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert {n: found.assignment[n] for n in states} == states
    # the answer's own probability, from the marginal engine's rescaled contraction
    assert Engine(model).log_probability(found.assignment) == pytest.approx(best, rel=1e-9)


@pytest.mark.parametrize("length", [1100, 1300, 3000])
def test_the_chain_of_the_report_answers_every_variable_b(length, tmp_path):
    """Every row (a 0.45, b 0.55): all b, with probability 0.55^length (10^-337.5 at 1,300),
    in the JSON as log10 since the float is 0."""
    table = np.array([[0.45, 0.55], [0.45, 0.55]])
    model = chain([table] * (length - 1), np.array([0.45, 0.55]))
    path = tmp_path / "chain.bif"
    save_model(model, path)
    code, out, err = run_cli(["futures", str(path), "--mpe", "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert set(data["assignment"].values()) == {"s1"}
    assert data["log10_joint_probability"] == pytest.approx(length * math.log10(0.55), rel=1e-12)
    assert data["log10_posterior_probability"] == pytest.approx(data["log10_joint_probability"])
    code, out, _ = run_cli(["futures", str(path), "--mpe"])
    log_joint = length * math.log(0.55)
    assert f"probability {small_probability(log_joint)} " in out.replace("\n", " ")


def test_mpe_is_refused_before_allocating_beyond_the_memory_limit(monkeypatch):
    """A clique of 12 ternary variables (every one a parent of the next ones) needs a table
    of 3^12 cells (4 MB); under a 1 MB limit the refusal names the limit."""
    variables = {}
    for i in range(12):
        parents = tuple(f"x{j}" for j in range(i))
        cpt = np.full((3,) * i + (3,), 1 / 3)
        variables[f"x{i}"] = Variable(f"x{i}", ("a", "b", "c"), parents, cpt)
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "1")
    with pytest.raises(TooLargeError, match="SCENARIOS_MAX_MEMORY_MB"):
        most_probable_explanation(Engine(Model("clique", variables)), Evidence())
