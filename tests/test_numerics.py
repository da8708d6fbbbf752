"""Numerics: tiny probabilities and evidence whose probability underflows float64 still give
exact posteriors (checked with exact rational arithmetic), never NaN, never a false
'impossible'; every posterior sums to 1 within 1e-12."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.core.errors import ImpossibleEvidenceError
from scenarios.engine import Engine
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model, Variable


def rare_roots_model(count: int, rare: float) -> Model:
    """``count`` binary roots, each 'hit' with probability ``rare``; a child of the first two."""
    variables = {}
    for i in range(count):
        variables[f"r{i}"] = Variable(f"r{i}", ("miss", "hit"), (), np.array([1 - rare, rare]))
    table = np.array([[[0.9, 0.1], [0.6, 0.4]], [[0.3, 0.7], [0.2, 0.8]]])
    variables["c"] = Variable("c", ("lo", "hi"), ("r0", "r1"), table)
    variables["d"] = Variable("d", ("lo", "hi"), ("c",), np.array([[0.75, 0.25], [0.5, 0.5]]))
    return Model("rare", variables)


@pytest.mark.parametrize("count, rare", [(40, 1e-10), (3, 1e-300), (400, 0.1)])
def test_evidence_whose_probability_underflows_is_answered_exactly(count, rare):
    model = rare_roots_model(count, rare)
    engine = Engine(model)
    evidence = {f"r{i}": "hit" for i in range(count)}
    result = engine.query(evidence, ["c", "d"])  # several targets: the adjoint pass
    assert result["c"] == pytest.approx({"lo": 0.2, "hi": 0.8}, abs=1e-12)
    assert result["d"] == pytest.approx({"lo": 0.55, "hi": 0.45}, abs=1e-12)
    single = engine.query(evidence, ["d"])  # one target: a contraction to its axis
    assert single["d"] == pytest.approx({"lo": 0.55, "hi": 0.45}, abs=1e-12)
    answers, p = engine.query_batch([evidence, {"r0": "miss"}], ["c", "d"])
    np.testing.assert_allclose(answers["d"][0], [0.55, 0.45], atol=1e-12)
    assert not np.isnan(answers["c"]).any()
    assert p[1] == pytest.approx(1 - rare)
    log10_p = count * np.log10(rare)
    assert result.probability_of_evidence == pytest.approx(
        10**log10_p if log10_p > -300 else 0.0, rel=1e-9, abs=1e-300
    )
    if result.probability_of_evidence == 0:
        assert result.to_dict()["log10_probability_of_evidence"] == pytest.approx(log10_p)


def test_soft_evidence_with_tiny_likelihoods_is_not_impossible():
    model = rare_roots_model(2, 0.5)
    engine = Engine(model)
    soft = {f"r{i}": {"miss": 1e-300, "hit": 1.0} for i in range(2)}
    soft["d"] = {"lo": 1e-300, "hi": 1.0}
    result = engine.query(Evidence(soft=soft), ["c"])
    assert sum(result["c"].values()) == pytest.approx(1, abs=1e-12)
    assert not any(np.isnan(v) for v in result["c"].values())


def test_huge_likelihoods_are_normalized_without_overflow():
    engine = Engine(rare_roots_model(2, 0.5))
    result = engine.query(Evidence(soft={"r0": {"miss": 1e308, "hit": 1e308}}), ["c"])
    assert result["c"] == pytest.approx(engine.query({}, ["c"])["c"], abs=1e-12)


def test_truly_impossible_evidence_is_still_reported_with_its_findings():
    model = rare_roots_model(2, 0.0)
    with pytest.raises(ImpossibleEvidenceError) as caught:
        Engine(model).query({"r0": "hit", "c": "lo"})
    assert "r0=hit" in str(caught.value)


@st.composite
def tiny_networks(draw):
    """Small networks whose CPT entries span 1e-300 .. 1 (zeros included)."""
    n = draw(st.integers(1, 4))
    variables = {}
    for i in range(n):
        parents = draw(st.lists(st.sampled_from(range(i)), max_size=2, unique=True)) if i else []
        shape = (2,) * len(parents) + (2,)
        exponents = draw(
            st.lists(
                st.integers(-300, 0) | st.none(),
                min_size=int(np.prod(shape)),
                max_size=int(np.prod(shape)),
            )
        )
        raw = np.array([0.0 if e is None else 10.0**e for e in exponents]).reshape(shape)
        raw[..., 0] = np.where(raw.sum(-1) > 0, raw[..., 0], 1.0)  # no all-zero rows
        table = raw / raw.sum(-1, keepdims=True)
        variables[f"v{i}"] = Variable(f"v{i}", ("s0", "s1"), tuple(f"v{p}" for p in parents), table)
    model = Model("tiny", variables)
    observed = draw(st.lists(st.sampled_from(model.names), max_size=3, unique=True))
    return model, {v: draw(st.sampled_from(["s0", "s1"])) for v in observed}


def exact_posteriors(model: Model, evidence: dict[str, str]):
    """Enumeration in rational arithmetic: no rounding, no underflow."""
    names = model.names
    totals = {n: [Fraction(0), Fraction(0)] for n in names}
    for states in itertools.product(range(2), repeat=len(names)):
        assign = dict(zip(names, states, strict=True))
        if any(model.variables[v].states[assign[v]] != s for v, s in evidence.items()):
            continue
        weight = Fraction(1)
        for name, var in model.variables.items():
            weight *= Fraction(float(var.cpt[tuple(assign[p] for p in var.parents)][assign[name]]))
        for name in names:
            totals[name][assign[name]] += weight
    return totals


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_networks())
def test_posteriors_match_exact_arithmetic_and_sum_to_one(case):
    model, evidence = case
    exact = exact_posteriors(model, evidence)
    z = sum(next(iter(exact.values())))
    engine = Engine(model)
    if z == 0:
        with pytest.raises(ImpossibleEvidenceError):
            engine.query(evidence)
        return
    result = engine.query(evidence)
    for name, dist in result.posteriors.items():
        values = list(dist.values())
        assert abs(sum(values) - 1) < 1e-12 and not np.isnan(values).any()
        expected = [float(t / z) for t in exact[name]]
        np.testing.assert_allclose(values, expected, rtol=1e-9, atol=1e-12)
    answers, p = engine.query_batch([evidence])
    for name, dist in result.posteriors.items():
        np.testing.assert_allclose(answers[name][0], list(dist.values()), rtol=1e-9, atol=1e-12)


def test_joints_and_futures_given_evidence_that_underflows_are_exact():
    """The joint of several targets (futures, the signposts) once came out NaN, and futures
    listed nothing, when P(evidence) fell below the smallest float."""
    from scenarios.analysis.futures import most_likely_futures

    model = rare_roots_model(3, 1e-300)  # P(evidence) = 1e-900
    engine = Engine(model)
    evidence = Evidence({f"r{i}": "hit" for i in range(3)})
    joint = engine.joint(evidence, ["c", "d"])
    np.testing.assert_allclose(joint, [[0.15, 0.05], [0.4, 0.4]], atol=1e-12)
    draws = {"d": np.array([[[0.75, 0.25], [0.5, 0.5]]] * 4)}
    np.testing.assert_allclose(
        engine.joint_draws(evidence, ["c", "d"], draws)[2], joint, atol=1e-12
    )
    found = most_likely_futures(engine, ["c", "d"], 3, evidence)
    assert [f.probability for f in found] == pytest.approx([0.4, 0.4, 0.15], abs=1e-12)
