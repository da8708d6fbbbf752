"""Each rule has one home, and every path that applies it agrees with that home: likelihoods
of soft findings (Variable.likelihoods) through the engine, the CLI and scenario files;
positive numbers (is_positive_number) through confidences and strengths; the shown size of a
change (SHOWN_CHANGE) through its text and colour; Engine.check against Engine.query."""

from __future__ import annotations

import json
import math
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run_cli
from scenarios import Engine, Evidence, ModelError, QueryError, parse_model
from scenarios.core.bars import change_style, signed_points
from scenarios.core.numbers import is_positive_number
from scenarios.model.fields import FIELD
from scenarios.model.schema import Variable

from strategies import network_and_evidence, networks

A = "{states: [x, y], cpt: {x: 0.5, y: 0.5}}"
RAIN_MODEL = "name: m\nvariables:\n  rain: {states: [no, yes], cpt: {no: 0.8, yes: 0.2}}\n"
RAIN = Variable("rain", ("no", "yes"), (), np.array([0.8, 0.2]))
VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-3, 10**6),
    st.booleans(),
    st.none(),
    st.sampled_from(["", "a", "1", "high"]),
)


def yaml_scalar(value: object) -> str:
    """How a value is spelt in YAML (JSON's spelling, with YAML's for NaN and infinities)."""
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    return json.dumps(value)


def valid_likelihoods(values: list) -> bool:
    numbers = [
        v for v in values if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
    ]
    return (
        len(numbers) == len(values)
        and all(math.isfinite(v) for v in numbers)
        and any(v > 0 for v in numbers)
    )


@given(st.dictionaries(st.sampled_from(["no", "yes"]), VALUES, min_size=1))
def test_likelihoods_are_checked_in_one_place_and_the_engine_agrees(per_state):
    engine = Engine(
        parse_model("name: m\nvariables:\n  rain: {states: [no, yes], cpt: {no: 0.8, yes: 0.2}}")
    )
    ok = valid_likelihoods(list(per_state.values()))
    if ok:
        vector = RAIN.likelihoods(per_state)
        assert math.isclose(vector.sum(), 1.0) and (vector >= 0).all()
        result = engine.query(Evidence(soft={"rain": per_state}))
        assert math.isclose(sum(result["rain"].values()), 1.0)
    else:
        with pytest.raises(QueryError, match="soft evidence on 'rain'"):
            RAIN.likelihoods(per_state)
        with pytest.raises(QueryError, match="soft evidence on 'rain'"):
            engine.query(Evidence(soft={"rain": per_state}))


@settings(max_examples=40, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(0, 10))
def test_the_cli_and_scenario_files_take_the_same_likelihoods(tmp_path_factory, first, second):
    folder = tmp_path_factory.mktemp("rules")
    model = folder / "m.yaml"
    model.write_text(RAIN_MODEL)
    ok = valid_likelihoods([first, second])
    code, _, err = run_cli(["query", str(model), "-e", f"rain~no:{first!r},yes:{second!r}"])
    assert (code == 0) == ok, err
    scenarios = folder / "s.yaml"
    scenarios.write_text(
        textwrap.dedent(
            f"""\
            model: m.yaml
            scenarios:
              soft:
                evidence: {{rain: {{no: {first!r}, yes: {second!r}}}}}
            """
        )
        .replace("nan", ".nan")
        .replace("inf", ".inf")
    )
    code, _, err = run_cli(["compare", str(scenarios), "-f", "json"])
    assert (code == 0) == ok, err


@given(VALUES.filter(lambda v: v is not None), st.sampled_from(["confidence", "strength"]))
def test_positive_numbers_are_one_rule_for_strength_and_confidences_rule_for_confidence(value, key):
    """A strength is any positive number; a confidence one in CONFIDENCE_RANGE (an
    equivalent sample size from a millionth of a case to a billion cases: beyond, the
    Dirichlet draws and the log-gamma of the learning report lose their meaning).
    (``confidence: null`` means none given.)"""
    if key == "confidence":
        text = f"name: m\nconfidence: {yaml_scalar(value)}\nvariables:\n  a: {A}"
    else:
        text = (
            f"name: m\nvariables:\n  a: {A}\n  b:\n    states: [lo, hi]\n    parents: [a]\n"
            "    cpt:\n      influences:\n        baseline: {lo: 0.5, hi: 0.5}\n"
            f"        parents: {{a: {{effect: increases, strength: {yaml_scalar(value)}}}}}\n"
        )
    try:
        parse_model(text)
    except ModelError as exc:
        accepted = False
        assert key in str(exc), exc
    else:
        accepted = True
    assert accepted == (
        FIELD["confidence"].check(value) if key == "confidence" else is_positive_number(value)
    )


@given(st.floats(-1, 1))
def test_a_change_shown_as_zero_is_coloured_as_no_change(change):
    assert (signed_points(change) == "0.0 pp") == (change_style(change) == "dim")


@settings(max_examples=60, deadline=None)
@given(network_and_evidence(), st.sampled_from(["v0", "v9", "nope"]))
def test_a_prepared_question_raises_exactly_what_query_would(case, target):
    model, evidence = case
    engine = Engine(model)
    try:
        expected = engine.query(evidence, [target])
    except QueryError as exc:
        with pytest.raises(type(exc)) as caught:
            engine.prepare(evidence, [target])
        assert str(caught.value) == str(exc)
    else:
        question = engine.prepare(evidence, [target])
        assert question.targets == (target,) and list(expected.posteriors) == [target]
        assert question.probability == pytest.approx(expected.probability_of_evidence, rel=1e-9)
        answered = engine.query(question)
        assert answered[target] == pytest.approx(expected[target], rel=1e-9, abs=1e-12)


@given(networks(max_nodes=3))
def test_a_distribution_is_the_states_in_model_order(model):
    for var in model.variables.values():
        row = var.cpt.reshape(-1, var.cardinality)[0]
        assert list(var.distribution(row)) == list(var.states)
        assert list(var.distribution(row).values()) == row.tolist()
