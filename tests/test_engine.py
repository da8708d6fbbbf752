"""The engine against hand-computed answers and against pgmpy's VariableElimination."""

from __future__ import annotations

import random

import numpy as np
import pytest

import scenarios.engine.contraction as contraction
import scenarios.engine.whole_joint as whole_joint
from helpers import SPRINKLER, brute_force, pgmpy_posteriors
from scenarios import ImpossibleEvidenceError, QueryError, parse_model
from scenarios.engine import Engine
from scenarios.model.schema import LISTED_NAMES

TOL = 1e-9

CHAIN = """
name: chain
variables:
  a: {states: [lo, hi], cpt: {lo: 0.7, hi: 0.3}}
  b: {states: [lo, hi], parents: [a], cpt: {table: {"a=lo": [0.9, 0.1], "a=hi": [0.4, 0.6]}}}
  c: {states: [lo, mid, hi], parents: [b],
      cpt: {table: {"b=lo": [0.5, 0.3, 0.2], "b=hi": [0.1, 0.3, 0.6]}}}
"""


def test_sprinkler_by_hand():
    engine = Engine(parse_model(SPRINKLER))
    r = engine.query({"wet": "wet"})
    # P(wet) = 0.8*0.4*0.9 + 0.2*0.99*0.8 + 0.2*0.01*0.99 = 0.288 + 0.1584 + 0.00198
    p_wet = 0.288 + 0.1584 + 0.00198
    assert r.probability_of_evidence == pytest.approx(p_wet, abs=TOL)
    assert r["rain"]["yes"] == pytest.approx((0.1584 + 0.00198) / p_wet, abs=TOL)
    assert r["sprinkler"]["on"] == pytest.approx((0.288 + 0.00198) / p_wet, abs=TOL)
    assert r["wet"] == {"dry": 0.0, "wet": 1.0}


def test_chain_by_hand_prior_and_diagnostic_query():
    engine = Engine(parse_model(CHAIN))
    prior = engine.query()
    p_b_hi = 0.7 * 0.1 + 0.3 * 0.6  # 0.25
    assert prior["b"]["hi"] == pytest.approx(p_b_hi, abs=TOL)
    assert prior["c"]["hi"] == pytest.approx(0.75 * 0.2 + 0.25 * 0.6, abs=TOL)
    post = engine.query({"c": "hi"}, ["a"])
    p_c_hi = 0.75 * 0.2 + 0.25 * 0.6
    p_a_hi_c_hi = 0.3 * (0.4 * 0.2 + 0.6 * 0.6)
    assert post["a"]["hi"] == pytest.approx(p_a_hi_c_hi / p_c_hi, abs=TOL)
    assert list(post.posteriors) == ["a"]


def test_explaining_away_matches_brute_force():
    model = parse_model(SPRINKLER)
    engine = Engine(model)
    for evidence in ({"wet": "wet", "sprinkler": "on"}, {"sprinkler": "off"}, {}):
        p_e, expected = brute_force(model, evidence)
        r = engine.query(evidence)
        assert r.probability_of_evidence == pytest.approx(p_e, abs=TOL)
        for name, dist in r.posteriors.items():
            np.testing.assert_allclose(list(dist.values()), expected[name], atol=TOL)


def test_impossible_evidence_names_the_conflicting_findings():
    engine = Engine(parse_model(SPRINKLER))
    with pytest.raises(ImpossibleEvidenceError) as info:
        engine.query({"rain": "no", "sprinkler": "off", "wet": "wet"})
    assert info.value.conflicting == {"rain": "no", "sprinkler": "off", "wet": "wet"}
    assert "probability 0" in str(info.value)


def test_conflict_is_minimal():
    model = parse_model(SPRINKLER.replace("[0.6, 0.4]", "[1.0, 0.0]"))
    engine = Engine(model)
    with pytest.raises(ImpossibleEvidenceError) as info:
        engine.query({"rain": "no", "sprinkler": "on", "wet": "wet"})
    conflict = info.value.conflicting
    assert len(conflict) == 2 and conflict["rain"] == "no"
    with pytest.raises(ImpossibleEvidenceError):
        engine.probability(conflict)
    for name in conflict:
        rest = {k: v for k, v in conflict.items() if k != name}
        assert engine.probability(rest) > 0


