"""Several analysts, one model: analyst files read and checked with located errors, linear and
logarithmic pools against a hand computation, a property that a linearly pooled root lies
between the analysts, identical analysts disagreeing by nothing, `pool`, `disagree` and
`--analysts` on the command line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, run_cli
from scenarios import Engine, parse_model
from scenarios.analysis.disagree import disagree
from scenarios.analysis.pool import checked_weights, pool
from scenarios.core.errors import QueryError
from scenarios.io.analyst_file import read_analysts
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure

ANALYSTS = ROOT / "examples" / "analysts"
SMALL = """name: small
variables:
  a: {states: [x, y], cpt: [0.5, 0.5]}
  b:
    states: [lo, hi]
    parents: [a]
    cpt: {table: {"a=x": [0.9, 0.1], "a=y": [0.3, 0.7]}}
"""


def _write(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(body)
    return path


def _small(tmp_path, first=(0.2, 0.8), second=(0.6, 0.4)):
    model = parse_model(SMALL, "small.yaml")
    folder = tmp_path / "analysts"
    for name, row in (("ann", first), ("ben", second)):
        _write(folder, name, f"variables:\n  a: {{reason: r, cpt: [{row[0]}, {row[1]}]}}\n")
    return model, read_analysts([folder], model)


def test_pools_equal_a_hand_computation(tmp_path):
    model, analysts = _small(tmp_path)
    linear = pool(model, analysts, "linear", np.array([0.25, 0.75]))
    assert linear.variables["a"].cpt.tolist() == pytest.approx(
        [0.25 * 0.2 + 0.75 * 0.6, 0.25 * 0.8 + 0.75 * 0.4]
    )
    log = pool(model, analysts, "log", np.array([0.5, 0.5]))
    x, y = math.sqrt(0.2 * 0.6), math.sqrt(0.8 * 0.4)
    assert log.variables["a"].cpt.tolist() == pytest.approx([x / (x + y), y / (x + y)])
    assert linear.variables["b"].cpt.tolist() == model.variables["b"].cpt.tolist()  # not assessed


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.floats(0.01, 0.99), min_size=2, max_size=4),
    st.lists(st.floats(0.05, 1.0), min_size=4, max_size=4),
)
def test_a_linearly_pooled_root_lies_between_the_analysts(tmp_path_factory, rows, raw):
    tmp_path = tmp_path_factory.mktemp("pool")
    model = parse_model(SMALL, "small.yaml")
    folder = tmp_path / "analysts"
    for i, p in enumerate(rows):
        _write(folder, f"a{i}", f"variables:\n  a: {{reason: r, cpt: [{p}, {1 - p}]}}\n")
    analysts = read_analysts([folder], model)
    weights = np.array(raw[: len(rows)]) / sum(raw[: len(rows)])
    pooled = pool(model, analysts, "linear", weights)
    answer = Engine(pooled).query({}, ["a"])["a"]["x"]
    assert min(rows) - 1e-12 <= answer <= max(rows) + 1e-12


def test_identical_analysts_disagree_by_nothing(tmp_path):
    model, analysts = _small(tmp_path, first=(0.3, 0.7), second=(0.3, 0.7))
    found = disagree(model, analysts, Measure("b", "hi"), Evidence())
    assert all(t.spread == pytest.approx(0.0, abs=1e-15) for t in found.tables)
    assert found.by_analyst["ann"] == pytest.approx(found.by_analyst["ben"])
    assert found.pooled == pytest.approx(found.by_analyst["ann"])


def test_each_table_alone_follows_each_analyst(tmp_path):
    model, analysts = _small(tmp_path)
    found = disagree(model, analysts, Measure("b", "hi"), Evidence({"a": "x"}))
    (table,) = found.tables
    assert table.spread == pytest.approx(0.0)  # a is observed: its table cannot move b
    found = disagree(model, analysts, Measure("b", "hi"), Evidence())
    assert found.tables[0].values["ann"] == pytest.approx(0.2 * 0.1 + 0.8 * 0.7)
    assert found.tables[0].values["ben"] == pytest.approx(0.6 * 0.1 + 0.4 * 0.7)


@pytest.mark.parametrize(
    ("body", "where", "says"),
    [
        ("variables:\n  nope: {reason: r, cpt: [0.5, 0.5]}\n", "2:", "unknown variable 'nope'"),
        ("variables:\n  a: {reason: r, cpt: {x: 0.5, z: 0.5}}\n", "2:", "z"),
        ("variables:\n  a: {reason: r, cpt: [0.5, 0.6]}\n", "2:", "sum"),
        ("variables:\n  a: {cpt: [0.5, 0.5]}\n", "2:", "reason"),
        ("variables:\n  a: {reason: r}\n", "2:", "nothing assessed"),
        ("variables:\n  b: {reason: r, cpt: {table: {'c=x': [0.5, 0.5]}}}\n", "2:", "c"),
        (
            "model: other\nvariables:\n  a: {reason: r, cpt: [0.5, 0.5]}\n",
            "1:",
            "assesses model 'other'",
        ),
        ("variables:\n  a: {reason: r, cpt: [0.5, 0.5], strength: 3}\n", "2:", "strength"),
    ],
)
def test_analyst_mistakes_are_located(tmp_path, body, where, says):
    model_path = tmp_path / "small.yaml"
    model_path.write_text(SMALL)
    analyst = _write(tmp_path / "team", "ann", body)
    out = tmp_path / "pooled.yaml"
    code, stdout, err = run_cli(["pool", str(model_path), str(analyst), "-o", str(out)])
    assert code == 2 and stdout == "" and "Traceback" not in err
    assert f"{analyst}:{where}" in err and says in err, err
    assert not out.exists()


def test_two_files_of_one_analyst_and_bad_weights_are_refused(tmp_path):
    model, analysts = _small(tmp_path)
    _write(
        tmp_path / "analysts",
        "copy",
        "analyst: ann\nvariables:\n  a: {reason: r, cpt: [0.5, 0.5]}\n",
    )
    model_path = tmp_path / "small.yaml"
    model_path.write_text(SMALL)
    code, _, err = run_cli(
        ["pool", str(model_path), str(tmp_path / "analysts"), "-o", str(tmp_path / "p.yaml")]
    )
    assert code == 2 and "analyst 'ann' has a file already" in err
    with pytest.raises(QueryError, match="one weight per analyst"):
        checked_weights(analysts, {"ann": 1.0})
    with pytest.raises(QueryError, match="sum to 1"):
        checked_weights(analysts, {"ann": 0.5, "ben": 0.6})


def test_pool_and_analysts_on_the_command_line(tmp_path):
    out = tmp_path / "pooled.yaml"
    files = [str(ANALYSTS / "alice.yaml"), str(ANALYSTS / "bob.yaml")]
    code, _, err = run_cli(
        ["pool", "khorasan", *files, "--weights", "alice=0.7,bob=0.3", "-o", str(out)]
    )
    assert code == 0, err
    pooled = json.loads(
        run_cli(["query", str(out), "-t", "leadership_visibility", "-f", "json"])[1]
    )
    assert pooled["posteriors"]["leadership_visibility"]["low"] == pytest.approx(
        0.7 * 0.85 + 0.3 * 0.5
    )
    equal = json.loads(
        run_cli(
            ["query", "--analysts", str(ANALYSTS), "-t", "leadership_visibility", "-f", "json"]
        )[1]
    )
    assert equal["posteriors"]["leadership_visibility"]["low"] == pytest.approx(
        0.5 * 0.85 + 0.5 * 0.5
    )
    code, out_text, err = run_cli(
        ["disagree", "--analysts", str(ANALYSTS), "-t", "defection_rate=high"]
    )
    assert code == 0, err
    assert max(len(line) for line in out_text.splitlines()) <= 80
    assert out_text.index("leadership_visibility") < out_text.index("is_funding")
    code, _, err = run_cli(["disagree", "-t", "defection_rate=high"])
    assert code == 2 and "--analysts DIR" in err


def test_the_briefing_says_where_the_analysts_disagree(tmp_path):
    path = tmp_path / "b.md"
    scenarios = ROOT / "examples" / "khorasan-scenarios.yaml"
    argv = ["brief", str(scenarios), "--analysts", str(ANALYSTS), "--draws", "100", "-o", str(path)]
    code, _, err = run_cli(argv)
    assert code == 0, err
    section = path.read_text().split("## Where the analysts disagree", 1)[1]
    assert "| leadership_visibility |" in section and "alice" in section and "pooled" in section


def test_show_lists_who_assessed_what():
    code, out, err = run_cli(["show", "--analysts", str(ANALYSTS), "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert {a["analyst"] for a in data["analysts"]} == {"alice", "bob"}
    bob = next(a for a in data["analysts"] if a["analyst"] == "bob")
    assert bob["assessed"]["is_funding"]["confidence"] == 15


def test_the_explorers_side_panel_lists_who_assessed_the_variable():
    from rich.console import Console

    from scenarios.cli.explore import open_session
    from scenarios.cli.options import Findings, ModelSource
    from scenarios.explore.views import detail_view

    session = open_session(None, ModelSource(analysts=ANALYSTS), Findings())
    console = Console(width=60, record=True)
    console.print(detail_view(session, "leadership_visibility"))
    text = console.export_text()
    assert "Assessed by" in text and "alice:" in text and "bob:" in text
    console.print(detail_view(session, "defection_rate"))
    assert console.export_text().count("Assessed by") == 0  # nobody assessed it
    low = session.model.variables["leadership_visibility"].cpt[0]
    assert low == pytest.approx(0.5 * 0.85 + 0.5 * 0.5)  # the pooled table


@pytest.mark.parametrize(
    "argv",
    [
        ["compare", str(ROOT / "examples" / "khorasan-scenarios.yaml"), "-t", "defection_rate"],
        ["check", str(ROOT / "examples" / "khorasan-scenarios.yaml"), "--draws", "50"],
        ["track", str(ROOT / "examples" / "khorasan-journal.yaml"), "-t", "secret_pact"],
        ["score", str(ROOT / "examples" / "khorasan-journal.yaml")],
        ["sensitivity", "-t", "defection_rate"],
        ["forecast", "-t", "defection_rate=high"],
    ],
)
def test_every_command_that_answers_on_a_model_takes_analysts(argv):
    code, out, err = run_cli([*argv, "--analysts", str(ANALYSTS), "-f", "json"])
    assert code in (0, 1), err  # check exits 1 when an expectation fails on the pool
    assert "3 tables pooled (linear) from the analysts alice, bob" in err
    json.loads(out)
