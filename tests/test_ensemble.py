"""Exploratory ensembles and scenario discovery: every member's numbers against direct
queries (on the model's tables, and on the same draws of the tables), parts that can run in
any order and resume, results folders of another ensemble refused, and PRIM's box where the
outcome was built to depend on one driver."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from helpers import run_cli
from scenarios import Engine, load_model
from scenarios.analysis import ensemble as ens
from scenarios.analysis.discover import Concern, discover, parse_concern
from scenarios.core.errors import QueryError

pytest.importorskip("pyarrow")


def _spec(**kw):
    base = {"vary": ("is_funding", "troop_drawdown"), "targets": ("defection_rate",)}
    return ens.EnsembleSpec(**(base | kw))


def test_a_grid_on_the_models_tables_equals_direct_queries():
    model = load_model()
    engine = Engine(model)
    spec = ens.checked_spec(model, _spec())
    (part,) = ens.parts(model, spec)
    columns = ens.answer_part(ens.context(model, spec), spec, part)
    assert len(columns["setting"]) == 9 and set(columns["draw"]) == {-1}
    for i in range(9):
        evidence = {
            "is_funding": columns["is_funding"][i],
            "troop_drawdown": columns["troop_drawdown"][i],
        }
        expected = engine.query(evidence, ["defection_rate"])["defection_rate"]
        for state, p in expected.items():
            assert columns[f"defection_rate={state}"][i] == pytest.approx(p, abs=1e-12)


def test_members_on_draws_are_the_settings_on_the_same_tables():
    model = load_model()
    engine = Engine(model)
    spec = ens.checked_spec(model, _spec(draws=7, seed=3))
    drawn = ens.tables_drawn(model, spec)
    (part,) = ens.parts(model, spec)
    columns = ens.answer_part(ens.Context(engine, drawn), spec, part)
    assert len(columns["setting"]) == 9 * 7
    for row in (0, 8, 30, 62):
        j = columns["draw"][row]
        tables = {n: a[j : j + 1] for n, a in drawn.items()}
        evidence = {
            "is_funding": columns["is_funding"][row],
            "troop_drawdown": columns["troop_drawdown"][row],
        }
        answers, _ = engine.query_draws(evidence, ["defection_rate"], tables)
        for k, state in enumerate(model.variables["defection_rate"].states):
            assert columns[f"defection_rate={state}"][row] == pytest.approx(
                answers["defection_rate"][0, k], abs=1e-12
            )


def test_parts_give_the_same_rows_whatever_their_order(monkeypatch):
    model = load_model()
    engine = Engine(model)
    monkeypatch.setattr(ens, "ROWS_PER_PART", 40)
    spec = ens.checked_spec(model, _spec(beliefs=True, samples=30, draws=4, seed=9))
    drawn = ens.tables_drawn(model, spec)
    work = ens.parts(model, spec)
    assert len(work) > 2
    forward = [ens.answer_part(ens.Context(engine, drawn), spec, p) for p in work]
    backward = [ens.answer_part(ens.context(model, spec), spec, p) for p in reversed(work)][::-1]
    for a, b in zip(forward, backward, strict=True):
        for name in a:
            assert np.array_equal(a[name], b[name], equal_nan=True), name
    beliefs = forward[0]
    total = sum(beliefs[f"is_funding={s}"] for s in model.variables["is_funding"].states)
    assert np.allclose(total, 1.0)


def test_the_command_writes_resumes_and_refuses_another_ensemble(tmp_path):
    folder = tmp_path / "runs"
    argv = [
        "ensemble",
        "-v",
        "is_funding",
        "-v",
        "troop_drawdown",
        "-t",
        "defection_rate",
        "--draws",
        "20",
        "-o",
        str(folder),
    ]
    code, _, err = run_cli(argv)
    assert code == 0, err
    header = json.loads((folder / "ensemble.json").read_text())
    assert header["model"] == "khorasan" and header["spec"]["draws"] == 20
    first = (folder / "part-00000.parquet").read_bytes()
    (folder / "part-00000.parquet").unlink()
    code, _, err = run_cli(argv)
    assert code == 0 and "0 found done" not in err
    assert (folder / "part-00000.parquet").read_bytes() == first  # the same numbers again
    code, _, err = run_cli([*argv[:-4], "--draws", "21", "-o", str(folder)])
    assert code == 2 and "holds an ensemble of khorasan" in err
    other = tmp_path / "busy"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    code, _, err = run_cli([*argv[:-1], str(other)])
    assert code == 2 and "not empty" in err


def test_prim_finds_the_driver_the_outcome_depends_on():
    rng = np.random.default_rng(4)
    n = 3000
    a = rng.choice(["low", "high"], n)
    b = rng.choice(["x", "y", "z"], n)
    p = np.where(a == "high", 0.8, 0.2) + rng.normal(0, 0.05, n)
    columns = {"a": a.astype(object), "b": b.astype(object), "t=yes": p}
    found = discover(columns, ["a", "b"], Concern("t", "yes", ">", 0.5))
    assert [(r.driver, r.states) for r in found.box] == [("a", ("high",))]
    assert found.density > 0.95 and found.coverage > 0.95


def test_discover_on_the_command_line(tmp_path):
    folder = tmp_path / "runs"
    run_cli(
        [
            "ensemble",
            "-v",
            "is_funding",
            "-v",
            "leadership_visibility",
            "-t",
            "defection_rate",
            "--draws",
            "50",
            "-o",
            str(folder),
        ]
    )
    code, out, err = run_cli(["discover", str(folder), "-t", "defection_rate=high>0.45"])
    assert code == 0, err
    assert "coverage" in out and max(len(line) for line in out.splitlines()) <= 80
    data = json.loads(
        run_cli(["discover", str(folder), "-t", "defection_rate=high>0.45", "-f", "json"])[1]
    )
    assert {r["driver"] for r in data["box"]} <= {"is_funding", "leadership_visibility"}
    plot = tmp_path / "tradeoff.png"
    code, _, err = run_cli(
        ["discover", str(folder), "-t", "defection_rate=high>0.45", "--plot", str(plot)]
    )
    assert code == 0 and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", err


@pytest.mark.parametrize(
    ("text", "says"),
    [("defection_rate>0.5", "VAR=STATE>NUMBER"), ("defection_rate=high>1.5", "0..1")],
)
def test_a_bad_concern_is_refused(text, says):
    with pytest.raises(QueryError, match=says):
        parse_concern(text)


def test_discover_refuses_a_folder_without_an_ensemble(tmp_path):
    code, out, err = run_cli(["discover", str(tmp_path), "-t", "x=y>0.5"])
    assert code == 2 and "holds no ensemble" in err


@pytest.fixture(scope="module")
def scheduler():
    """A Dask scheduler and two workers on 127.0.0.1: CI's (SCENARIOS_DASK_SCHEDULER), or
    started here and stopped after the tests."""
    distributed = pytest.importorskip("distributed")
    given = os.environ.get("SCENARIOS_DASK_SCHEDULER")
    if given:
        with distributed.Client(given, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield given
        return
    dask = Path(sys.executable).with_name("dask")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    flags = ["--no-dashboard"]
    started = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), *flags], **quiet
        )
    ]
    started += [
        subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", *flags], **quiet
        )
        for _ in range(2)
    ]
    try:
        with distributed.Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)


def test_an_ensemble_on_a_dask_cluster_equals_one_process(tmp_path, scheduler, monkeypatch):
    argv = [
        "ensemble",
        "-v",
        "is_funding",
        "-v",
        "troop_drawdown",
        "-v",
        "pakistan_tolerance",
        "-t",
        "defection_rate",
        "-t",
        "secret_pact",
        "--draws",
        "40",
    ]
    monkeypatch.setattr(ens, "ROWS_PER_PART", 200)  # several parts (this process's setting)
    here, there = tmp_path / "here", tmp_path / "there"
    assert run_cli([*argv, "-o", str(here)])[0] == 0
    code, _, err = run_cli([*argv, "-o", str(there), "--scheduler", scheduler])
    assert code == 0, err
    parts = sorted(p.name for p in here.glob("part-*.parquet"))
    assert len(parts) > 1 and parts == sorted(p.name for p in there.glob("part-*.parquet"))
    for name in parts:
        assert (here / name).read_bytes() == (there / name).read_bytes()


def test_a_scheduler_that_cannot_be_reached_is_one_message(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    from scenarios.analysis import ensemble_dask

    monkeypatch.setattr(ensemble_dask, "CONNECT_SECONDS", 2)
    argv = ["ensemble", "-v", "is_funding", "-t", "defection_rate", "-o", str(tmp_path / "r")]
    code, out, err = run_cli([*argv, "--scheduler", "tcp://127.0.0.1:9"])
    assert code == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err


def test_options_are_valued_per_member_and_compared_across_the_ensemble():
    from scenarios.analysis.discover import options_across
    from scenarios.engine.decisions import DecisionSolver

    model = load_model("khorasan-decisions")
    spec = ens.checked_spec(model, _spec(draws=5, seed=2))
    made = ens.context(model, spec)
    (part,) = ens.parts(model, spec)
    columns = ens.answer_part(made, spec, part)
    solver = DecisionSolver(model)
    decision = next(iter(made.policies))
    options = model.variables[decision].states
    drawn = {n: a for n, a in made.drawn.items() if not model.variables[n].decision}
    for row in (0, 13, 44):
        evidence = {
            "is_funding": columns["is_funding"][row],
            "troop_drawdown": columns["troop_drawdown"][row],
        }
        j = columns["draw"][row]
        values = solver.option_values(
            evidence, decision, made.policies, {n: a[j : j + 1] for n, a in drawn.items()}
        )
        for k, option in enumerate(options):
            assert columns[f"EU[{decision}={option}]"][row] == pytest.approx(values[0, k], abs=1e-9)
    found = [r for r in options_across(columns, satisfy=-40.0) if r.decision == decision]
    table = np.stack([columns[f"EU[{decision}={o}]"] for o in options], axis=1)
    regret = table.max(axis=1, keepdims=True) - table
    for k, r in enumerate(found):
        assert r.option == options[k]
        assert r.best_share == pytest.approx(np.mean(table.argmax(axis=1) == k))
        assert r.mean_regret == pytest.approx(regret[:, k].mean())
        assert r.satisfies == pytest.approx(np.mean(table[:, k] >= -40.0))
