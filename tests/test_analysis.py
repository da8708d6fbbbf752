"""Analysis against independent computation: enumeration of the joint, pgmpy, hand values."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from enumeration import forced
from helpers import brute_force
from scenarios import parse_model
from scenarios.analysis.explain import explain
from scenarios.analysis.futures import most_likely_futures
from scenarios.analysis.sensitivity import sensitivity
from scenarios.analysis.voi import value_of_information
from scenarios.core.errors import ImpossibleEvidenceError, QueryError
from scenarios.engine import Engine
from scenarios.engine.mpe import most_probable_explanation
from scenarios.model.evidence import Evidence, parse_evidence
from scenarios.model.graph import ancestors
from scenarios.model.measures import Measure, entropy
from scenarios.model.schema import Model, Variable

from strategies import network_and_evidence

TOL = 1e-9
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CONFOUNDED = """
name: confounded
variables:
  rain: {states: [no, yes], cpt: {no: 0.7, yes: 0.3}}
  sprinkler:
    states: [off, on]
    parents: [rain]
    cpt: {table: {"rain=no": [0.4, 0.6], "rain=yes": [0.9, 0.1]}}
  wet:
    states: [dry, wet]
    parents: [rain, sprinkler]
    cpt:
      table:
        "rain=no, sprinkler=off": [0.95, 0.05]
        "rain=no, sprinkler=on": [0.2, 0.8]
        "rain=yes, sprinkler=off": [0.1, 0.9]
        "rain=yes, sprinkler=on": [0.05, 0.95]
