"""Indicators: observables with cost and lead time in the model format, voi over observables
ranked per unit cost, and ``indicators`` (likelihood ratios, the findings x futures matrix,
what would change my mind) against enumeration on small random networks under hard, soft and
do evidence, and from the command line."""

from __future__ import annotations

import csv
import io
import itertools
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal, mixed_evidence, possible
from helpers import ROOT, assert_located_error, by_message, run_cli
from scenarios import load_model, parse_model
from scenarios.analysis.futures import contrasts, most_likely_futures
from scenarios.analysis.indicators import (
    DIAGNOSTIC,
    LIKELY,
    Future,
    finding_likelihoods,
    hidden_keys,
    indicators,
    state_futures,
)
from scenarios.analysis.voi import value_of_information
from scenarios.engine import Engine
from scenarios.model.evidence import Evidence

TOL = 1e-9
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _probability(model, evidence: Evidence, extra: dict[str, str]) -> float:
    """P(extra | evidence) by enumeration."""
    joint, _ = enumerate_joint(model, evidence)
    index = [slice(None)] * joint.ndim
    for name, state in extra.items():
        index[model.names.index(name)] = model.variables[name].state_index(state)
    return float(joint[tuple(index)].sum())


@st.composite
def target_and_observables(draw):
    """A network, possible mixed evidence, a target and the other free variables as the
    observables."""
    case = draw(mixed_evidence())
    assume(possible(case))
    model, evidence = case
    free = [n for n in model.names if n not in {*evidence.observed, *evidence.do}]
    assume(len(free) >= 2)
    target = draw(st.sampled_from(free))
    return model, evidence, target, [n for n in free if n != target]


@SETTINGS
@given(target_and_observables())
def test_likelihood_ratios_and_mind_changes_match_enumeration(case):
    model, evidence, target, observables = case
    engine = Engine(model)
    futures = state_futures(engine, target, evidence)
    assume(len(futures) >= 2)
    found = indicators(engine, futures, observables, evidence, depth=2)
    now = {f.label: f.weight for f in futures}
    for future in futures:
        state = future.label.split("=", 1)[1]
        for signal in found.signals[future.label]:
            finding = {signal.variable: signal.state}
            joint_now = _probability(model, evidence, {target: state})
            if_future = _probability(model, evidence, {target: state, **finding}) / joint_now
            p_finding = _probability(model, evidence, finding)
            otherwise = (p_finding - if_future * now[future.label]) / (1 - now[future.label])
            assert signal.if_future == pytest.approx(if_future, abs=TOL)
            assert signal.otherwise == pytest.approx(otherwise, abs=1e-7)
            then = _probability(model, evidence.merged(Evidence(finding)), {target: state})
            assert signal.then == pytest.approx(then, abs=TOL)
            assert not 1 / DIAGNOSTIC < signal.likelihood_ratio < DIAGNOSTIC
        listed = {(s.variable, s.state) for s in found.signals[future.label]}
        for name in observables:  # every diagnostic finding is listed, none other
            for value in model.variables[name].states:
                if_future = _probability(model, evidence, {target: state, name: value})
                if_future /= _probability(model, evidence, {target: state})
                p_finding = _probability(model, evidence, {name: value})
                if p_finding <= 1e-12 or abs(now[future.label] - 1) < 1e-12:
                    continue
                otherwise = (p_finding - if_future * now[future.label]) / (1 - now[future.label])
                ratio = if_future / otherwise if otherwise > 1e-12 else np.inf
                if abs(ratio - DIAGNOSTIC) > 1e-6 and abs(ratio - 1 / DIAGNOSTIC) > 1e-6:
                    diagnostic = not 1 / DIAGNOSTIC < ratio < DIAGNOSTIC
                    assert ((name, value) in listed) == diagnostic, (name, value, ratio)
    _check_mind_changes(model, evidence, target, observables, found)


