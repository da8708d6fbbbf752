"""Every analysis command against enumeration of the full joint, on random small networks,
under hard, soft and do evidence together (tests/test_analysis.py covers hard findings and
hand-made cases). The reference here shares no code with the engine: it multiplies every CPT
into one joint array, applies interventions by replacing the forced variables' CPTs, and soft
findings as likelihood weights."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal, mixed_evidence, possible
from scenarios.analysis.compare import run_scenarios
from scenarios.analysis.effects import effects
from scenarios.analysis.explain import explain
from scenarios.analysis.futures import most_likely_futures
from scenarios.analysis.sensitivity import MODES, SETS, sensitivity
from scenarios.analysis.sweep import sweep
from scenarios.analysis.voi import value_of_information
from scenarios.engine import Engine
from scenarios.io.scenariofile import Scenario, ScenarioSet
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors
from scenarios.model.measures import Measure, entropy
from scenarios.model.schema import Model

from strategies import marked

TOL = 1e-9
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(mixed_evidence(), st.data())
def test_query_and_compare_match_enumeration(case, data):
    assume(possible(case))
    model, evidence = case
    joint, _ = enumerate_joint(model, evidence)
    engine = Engine(model)
    result = engine.query(evidence, model.names)
    for name in model.names:
        expected = marginal(model, joint, [name])
        assert list(result[name].values()) == pytest.approx(expected.tolist(), abs=TOL)
    scenarios = ScenarioSet(
        model, {"base": Scenario("base"), "this": Scenario("this", evidence=evidence)}, "base"
    )
    compared = run_scenarios(engine, scenarios, model.names)["this"]
    for name in model.names:
        assert compared[name] == pytest.approx(result[name], abs=TOL)


@SETTINGS
@given(mixed_evidence(), st.data())
def test_voi_is_the_mutual_information_of_the_enumerated_joint(case, data):
    assume(possible(case))
    model, evidence = case
    target = data.draw(st.sampled_from(model.names))
    assume(target not in evidence.hard and target not in evidence.do)
    joint, _ = enumerate_joint(model, evidence)
    rows = {
        r.variable: r.mutual_information
        for r in value_of_information(Engine(model), target, evidence)
    }
    assert set(rows) == set(model.names) - {target} - set(evidence.hard) - set(evidence.do)
    for other, mi in rows.items():
        pair = marginal(model, joint, [target, other])
        expected = entropy(pair.sum(1)) + entropy(pair.sum(0)) - entropy(pair)
        assert mi == pytest.approx(max(expected, 0.0), abs=TOL), other


def expected_candidates(model: Model, target: str, mode: str) -> set[str]:
    """What each mode moves, written out from the docs: levers are the actionable causes (the
    parentless causes where none is marked), signposts the observables (every variable where
    none is marked)."""
    causes = ancestors({n: v.parents for n, v in model.variables.items()}, [target])
    actionable = [n for n, v in model.variables.items() if v.actionable]
    observable = [n for n, v in model.variables.items() if v.observable]
    roots = [n for n, v in model.variables.items() if not v.parents]
    return {
        "lever": causes & set(actionable or roots),
        "cause": causes,
        "signpost": set(observable or model.names),
        "finding": set(model.names),
    }[mode] - {target}


@SETTINGS
@given(mixed_evidence(), st.data(), st.sampled_from(list(MODES)))
def test_sensitivity_matches_enumeration(case, data, mode):
    assume(possible(case))
    model, evidence = case
    model = marked(model, data)
    target = data.draw(st.sampled_from(model.names))
    assume(target not in evidence.observed and target not in evidence.do)
    state = model.variables[target].states[-1]
    rows = sensitivity(Engine(model), Measure(target, state), evidence, mode)
    fixed = {*evidence.observed, *evidence.do}
    assert {r.variable for r in rows} == expected_candidates(model, target, mode) - fixed
    for row in rows:
        for s, value in row.values.items():
            changed = (
                Evidence(evidence.hard, evidence.soft, {**evidence.do, row.variable: s})
                if mode in SETS
                else Evidence({**evidence.hard, row.variable: s}, evidence.soft, evidence.do)
            )
            joint, mass = enumerate_joint(model, changed)
            if mass <= 1e-12:
                assert value is None or mass > 0
                continue
            expected = marginal(model, joint, [target])[-1]
            assert value == pytest.approx(expected, abs=TOL)


@SETTINGS
@given(mixed_evidence(), st.data(), st.booleans())
def test_effects_match_enumeration(case, data, states):
    """Every lever against every outcome: do(first state) and do(last state) enumerated."""
    assume(possible(case))
    model, evidence = case
    model = marked(model, data)
    outcomes = data.draw(
        st.lists(st.sampled_from(model.names), min_size=1, max_size=3, unique=True)
    )
    found = effects(Engine(model), outcomes, evidence, states=states)
    fixed = {*evidence.observed, *evidence.do}
    levers = [n for n, v in model.variables.items() if v.actionable] or [
        n for n, v in model.variables.items() if not v.parents
    ]
    reached = {
        (lever, o) for o in outcomes for lever in expected_candidates(model, o, "lever") - fixed
    }
    assert {(e.lever, e.measure.variable) for e in found.effects} == reached
    assert set(found.unreached) == {
        (lever, o)
        for o in outcomes
        for lever in set(levers) - fixed - {o}  # never a lever against itself
        if (lever, o) not in reached
    }
    for effect in found.effects:
        var = model.variables[effect.measure.variable]
        lever = model.variables[effect.lever]
        assert (effect.low_state, effect.high_state) == (lever.states[0], lever.states[-1])
        ends = []
        for s in (effect.low_state, effect.high_state):
            changed = Evidence(evidence.hard, evidence.soft, {**evidence.do, effect.lever: s})
            joint, mass = enumerate_joint(model, changed)
            posterior = marginal(model, joint, [var.name])
            if mass <= 1e-12:
                ends.append(None)
            elif effect.measure.state is None:
                ends.append(float(posterior @ np.linspace(0, 1, var.cardinality)))
            else:
                ends.append(float(posterior[var.state_index(effect.measure.state)]))
        assert effect.at_low == pytest.approx(ends[0], abs=TOL)
        assert effect.at_high == pytest.approx(ends[1], abs=TOL)
    measured = {(e.lever, e.measure) for e in found.effects}
    assert len(measured) == len(found.effects)  # each lever and measure once


@SETTINGS
@given(mixed_evidence(), st.data())
def test_explain_matches_enumeration_without_each_finding(case, data):
    assume(possible(case))
    model, evidence = case
    target = data.draw(st.sampled_from(model.names))
    measure = Measure(target, model.variables[target].states[0])
    rows = explain(Engine(model), measure, evidence)
    assert len(rows) == len([*evidence.observed, *evidence.do])
    joint, _ = enumerate_joint(model, evidence)
    for row in rows:
        name = row.finding.removeprefix("do(").split("=")[0].split("~")[0]
        without, mass = enumerate_joint(model, evidence.without(name))
        assert mass > 0
        assert row.without == pytest.approx(marginal(model, without, [target])[0], abs=TOL)
        assert row.with_all == pytest.approx(marginal(model, joint, [target])[0], abs=TOL)


@SETTINGS
@given(mixed_evidence(), st.data())
def test_futures_are_the_sorted_enumerated_joint(case, data):
    assume(possible(case))
    model, evidence = case
    targets = data.draw(st.lists(st.sampled_from(model.names), min_size=1, max_size=2, unique=True))
    futures = most_likely_futures(Engine(model), targets, k=50, evidence=evidence)
    joint, _ = enumerate_joint(model, evidence)
    cells = sorted(marginal(model, joint, targets).ravel().tolist(), reverse=True)
    possible_cells = [c for c in cells if c > 0]  # an impossible future is never listed
    assert [f.probability for f in futures] == pytest.approx(possible_cells, abs=TOL)
    for f in futures:
        index = tuple(model.variables[t].state_index(f.states[t]) for t in targets)
        assert f.probability == pytest.approx(marginal(model, joint, targets)[index], abs=TOL)


@SETTINGS
@given(mixed_evidence(), st.data(), st.booleans())
def test_sweep_rows_match_enumeration(case, data, intervene):
    assume(possible(case))
    model, evidence = case
    free = [n for n in model.names if n not in evidence.observed and n not in evidence.do]
    assume(free)
    vary = data.draw(st.lists(st.sampled_from(free), min_size=1, max_size=2, unique=True))
    targets = [n for n in model.names if n not in vary]
    assume(targets)
    rows = sweep(Engine(model), vary, targets, evidence, intervene=intervene)
    for row in rows:
        changed = (
            Evidence(evidence.hard, evidence.soft, {**evidence.do, **row.states})
            if intervene
            else Evidence({**evidence.hard, **row.states}, evidence.soft, evidence.do)
        )
        joint, mass = enumerate_joint(model, changed)
        if mass <= 1e-12:
            assert row.posteriors is None
            continue
        for t in targets:
            expected = marginal(model, joint, [t])
            assert list(row.posteriors[t].values()) == pytest.approx(expected.tolist(), abs=TOL)


@SETTINGS
@given(mixed_evidence(), st.data())
def test_voi_of_one_future_is_the_information_about_that_event(case, data):
    """-t VAR=STATE: I([T = s]; V | e), the event against the rest, from the enumerated joint."""
    assume(possible(case))
    model, evidence = case
    target = data.draw(st.sampled_from(model.names))
    assume(target not in evidence.hard and target not in evidence.do)
    states = model.variables[target].states
    state = data.draw(st.sampled_from(states))
    joint, _ = enumerate_joint(model, evidence)
    rows = value_of_information(Engine(model), target, evidence, state)
    for row in rows:
        pair = marginal(model, joint, [target, row.variable])
        at = states.index(state)
        event = np.stack([pair[at], pair.sum(0) - pair[at]])  # (yes, no) x other's states
        expected = entropy(event.sum(1)) + entropy(event.sum(0)) - entropy(event)
        assert row.mutual_information == pytest.approx(max(expected, 0.0), abs=TOL), row.variable