"""


def possible(model: Model, evidence: dict[str, str]) -> bool:
    return brute_force(model, evidence)[0] > 1e-9


# --- soft evidence ---------------------------------------------------------------------------


def with_virtual_child(model: Model, name: str, likelihood: np.ndarray) -> Model:
    table = np.stack([1 - likelihood, likelihood], axis=-1)
    child = Variable("virtual", ("other", "seen"), (name,), table)
    return replace(model, variables={**model.variables, "virtual": child})


@SETTINGS
@given(network_and_evidence(), st.data())
def test_soft_evidence_equals_a_virtual_child(case, data):
    model, hard = case
    name = data.draw(st.sampled_from([n for n in model.names if n not in hard] or [None]))
    assume(name is not None)
    var = model.variables[name]
    raw = np.array(
        data.draw(st.lists(st.floats(0.01, 1), min_size=var.cardinality, max_size=var.cardinality))
    )
    likelihood = raw / raw.max()  # a probability of the observation for each state
    virtual = with_virtual_child(model, name, likelihood)
    assume(possible(virtual, {**hard, "virtual": "seen"}))
    expected = Engine(virtual).query({**hard, "virtual": "seen"}, model.names)
    soft = Evidence(hard, {name: dict(zip(var.states, raw.tolist(), strict=True))})
    result = Engine(model).query(soft)
    for target in model.names:
        np.testing.assert_allclose(
            list(result[target].values()), list(expected[target].values()), atol=TOL
        )


def test_soft_evidence_parsing_and_errors(khorasan):
    ev = parse_evidence(["is_funding~high:2,medium:1"])
    engine = Engine(khorasan)
    r = engine.query(ev, ["is_funding"])["is_funding"]
    prior = {"low": 0.30, "medium": 0.45, "high": 0.25}
    z = 0.45 * 1 + 0.25 * 2
    assert r["high"] == pytest.approx(0.5 / z) and r["low"] == 0
    with pytest.raises(QueryError, match="not all 0"):
        engine.query(parse_evidence(["is_funding~high:0"]))
    with pytest.raises(QueryError, match="VAR~STATE:LIKELIHOOD"):
        parse_evidence(["is_funding~high:x"])
    with pytest.raises(QueryError, match="Did you mean 'high'"):
        engine.query(parse_evidence(["is_funding~hihg:1"]))
    assert prior  # the prior is stated above for the reader of the hand computation


# --- interventions ---------------------------------------------------------------------------


def test_do_differs_from_observation_and_matches_hand_and_pgmpy():
    from pgmpy.inference import CausalInference

    from scenarios.io.pgmpy_bridge import to_pgmpy

    model = parse_model(CONFOUNDED)
    engine = Engine(model)
    observed = engine.query({"sprinkler": "on"}, ["wet"])["wet"]["wet"]
    forced = engine.query(Evidence(do={"sprinkler": "on"}), ["wet"])["wet"]["wet"]
    # by hand: do() uses P(rain); observing "on" makes rain=no more likely
    assert forced == pytest.approx(0.7 * 0.8 + 0.3 * 0.95, abs=TOL)
    p_on = 0.7 * 0.6 + 0.3 * 0.1
    assert observed == pytest.approx((0.7 * 0.6 * 0.8 + 0.3 * 0.1 * 0.95) / p_on, abs=TOL)
    assert abs(forced - observed) > 0.01
    reference = CausalInference(to_pgmpy(model)).query(
        ["wet"], do={"sprinkler": "on"}, show_progress=False
    )
    assert reference.get_value(wet="wet") == pytest.approx(forced, abs=TOL)
    rain = engine.query(Evidence(do={"sprinkler": "on"}), ["rain"])["rain"]["yes"]
    assert rain == pytest.approx(0.3, abs=TOL)  # forcing the effect says nothing of its cause


def test_do_with_a_contradicting_observation_is_impossible():
    engine = Engine(parse_model(CONFOUNDED))
    with pytest.raises(ImpossibleEvidenceError):
        engine.query(Evidence({"sprinkler": "off"}, do={"sprinkler": "on"}))
    with pytest.raises(ImpossibleEvidenceError, match=r"with do\(sprinkler=on\)"):
        engine.joint(Evidence({"sprinkler": "off"}, do={"sprinkler": "on"}), ["wet"])


# --- value of information, futures, sensitivity, MPE, explain --------------------------------


@SETTINGS
@given(network_and_evidence(), st.data())
def test_voi_equals_mutual_information_of_the_joint(case, data):
    model, evidence = case
    assume(possible(model, evidence))
    target = data.draw(st.sampled_from(model.names))
    rows = {
        r.variable: r.mutual_information
        for r in value_of_information(Engine(model), target, Evidence(evidence))
    }
    for other, mi in rows.items():
        joint = pairwise_joint(model, evidence, target, other)
        expected = entropy(joint.sum(1)) + entropy(joint.sum(0)) - entropy(joint)
        assert mi == pytest.approx(max(expected, 0.0), abs=1e-9)


def pairwise_joint(model, evidence, a, b):
    """P(a, b | evidence) by enumerating the joint, one cell at a time."""
    va, vb = model.variables[a], model.variables[b]
    out = np.zeros((va.cardinality, vb.cardinality))
    p_e = brute_force(model, evidence)[0]
    for i, j in itertools.product(range(va.cardinality), range(vb.cardinality)):
        extra = {a: va.states[i], b: vb.states[j]}
        if any(evidence.get(k, s) != s for k, s in extra.items()) or (a == b and i != j):
            continue
        out[i, j] = brute_force(model, {**evidence, **extra})[0] / p_e
    return out


@SETTINGS
@given(network_and_evidence(), st.data())
def test_futures_are_the_sorted_joint_probabilities(case, data):
    model, evidence = case
    assume(possible(model, evidence))
    targets = data.draw(st.lists(st.sampled_from(model.names), min_size=1, max_size=2, unique=True))
    futures = most_likely_futures(Engine(model), targets, k=50, evidence=Evidence(evidence))
    cells = []
    p_e = brute_force(model, evidence)[0]
    for combo in itertools.product(*(model.variables[t].states for t in targets)):
        states = dict(zip(targets, combo, strict=True))
        clash = any(evidence.get(k, s) != s for k, s in states.items())
        cells.append(0.0 if clash else brute_force(model, {**evidence, **states})[0] / p_e)
    possible_cells = sorted((c for c in cells if c > 0), reverse=True)  # never an impossible one
    assert [f.probability for f in futures] == pytest.approx(possible_cells, abs=1e-9)
    assert sum(f.probability for f in futures) == pytest.approx(1.0, abs=1e-9)


def enumerated(model: Model, evidence: dict[str, str], name: str, state: str, mode: str):
    """P(evidence) and posteriors with ``name`` set (cause: do) or observed (finding) in
    ``state``, by enumeration of the joint (of the forced model, for do)."""
    if mode == "cause":
        return brute_force(forced(model, {name: state}), evidence)
    return brute_force(model, {**evidence, name: state})


@pytest.mark.parametrize("mode", ["cause", "finding"])
@SETTINGS
@given(network_and_evidence(), st.data())
def test_sensitivity_equals_enumeration_for_causes_and_for_findings(mode, case, data):
    model, evidence = case
    assume(possible(model, evidence))
    target = data.draw(st.sampled_from(model.names))
    state = model.variables[target].states[-1]
    rows = sensitivity(Engine(model), Measure(target, state), Evidence(evidence), mode)
    candidates = (
        ancestors({n: v.parents for n, v in model.variables.items()}, [target])
        if mode == "cause"
        else set(model.names)
    )  # only causes can be set to move it
    assert {r.variable for r in rows} == candidates - {target} - set(evidence)
    for row in rows:
        for s, value in row.values.items():
            p_e, posteriors = enumerated(model, evidence, row.variable, s, mode)
            if p_e <= 1e-12:
                assert value is None or p_e > 0
                continue
            assert value == pytest.approx(posteriors[target][-1], abs=1e-9)
        possible_values = {s: v for s, v in row.values.items() if v is not None}
        assert possible_values[row.low_state] == min(possible_values.values()) == row.low
        assert possible_values[row.high_state] == max(possible_values.values()) == row.high
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)


@SETTINGS
@given(network_and_evidence())
def test_mpe_is_the_argmax_of_the_joint(case):
    model, evidence = case
    assume(possible(model, evidence))
    found = most_probable_explanation(Engine(model), Evidence(evidence))
    assignment, probability = found.assignment, found.joint
    best = 0.0
    for combo in itertools.product(*(v.states for v in model.variables.values())):
        states = dict(zip(model.names, combo, strict=True))
        if any(evidence.get(k, s) != s for k, s in states.items()):
            continue
        best = max(best, brute_force(model, states)[0])
    assert probability == pytest.approx(best, rel=1e-9, abs=1e-15)
    assert brute_force(model, assignment)[0] == pytest.approx(best, rel=1e-9, abs=1e-15)


def test_explain_leaves_each_finding_out(khorasan):
    engine = Engine(khorasan)
    evidence = Evidence(
        {"is_funding": "high", "taliban_stance": "confront"},
        {"peace_process": {"advancing": 1.0, "talks": 0.5}},
    )
    measure = Measure("fata_relocation", "yes")
    rows = explain(engine, measure, evidence)
    assert [r.finding for r in rows][0] == "taliban_stance=confront"
    for row in rows:
        name = row.finding.split("=")[0].split("~")[0]
        without = engine.query(evidence.without(name), ["fata_relocation"])
        assert row.without == pytest.approx(without["fata_relocation"]["yes"], abs=TOL)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["low", "medium", "high"]), min_size=2, max_size=4))
def test_a_soft_finding_repeating_a_state_is_refused(states):
    item = "is_funding~" + ",".join(f"{s}:{i + 1}" for i, s in enumerate(states))
    if len(set(states)) == len(states):
        assert parse_evidence([item]).soft["is_funding"] == {
            s: float(i + 1) for i, s in enumerate(states)
        }
    else:
        with pytest.raises(QueryError, match="gives state '.*' twice"):
            parse_evidence([item])