def test_unknown_names_raise_query_errors_with_suggestions():
    engine = Engine(parse_model(SPRINKLER))
    with pytest.raises(QueryError, match="Did you mean 'rain'"):
        engine.query({"rian": "yes"})
    with pytest.raises(QueryError, match="Valid states: no, yes"):
        engine.query({"rain": "maybe"})
    with pytest.raises(QueryError, match="unknown variable 'x'"):
        engine.query({}, ["x"])


def test_an_unknown_name_in_a_large_model_lists_a_few_valid_ones_and_counts_the_rest():
    """munin's 1,041 names in one error message helped nobody: at most LISTED_NAMES of them,
    the count of the rest and where to see them all; close matches first, as before."""
    names = [f"v{i:03d}" for i in range(60)]
    text = "name: wide\nvariables:\n" + "".join(
        f"  {n}: {{states: [a, b], cpt: {{a: 0.5, b: 0.5}}}}\n" for n in names
    )
    model = parse_model(text)
    with pytest.raises(QueryError) as refused:
        model.check_variable("v0100")
    message = str(refused.value)
    assert "Did you mean 'v010'" in message
    assert message.count("v0") == 1 + 1 + LISTED_NAMES  # asked, suggested, listed
    assert f"and {60 - LISTED_NAMES} more ('scenarios show' lists all)" in message


def test_contraction_paths_are_cached_per_query_shape(khorasan):
    engine = Engine(khorasan)
    engine.query({"is_funding": "high"})
    cached = engine.network.contractor.cached()
    engine.query({"is_funding": "low"})
    assert engine.network.contractor.cached() == cached > 0


def random_evidence(model, rng: random.Random, k: int) -> dict[str, str]:
    names = rng.sample(model.names, k)
    return {n: rng.choice(model.variables[n].states) for n in names}


@pytest.mark.parametrize("seed", range(25))
def test_khorasan_matches_pgmpy_variable_elimination(khorasan, seed):
    rng = random.Random(seed)
    engine = Engine(khorasan)
    evidence = random_evidence(khorasan, rng, rng.randint(0, 4))
    result = engine.query(evidence)
    expected = pgmpy_posteriors(khorasan, evidence, khorasan.names)
    for name, dist in expected.items():
        np.testing.assert_allclose(list(result[name].values()), dist, atol=TOL, rtol=0)


def test_khorasan_probability_of_evidence_matches_brute_force_sum(khorasan):
    engine = Engine(khorasan)
    evidence = {"fata_relocation": "yes", "is_funding": "high"}
    # P(e) = sum over fata of P(fata, is_funding=high) via the chain rule on two queries
    p_funding = engine.query({}, ["is_funding"])["is_funding"]["high"]
    p_fata_given = engine.query({"is_funding": "high"}, ["fata_relocation"])
    expected = p_funding * p_fata_given["fata_relocation"]["yes"]
    assert engine.query(evidence).probability_of_evidence == pytest.approx(expected, abs=TOL)


def test_to_pgmpy_passes_check_model(khorasan):
    from scenarios.io.pgmpy_bridge import to_pgmpy

    network = to_pgmpy(khorasan)
    assert network.check_model()
    assert set(network.nodes()) == set(khorasan.names)


def test_kept_no_evidence_answers_are_not_shared_with_callers(khorasan):
    """Posteriors with no evidence are computed once and kept; each answer is its own copy,
    and a target asked later is computed then (not taken from a stale cache)."""
    engine = Engine(khorasan)
    first = engine.query({}, ["secret_pact"])
    state = khorasan.variables["secret_pact"].states[0]
    first.posteriors["secret_pact"][state] = 99.0
    again = engine.query({})
    assert again["secret_pact"][state] != 99.0
    assert sum(again["secret_pact"].values()) == pytest.approx(1.0, abs=1e-12)
    fresh = Engine(khorasan).query({})
    for name, dist in fresh.posteriors.items():
        assert again[name] == pytest.approx(dist, abs=1e-15)