@SETTINGS
@given(target_and_observables(), st.data())
def test_hidden_keys_are_every_hidden_state_that_makes_a_future_likely(case, data):
    model, evidence, target, free = case
    observables = data.draw(st.lists(st.sampled_from(free), max_size=len(free), unique=True))
    engine = Engine(model)
    found = hidden_keys(engine, target, evidence, observables)
    fixed = {target, *evidence.hard, *evidence.do, *observables}
    hidden = [n for n in model.names if n not in fixed]
    for state in model.variables[target].states:
        label = f"{target}={state}"
        expected = {}
        for name in hidden:
            for value in model.variables[name].states:
                if _probability(model, evidence, {name: value}) <= 1e-12:
                    continue
                then = _probability(model, evidence, {name: value, target: state})
                then /= _probability(model, evidence, {name: value})
                if then >= LIKELY - 1e-9 and then > expected.get(name, (0.0, ""))[0] + 1e-12:
                    expected[name] = (then, value)
        keys = found.get(label, [])
        assert {k.variable for k in keys} == {n for n, (t, _) in expected.items() if t >= LIKELY}
        bits = {
            r.variable: r.mutual_information
            for r in value_of_information(engine, target, evidence, state, hidden)
        }
        for key in keys:
            assert key.then == pytest.approx(expected[key.variable][0], abs=TOL)
            assert key.bits == pytest.approx(bits[key.variable], abs=TOL)


def _check_mind_changes(model, evidence, target, observables, found) -> None:
    """Each change makes its future the most likely, and no smaller set of findings makes
    that future the most likely."""
    states = model.variables[target].states

    def leader(extra: dict[str, str]) -> str | None:
        ev = evidence.merged(Evidence(extra))
        if _probability(model, evidence, extra) <= 1e-15:
            return None
        joint, _ = enumerate_joint(model, ev)
        shares = marginal(model, joint, [target])
        best = int(np.argmax(shares))
        rest = np.delete(shares, best)
        return f"{target}={states[best]}" if shares[best] > rest.max() + 1e-9 else None

    for change in found.changes:
        assert leader(dict(change.findings)) == change.future
        for size in range(1, len(change.findings)):
            for names in itertools.combinations(observables, size):
                for combo in itertools.product(*(model.variables[n].states for n in names)):
                    assert leader(dict(zip(names, combo, strict=True))) != change.future
    for label in found.unreachable:
        for size in (1, 2):
            for names in itertools.combinations(observables, size):
                for combo in itertools.product(*(model.variables[n].states for n in names)):
                    assert leader(dict(zip(names, combo, strict=True))) != label


def test_secret_pact_signposts_on_the_bundled_model():
    engine = Engine(load_model())
    found = indicators(engine, state_futures(engine, "secret_pact"), engine.model.observables)
    assert found.leading == "secret_pact=none"
    best_for_open = found.signals["secret_pact=open"][0]
    assert best_for_open.finding == "public_statement=welcomes"
    assert best_for_open.likelihood_ratio > 5
    secret = next(c for c in found.changes if c.future == "secret_pact=secret")
    assert ("public_statement", "silent") in secret.findings and secret.cost is not None


def test_one_future_against_the_rest_and_scenarios_as_futures():
    engine = Engine(load_model())
    two = state_futures(engine, "secret_pact", state="secret")
    assert [f.label for f in two] == ["secret_pact=secret", "secret_pact!=secret"]
    assert sum(f.weight for f in two) == pytest.approx(1.0)
    found = indicators(engine, two, engine.model.observables)
    p = found.matrix["secret_pact=secret"][("public_statement", "silent")]
    expected = engine.query({"secret_pact": "secret"}, ["public_statement"])["public_statement"]
    assert p == pytest.approx(expected["silent"], abs=1e-12)
    scenarios = [
        Future("a", Evidence({"pakistan_tolerance": "low"}), 0.5),
        Future("b", Evidence({"public_statement": "silent"}), 0.5),
    ]
    found = indicators(engine, scenarios, engine.model.observables)
    assert found.leading is None  # equal weights: no future leads
    silent = found.matrix["b"][("public_statement", "silent")]
    assert silent == 1.0 and found.matrix["b"][("public_statement", "welcomes")] == 0.0


def test_voi_ranks_observables_per_unit_cost_by_default():
    engine = Engine(load_model())
    observables = engine.model.observables
    rows = value_of_information(engine, "secret_pact", among=observables)
    assert {r.variable for r in rows} == set(observables)
    per_cost = [r.per_cost for r in rows]
    assert per_cost == sorted(per_cost, reverse=True)
    every = {r.variable: r.mutual_information for r in value_of_information(engine, "secret_pact")}
    for row in rows:
        assert row.mutual_information == pytest.approx(every[row.variable], abs=1e-12)
    code, out, err = run_cli(["voi", "-t", "secret_pact", "-f", "json"])
    data = json.loads(out)
    assert code == 0 and data["ranked_by"] == "bits_per_cost" and data["scope"] == "observables"
    assert {v["variable"] for v in data["variables"]} == set(observables)
    code, out, _ = run_cli(["voi", "-t", "secret_pact", "--all", "-f", "json"])
    data = json.loads(out)  # hidden variables have no cost: ranked by bits
    assert data["ranked_by"] == "bits" and data["scope"] == "every variable"
    bits = [v["mutual_information_bits"] for v in data["variables"]]
    assert bits == sorted(bits, reverse=True) and len(bits) == len(engine.model.names) - 1


