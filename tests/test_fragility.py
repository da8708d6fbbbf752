"""Parameter sensitivity (`scenarios fragility`): the sensitivity function of every table
entry against enumeration of the network with that entry changed (its row co-varied
proportionally) at random values, its derivative against finite differences, the threshold
and flip points where they say, and every entry left out of the list moving nothing; under
hard, soft and do evidence."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal, mixed_evidence, possible
from helpers import run_cli
from scenarios import Engine, load_model
from scenarios.analysis.fragility import EDGE, fragility

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _changed(model, name, index, theta):
    """The model with entry ``index`` of ``name``'s table at ``theta``, its row's other
    entries scaled by (1 - theta) / (1 - theta0)."""
    var = model.variables[name]
    table = var.cpt.copy()
    row = index[:-1]
    theta0 = table[index]
    table[row] = table[row] * (1 - theta) / (1 - theta0)
    table[index] = theta
    return replace(model, variables={**model.variables, name: replace(var, cpt=table)})


def _judgement(model, evidence, target, state):
    joint, mass = enumerate_joint(model, evidence)
    if mass <= 1e-12:
        return None
    return float(marginal(model, joint, [target])[model.variables[target].state_index(state)])


@st.composite
def cases(draw):
    case = draw(mixed_evidence(max_nodes=5))
    assume(possible(case))
    model, evidence = case
    free = [n for n in model.names if n not in {*evidence.hard, *evidence.do}]
    assume(free)
    target = draw(st.sampled_from(free))
    state = draw(st.sampled_from(model.variables[target].states))
    return model, evidence, target, state, draw(st.sampled_from([0.3, 0.5, 0.7]))


@SETTINGS
@given(cases(), st.data())
def test_the_sensitivity_function_equals_enumeration(case, data):
    model, evidence, target, state, threshold = case
    engine = Engine(model)
    found = fragility(engine, engine.prepare(evidence), target, state, threshold)
    assert found.current == pytest.approx(_judgement(model, evidence, target, state), abs=1e-9)
    for p in found.parameters:
        var = model.variables[p.variable]
        parents = [model.variables[q].states for q in var.parents]
        index = (
            *(states.index(s) for states, (_, s) in zip(parents, p.row, strict=True)),
            var.states.index(p.state),
        )

        def at(theta, name=p.variable, index=index):
            return _judgement(_changed(model, name, index, theta), evidence, target, state)

        theta = data.draw(st.floats(0, 1))
        expected = at(theta)
        if expected is not None:
            assert p.judgement(theta) == pytest.approx(expected, abs=1e-9)
        step = min(1e-6, p.value / 2, (1 - p.value) / 2)
        up, down = at(p.value + step), at(p.value - step)
        if up is not None and down is not None:
            assert p.derivative == pytest.approx((up - down) / (2 * step), rel=1e-4, abs=1e-5)
        if p.to_threshold is not None:
            assert at(p.to_threshold) == pytest.approx(threshold, abs=1e-9)


@SETTINGS
@given(cases(), st.data())
def test_an_entry_left_out_moves_nothing(case, data):
    model, evidence, target, state, threshold = case
    engine = Engine(model)
    found = fragility(engine, engine.prepare(evidence), target, state, threshold)
    listed = {(p.variable, p.row, p.state) for p in found.parameters}
    name = data.draw(st.sampled_from(model.names))
    var = model.variables[name]
    index = data.draw(st.sampled_from(list(np.ndindex(*var.cpt.shape))))
    assume(EDGE < var.cpt[index] < 1 - EDGE and not (var.cardinality == 2 and index[-1]))
    row = tuple(
        (q, model.variables[q].states[k]) for q, k in zip(var.parents, index[:-1], strict=True)
    )
    assume((name, row, var.states[index[-1]]) not in listed)
    theta = data.draw(st.floats(0, 1))
    moved = _judgement(_changed(model, name, index, theta), evidence, target, state)
    assume(moved is not None)
    assert moved == pytest.approx(found.current, abs=1e-9)


def test_a_flip_point_ties_the_states():
    model = load_model("khorasan")
    engine = Engine(model)
    found = fragility(engine, engine.prepare({"is_funding": "high"}), "defection_rate", "high")
    flipping = next(p for p in found.parameters if p.to_flip is not None)
    lines = dict(
        zip(
            [s for s in model.variables["defection_rate"].states if s != "high"],
            flipping.others,
            strict=True,
        )
    ) | {"high": flipping.numerator}
    at = flipping.to_flip
    assert lines[flipping.flips_to].at(at) == pytest.approx(lines[found.leader].at(at), abs=1e-12)


def test_the_command_in_every_format():
    argv = ["fragility", "-t", "defection_rate=high", "-e", "is_funding=high"]
    code, out, err = run_cli(argv)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "defection_rate=high" in out
    code, out, err = run_cli([*argv, "-f", "json"])
    data = json.loads(out)
    assert data["target"] == "defection_rate" and data["parameters"]
    code, out, err = run_cli([*argv, "-f", "csv", "--top", "5"])
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 6 and rows[0][0] == "variable"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["-t", "defection_rate"], "VAR=STATE"),
        (["-t", "nothing=high"], "unknown variable 'nothing'"),
        (["-t", "defection_rate=nope"], "'nope'"),
        (["-t", "defection_rate=high", "--threshold", "1.5"], "between 0 and 1"),
        (["-t", "defection_rate=high", "-e", "defection_rate=low"], "observed"),
    ],
)
def test_bad_input_exits_2(argv, says):
    code, out, err = run_cli(["fragility", *argv])
    assert code == 2 and out == "" and says in err, err