def test_small_problems_answered_from_their_joint_match_the_planned_pass(monkeypatch):
    """A query whose variables' joint is small is summed from that joint (no plan): the
    same answers as the planned forward and reverse pass, for variables far down a large
    model (einsum indices are letters: they are renamed) and for many small factors."""

    lines = ["name: wide", "variables:"]
    lines += [f"  r{i}: {{states: [a, b], cpt: {{a: 0.5, b: 0.5}}}}" for i in range(60)]
    lines += [
        "  x: {states: [a, b, c], cpt: {a: 0.2, b: 0.3, c: 0.5}}",
        "  y: {states: [a, b], parents: [x], cpt: {table: "
        '{"x=a": [0.9, 0.1], "x=b": [0.4, 0.6], "x=c": [0.2, 0.8]}}}',
        "  z: {states: [a, b], parents: [y, r59], cpt: {table: "
        '{"y=a,r59=a": [0.7, 0.3], "y=a,r59=b": [0.6, 0.4], '
        '"y=b,r59=a": [0.1, 0.9], "y=b,r59=b": [0.5, 0.5]}}}',
    ]
    model = parse_model("\n".join(lines) + "\n")
    questions = [({"z": "b"}, ["x", "y", "r59"]), ({"y": "a"}, ["x", "z"]), ({}, ["x", "y", "z"])]
    fast = [Engine(model).query(e, t) for e, t in questions]
    monkeypatch.setattr(whole_joint, "SMALL_JOINT", 0)
    for (evidence, targets), got in zip(questions, fast, strict=True):
        planned = Engine(model).query(evidence, targets)
        assert got.probability_of_evidence == pytest.approx(
            planned.probability_of_evidence, abs=1e-15
        )
        for name in targets:
            assert got[name] == pytest.approx(planned[name], abs=1e-15)


APART = """
  d: {states: [no, yes], parents: [a], cpt: {table: {"a=lo": [0.8, 0.2], "a=hi": [0.3, 0.7]}}}
  e: {states: [no, yes], cpt: {no: 0.25, yes: 0.75}}
  f: {states: [no, yes], parents: [e], cpt: {table: {"e=no": [0.6, 0.4], "e=yes": [0.1, 0.9]}}}
"""


@pytest.mark.parametrize(
    "evidence",
    [{"b": "hi"}, {"b": "lo", "e": "yes"}, {"b": "hi", "e": "no", "f": "yes"}, {"a": "hi"}],
)
@pytest.mark.parametrize("small_joint", [0, whole_joint.SMALL_JOINT])
def test_factors_that_share_no_axis_are_summed_apart(evidence, small_joint, monkeypatch):
    """Findings cut the network: c's CPT sliced at b, or e's and f's both observed (a scalar),
    share no axis with any other factor and are summed on their own; P(evidence) is the
    product of every part's, and each posterior is its own part's (planned, or by the joint
    of what is left)."""
    monkeypatch.setattr(whole_joint, "SMALL_JOINT", small_joint)
    apart = []
    summed = contraction.Contractor._marginals_apart
    monkeypatch.setattr(
        contraction.Contractor,
        "_marginals_apart",
        lambda self, *args: apart.append(args[-1]) or summed(self, *args),
    )
    model = parse_model(CHAIN.rstrip("\n") + APART)  # the chain, d beside c, e -> f apart
    p_e, expected = brute_force(model, evidence)
    got = Engine(model).query(evidence)
    assert apart
    assert got.probability_of_evidence == pytest.approx(p_e, abs=TOL)
    for name in model.names:
        assert list(got[name].values()) == pytest.approx(list(expected[name]), abs=TOL)