def test_a_model_without_observables_ranks_every_variable(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(
        "name: plain\nvariables:\n  a: {states: [n, y], cpt: {n: 0.7, y: 0.3}}\n"
        "  b:\n    states: [n, y]\n    parents: [a]\n"
        '    cpt: {table: {"a=n": [0.9, 0.1], "a=y": [0.2, 0.8]}}\n'
    )
    code, out, err = run_cli(["voi", str(path), "-t", "a", "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert [v["variable"] for v in data["variables"]] == ["b"]
    assert data["ranked_by"] == "bits" and "none is marked observable" in data["scope"]


BASE = """name: m
variables:
  a: {{states: [n, y], cpt: {{n: 0.7, y: 0.3}}}}
  b:
    states: [n, y]
    parents: [a]
{extra}
    cpt: {{table: {{"a=n": [0.9, 0.1], "a=y": [0.2, 0.8]}}}}
"""


@pytest.mark.parametrize(
    ("extra", "where", "says"),
    by_message(
        [
            ("    observable: yes please", "7:17", "'observable' is 'yes please'; it must be true"),
            (
                "    observable: true\n    cost: 0",
                "8:11",
                "'cost' is 0; it must be a number above 0",
            ),
            ("    observable: true\n    lead_time: -3", "8:16", "'lead_time' is -3; it must be"),
            ("    cost: 2", "7:5", "'cost' is given but the variable is not marked observable"),
            ("    observable: true\n    cost: .inf", "8:11", "'cost' is inf"),
        ]
    ),
)
def test_bad_collection_fields_are_located(tmp_path, extra, where, says):
    assert_located_error(tmp_path / "m.yaml", BASE.format(extra=extra), where, says)


def test_collection_fields_read_and_round_trip(tmp_path):
    model = parse_model(BASE.format(extra="    observable: true\n    cost: 2.5\n    lead_time: 0"))
    b = model.variables["b"]
    assert (b.observable, b.cost, b.lead_time) == (True, 2.5, 0.0)
    assert model.observables == ["b"]


def test_indicators_command_in_every_format():
    argv = ["indicators", "-t", "secret_pact", "-n", "2"]
    code, out, err = run_cli([*argv, "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["leading"] == "secret_pact=none" and data["change_my_mind"]
    code, out, _ = run_cli([*argv, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["kind"] for r in rows} == {"signpost", "warning"} and len(rows) <= 3 * 4
    code, out, _ = run_cli([*argv, "-f", "markdown"])
    assert "**What would change my mind" in out
    code, out, _ = run_cli([*argv])
    assert max(len(line) for line in out.splitlines()) <= 80 and "…" not in out
    code, out, _ = run_cli(["indicators", "-t", "secret_pact=secret", "--matrix", "-f", "csv"])
    assert out.splitlines()[0] == "finding,secret,not secret,max/min,model,evidence"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["indicators"], "give one of -t VAR[=STATE] or --scenarios FILE"),
        (["indicators", "-t", "secret_pakt"], "Did you mean 'secret_pact'"),
        (["indicators", "-t", "secret_pact="], "names no state"),
        (["indicators", "-t", "secret_pact", "--depth", "9"], "--depth"),
    ],
)
def test_indicators_bad_input_exits_2(argv, says):
    code, out, err = run_cli(argv)
    assert (code, out) == (2, "") and says in err and "Traceback" not in err


def test_indicators_over_scenarios(tmp_path):
    file = str(ROOT / "examples" / "khorasan-scenarios.yaml")
    code, out, err = run_cli(["indicators", "--scenarios", file, "-s", "status_quo", "-f", "json"])
    assert code == 2 and "at least two futures" in err
    code, out, err = run_cli(["indicators", "--scenarios", file, "-s", "nope", "-s", "x"])
    assert code == 2 and "no scenario 'nope'" in err
    argv = ["indicators", "--scenarios", file, "-s", "status_quo", "-s", "is_demands_submission"]
    code, out, err = run_cli([*argv, "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert [f["future"] for f in data["futures"]] == ["status_quo", "is_demands_submission"]
    assert data["leading"] is None


@SETTINGS
@given(target_and_observables())
def test_signposts_between_futures_are_the_largest_enumerated_ratios(case):
    model, evidence, target, observables = case
    engine = Engine(model)
    found = most_likely_futures(engine, [target], 3, evidence)
    futures = [Future(f"#{i}", Evidence(f.states), f.probability) for i, f in enumerate(found)]
    assume(all(f.weight > 1e-9 for f in futures))
    pairs = contrasts(engine, futures, observables, evidence)
    assert len(pairs) == len(futures) - 1

    def given_future(future, finding):
        joint = _probability(model, evidence, future.evidence.hard)
        return _probability(model, evidence, {**future.evidence.hard, **finding}) / joint

    for i, pair in enumerate(pairs):
        first, second = futures[i], futures[i + 1]
        ratios = {}
        for name in observables:
            for state in model.variables[name].states:
                a, b = given_future(first, {name: state}), given_future(second, {name: state})
                ratios[(name, state)] = a / b if b > 0 else (np.inf if a > 0 else 0.0)
        best = max(ratios.values())
        if pair.for_first is None:
            assert best < DIAGNOSTIC + 1e-9  # none tells them apart enough to watch
        else:
            finding, ratio = pair.for_first
            assert ratio == pytest.approx(best, rel=1e-7) or (np.isinf(ratio) and np.isinf(best))
            assert ratios[finding] == pytest.approx(ratio, rel=1e-7) or np.isinf(ratio)


def test_the_search_for_what_would_change_my_mind_stops_at_the_limit(monkeypatch):
    monkeypatch.setenv("SCENARIOS_MAX_FINDING_SETS", "100")
    engine = Engine(load_model())
    found = indicators(engine, state_futures(engine, "secret_pact"), engine.model.observables)
    assert found.searched == 1 and found.depth == 3
    assert "secret_pact=secret" in found.unreachable
    code, out, _ = run_cli(["indicators", "-t", "secret_pact"])
    assert code == 0 and "SCENARIOS_MAX_FINDING_SETS" in out


def test_a_variable_with_only_an_unreliable_report_stays_collectable():
    """A soft report on an indicator leaves it a candidate: the truth would still tell."""
    argv = [
        "indicators",
        "-t",
        "secret_pact",
        "-f",
        "json",
        "-e",
        "taliban_is_clashes~rare:0.4,frequent:0.6",
    ]
    code, out, err = run_cli(argv)
    data = json.loads(out)
    assert code == 0, err
    assert "taliban_is_clashes" in data["observables"]
    listed = {s["variable"] for signals in data["signals"].values() for s in signals}
    assert "taliban_is_clashes" in listed
    code, out, _ = run_cli(["voi", "-t", "secret_pact", "-f", "json", "-e", argv[-1]])
    assert code == 0 and "taliban_is_clashes" in {
        r["variable"] for r in json.loads(out)["variables"]
    }


def test_indicators_say_plainly_which_future_nothing_available_makes_likely():
    code, out, err = run_cli(["indicators", "-t", "secret_pact", "-f", "json"])
    data = json.loads(out)
    assert code == 0, err
    (secret,) = [n for n in data["not_likely"] if n["future"] == "secret_pact=secret"]
    assert secret["best_probability"] < LIKELY and secret["hidden"] == []
    assert "secret_pact=none" not in {n["future"] for n in data["not_likely"]}  # likely now
    code, out, _ = run_cli(["indicators", "-t", "secret_pact"])
    flat = " ".join(out.split())
    assert "No set of 3 or fewer available observations makes secret likely (55% or more)" in flat
    assert "Nor would knowing any single hidden variable make secret likely." in flat


@SETTINGS
@given(mixed_evidence(max_nodes=5), st.integers(1, 3))
def test_finding_likelihoods_equal_enumeration(case, size):
    """P(findings | evidence) for every set of ``size`` findings on distinct variables, those
    the evidence fixes, weighs (soft) or forces among them: one query per future and first
    findings, the last finding read from its posterior."""
    assume(possible(case))
    model, evidence = case
    assume(len(model.names) >= size)
    engine = Engine(model)
    combos = [
        tuple(zip(names, states, strict=True))
        for names in itertools.combinations(model.names, size)
        for states in itertools.product(*(model.variables[n].states for n in names))
    ]
    found = finding_likelihoods(engine, [engine.resolve(evidence)], combos)
    for j, combo in enumerate(combos):
        assert found[0, j] == pytest.approx(_probability(model, evidence, dict(combo)), abs=TOL)
