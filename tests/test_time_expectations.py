"""Expectations in a time-sliced model: `at SLICE` (the state in that slice, by label or index)
and `by SLICE` (a state reached at some slice up to that one), checked against direct
queries and the forecast's "reached by"; located errors for a slice the model lacks, a
changing variable without a slice, a static model given a slice."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import ROOT, run_cli
from scenarios import Engine, load_model
from scenarios.analysis.check import check_expectations
from scenarios.analysis.forecast import forecast
from scenarios.io.scenariofile import parse_scenario_text
from scenarios.model.evidence import Evidence
from scenarios.model.expectations import parse_expectation

SCENARIOS = """model: khorasan-quarterly
baseline: quiet
scenarios:
  quiet:
    description: nothing observed
  money:
    description: IS money arrives
    evidence: {is_funding: high}
    expect:
      - "P(defection_rate=high) rises by at least 5 pp at 2016Q2 vs baseline"
      - "P(secret_pact=secret) > 0.2 by 2016Q2"
      - "P(secret_pact=secret) falls by at least 0 by 3"
      - "E[defection_rate] > 0.5 at 2"
      - "P(defection_rate@5=high) > 0.5"
      - "P(is_funding=high) >= 1 in 2015Q4"
"""


@pytest.fixture(scope="module")
def quarterly():
    return load_model("khorasan-quarterly")


def test_at_and_by_equal_the_slices_posterior_and_the_forecasts_reached_by(quarterly, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIOS)
    scenario_set = parse_scenario_text(SCENARIOS, path)
    engine = Engine(quarterly)
    found = check_expectations(engine, scenario_set)
    money, quiet = Evidence(hard={"is_funding": "high"}), Evidence()
    at_last = engine.query(money)["defection_rate@2016Q2"]["high"]
    assert found[0].value == pytest.approx(at_last, abs=1e-12)
    assert found[0].reference == pytest.approx(
        engine.query(quiet)["defection_rate@2016Q2"]["high"], abs=1e-12
    )
    (reached,) = forecast(engine, engine.prepare(money), [("secret_pact", "secret")])
    (before,) = forecast(engine, engine.prepare(quiet), [("secret_pact", "secret")])
    assert found[1].value == pytest.approx(reached.reached[-1], abs=1e-12)
    assert found[2].value == pytest.approx(reached.reached[3], abs=1e-12)
    assert found[2].reference == pytest.approx(before.reached[3], abs=1e-12)
    assert found[2].passed == (reached.reached[3] < before.reached[3])
    levels = engine.query(money)["defection_rate@2015Q3"]
    assert found[3].value == pytest.approx(0.5 * levels["medium"] + levels["high"], abs=1e-12)
    assert found[4].value == pytest.approx(at_last, abs=1e-12)
    assert found[5].value == pytest.approx(1.0) and found[5].passed


@given(st.sampled_from(["at", "in", "by"]), st.sampled_from(["2016Q2", "5", "0"]))
def test_a_slice_clause_leaves_the_rest_of_the_statement_as_it_was(when, label):
    for text in (
        "P(secret_pact=secret) > 0.3",
        "P(secret_pact=secret) rises by at least 5 pp vs baseline",
        "P(secret_pact=secret) falls by at least 0.02",
    ):
        plain = parse_expectation(text)
        timed = parse_expectation(f"{text} {when} {label}")
        assert (timed.slice, timed.by) == (label, when == "by")
        assert (timed.measure, timed.operator, timed.threshold) == (
            plain.measure,
            plain.operator,
            plain.threshold,
        )
        assert (timed.direction, timed.size, timed.share) == (
            plain.direction,
            plain.size,
            plain.share,
        )


@pytest.mark.parametrize(
    ("model", "expectation", "says"),
    [
        ("khorasan-quarterly", "P(defection_rate=high) > 0.5", "changes over time: say when"),
        ("khorasan-quarterly", "P(defection_rate=high) > 0.5 at 2017Q1", "no slice '2017Q1'"),
        ("khorasan-quarterly", "P(defection_rate@2=high) > 0.5 at 2", "names its slice already"),
        ("khorasan-quarterly", "E[defection_rate] > 0.5 by 3", "needs P(defection_rate=STATE)"),
        ("khorasan-quarterly", "P(nothing=high) > 0.5 at 2", "unknown variable 'nothing'"),
        ("khorasan", "P(defection_rate=high) > 0.5 at 2016Q2", "the model has none"),
        (
            "khorasan-quarterly",
            "P(secret_pact=secret) > 0.3 by 2 in at least 90% of draws",
            "cannot be checked over draws",
        ),
    ],
)
def test_slice_mistakes_are_located(tmp_path, model, expectation, says):
    path = tmp_path / "s.yaml"
    path.write_text(f'model: {model}\nscenarios:\n  a:\n    expect:\n      - "{expectation}"\n')
    code, out, err = run_cli(["check", str(path)])
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"{path}:5:9:" in err and says in err, err


def test_check_reports_slices_in_json(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIOS)
    code, out, err = run_cli(["check", str(path), "-f", "json"])
    assert code == 0, err
    texts = [e["text"] for e in json.loads(out)["expectations"]]
    assert "P(secret_pact=secret) > 0.2 by 2016Q2" in texts


def test_the_quarterly_example_scenarios_hold():
    path = ROOT / "examples" / "khorasan-quarterly-scenarios.yaml"
    code, out, err = run_cli(["check", str(path), "-f", "json"])
    assert code == 0, out + err
    assert json.loads(out)["failed"] == 0
