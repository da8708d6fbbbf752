"""Batched answers equal one-by-one answers: evidence batches, sweeps, sensitivity."""

from __future__ import annotations

import json
import random
import tracemalloc

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import GATE, brute_force
from scenarios import load_model, parse_model
from scenarios.analysis.sweep import sweep
from scenarios.cli import main
from scenarios.core.errors import ImpossibleEvidenceError, QueryError
from scenarios.engine import Engine, batches, contraction, pairwise
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model, Variable
from scenarios.render.report import TABLE_ROWS
from test_bnlearn import sampled_evidence

from strategies import networks


@st.composite
def evidence_for(draw, model):
    observed = draw(st.lists(st.sampled_from(model.names), max_size=3, unique=True))
    hard, soft, do = {}, {}, {}
    for name in observed:
        states = model.variables[name].states
        kind = draw(st.sampled_from(["hard", "soft", "do"]))
        if kind == "hard":
            hard[name] = draw(st.sampled_from(states))
        elif kind == "soft":
            values = draw(st.lists(st.floats(0.01, 1), min_size=len(states), max_size=len(states)))
            soft[name] = dict(zip(states, values, strict=True))
        else:
            do[name] = draw(st.sampled_from(states))
    return Evidence(hard, soft, do)


@st.composite
def model_and_batch(draw):
    model = draw(networks(max_nodes=6))
    return model, draw(st.lists(evidence_for(model), min_size=1, max_size=6))


@pytest.mark.parametrize("way", ["batched", "batched in rows", "looped"])
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=model_and_batch())
def test_query_batch_equals_queries_one_by_one(way, case, monkeypatch):
    """Every way a batch is answered (one batched pass per chunk, with the batch axis first
    or, as long batches of small tables run, last; or a loop where the plans say single
    queries cost less) gives each set's own answer."""
    single_cost = 0.0 if way == "looped" else float("inf")
    monkeypatch.setattr(batches, "_single_cost", lambda *args: single_cost)
    rows = 1 if way == "batched in rows" else 10**9  # the batch axis last for any batch
    monkeypatch.setattr(contraction, "BATCH_ROWS", rows)
    monkeypatch.setattr(pairwise, "BATCH_ROWS", rows)
    model, batch = case
    engine = Engine(model)
    answers, p = engine.query_batch(batch)
    for i, evidence in enumerate(batch):
        try:
            single = engine.query(evidence)
        except ImpossibleEvidenceError:
            assert p[i] == 0 and all(np.isnan(a[i]).all() for a in answers.values())
            continue
        assert p[i] == pytest.approx(single.probability_of_evidence, rel=1e-9, abs=1e-15)
        for name, dist in single.posteriors.items():
            np.testing.assert_allclose(answers[name][i], list(dist.values()), atol=1e-9)


def test_sweep_rows_equal_queries(khorasan):
    engine = Engine(khorasan)
    evidence = Evidence({"is_funding": "high"})
    rows = sweep(engine, ["peace_process", "troop_drawdown"], ["defection_rate"], evidence)
    assert len(rows) == 9
    for row in rows:
        single = engine.query(Evidence({**evidence.hard, **row.states}), ["defection_rate"])
        assert row.posteriors["defection_rate"] == pytest.approx(
            single["defection_rate"], abs=1e-12
        )
        joint = engine.probability(Evidence({**evidence.hard, **row.states}))
        assert row.probability_of_evidence == pytest.approx(joint, abs=1e-12)


def test_sweep_with_interventions_and_impossible_rows():
    from scenarios import parse_model

    model = parse_model(GATE)
    engine = Engine(model)
    observed = sweep(engine, ["a"], ["b"])
    assert observed[1].posteriors is None and observed[1].probability_of_evidence == 0
    forced = sweep(engine, ["a"], ["b"], intervene=True)
    assert forced[1].posteriors["b"]["hi"] == pytest.approx(0.8)
    p_e, _ = brute_force(model, {"a": "off"})
    assert observed[0].probability_of_evidence == pytest.approx(p_e)


def test_sweep_refuses_repeated_or_evidence_variables(khorasan):
    with pytest.raises(QueryError, match="once"):
        sweep(Engine(khorasan), ["is_funding", "is_funding"], ["defection_rate"])
    with pytest.raises(QueryError, match="once"):
        sweep(Engine(khorasan), ["is_funding"], ["defection_rate"], Evidence({"is_funding": "low"}))


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_sweep_cli_formats(capsys, fmt):
    argv = [
        "sweep",
        "-v",
        "taliban_stance",
        "-v",
        "pakistan_tolerance",
        "-t",
        "secret_pact",
        "--format",
        fmt,
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        assert len(json.loads(out)["rows"]) == 9
    elif fmt == "csv":
        lines = out.splitlines()
        assert lines[0].startswith("taliban_stance,pakistan_tolerance,P(states),secret_pact=none")
        assert len(lines) == 10
    else:
        assert "confront" in out


def test_a_long_table_on_stdout_shows_its_first_rows_and_says_how_to_get_all(capsys, tmp_path):
    """1,944 combinations: the terminal table stops at TABLE_ROWS and says so; CSV has all."""

    varied = ["peace_process", "troop_drawdown", "taliban_revenue", "leadership_visibility"]
    varied += ["pakistan_tolerance", "is_funding", "fata_operations", "digital_recruitment"]
    argv = ["sweep", *(a for v in varied for a in ("-v", v)), "-t", "secret_pact"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"showing the first {TABLE_ROWS} of 1,944 rows" in out
    assert "--format csv -o FILE" in out.replace("\n", " ")
    assert main([*argv, "-f", "csv", "-o", str(tmp_path / "all.csv")]) == 0
    assert len((tmp_path / "all.csv").read_text().splitlines()) == 1945


def test_sweep_cli_bad_input(capsys):
    assert main(["sweep", "-v", "is_fundng"]) == 2
    assert "Did you mean 'is_funding'" in capsys.readouterr().err


def test_a_large_batch_follows_the_single_query_path(khorasan):
    """3,000 sets with findings on every variable somewhere: the path search must not let the
    batch size steer it into a joint-sized intermediate (this once asked for 563 GiB)."""
    from test_bnlearn import sampled_evidence

    rng = random.Random(1)
    sets = [sampled_evidence(khorasan, rng, rng.randint(1, 4)) for _ in range(3000)]
    engine = Engine(khorasan)
    answers, p = engine.query_batch(sets)
    for i in rng.sample(range(3000), 20):
        single = engine.query(sets[i])
        assert p[i] == pytest.approx(single.probability_of_evidence, rel=1e-9)
        for name, dist in single.posteriors.items():
            np.testing.assert_allclose(answers[name][i], list(dist.values()), atol=1e-9)


def test_scattered_sets_are_chunked_and_answered_in_their_own_rows(monkeypatch):
    """Sets observing many different variables are cut into chunks (by the plans' cost) and
    sorted by what they observe; every answer still lands in its own set's row. Sets that
    observe the same variables stay one chunk, however many, unless memory says otherwise:
    a chunk's batched tables fit BATCH_CELLS, evidence vectors made per chunk."""
    from test_bnlearn import network, sampled_evidence

    model = network("andes")  # alarm-sized networks are cheapest as one chunk
    rng = random.Random(3)
    scattered = [sampled_evidence(model, rng, 5) for _ in range(64)]
    chunks = []
    original = batches._chunk
    monkeypatch.setattr(
        batches,
        "_chunk",
        lambda network, items, names: chunks.append(len(items)) or original(network, items, names),
    )
    engine = Engine(model)
    answers, p = engine.query_batch(scattered)
    assert 1 < len(chunks) < 64 and sum(chunks) == 64
    for i in rng.sample(range(64), 12):
        single = engine.query(scattered[i])
        assert p[i] == pytest.approx(single.probability_of_evidence, rel=1e-9)
        for name, dist in single.posteriors.items():
            np.testing.assert_allclose(answers[name][i], list(dist.values()), atol=1e-9)
    chunks.clear()
    names = list(scattered[0])
    same = [{n: model.variables[n].states[rng.randrange(2)] for n in names} for _ in range(64)]
    possible = [s for s in same if engine.probability(s) > 0]
    monkeypatch.setattr(batches, "BATCH_CELLS", 2**40)  # memory no object: one chunk
    engine.query_batch(possible)
    assert chunks == [len(possible)]
    chunks.clear()
    monkeypatch.setattr(batches, "BATCH_CELLS", 2**13)  # else chunks of what memory allows
    engine.query_batch(possible)
    per_set = batches._cells_per_set(engine.network, names, engine.model.names)
    assert len(chunks) > 1 and max(chunks) * per_set <= 2**13 and sum(chunks) == len(possible)


def test_a_batch_that_would_cost_more_than_a_loop_is_looped(monkeypatch):
    """Findings slice the tables of a single query; a batch keeps them whole (its findings
    differ from set to set). A chain of 200-state variables observed in the middle: one at a
    time, each table is a row; batched, each is 200 x 200 per set, so the batch is a loop,
    and a small network's batch stays a batch."""
    rng = np.random.default_rng(0)
    states = tuple(f"s{k}" for k in range(200))
    variables, parent = {}, ()
    for name in ("a", "b", "c", "d"):
        shape = (200,) * len(parent) + (200,)
        table = rng.random(shape) + 0.01
        variables[name] = Variable(name, states, parent, table / table.sum(-1, keepdims=True))
        parent = (name,)
    wide = Engine(Model("chain", variables))
    sets = [{"b": f"s{k}", "c": f"s{k + 1}"} for k in range(12)]
    looped = []
    original = batches._loop
    monkeypatch.setattr(batches, "_loop", lambda *args: looped.append(1) or original(*args))
    answers, p = wide.query_batch(sets)
    assert looped
    for i in (0, 5, 11):
        single = wide.query(sets[i])
        assert p[i] == pytest.approx(single.probability_of_evidence, rel=1e-9)
        for name, dist in single.posteriors.items():
            np.testing.assert_allclose(answers[name][i], list(dist.values()), atol=1e-12)
    looped.clear()
    engine = Engine(parse_model(GATE))
    engine.query_batch([{"a": "off"}] * 12)
    assert not looped


@pytest.mark.parametrize("count", [10_000, 40_000])
def test_a_batch_holds_its_answers_and_a_chunk_no_more(count):
    """A batch's memory is its answers plus what one chunk's tables take (BATCH_CELLS), not
    a copy of every answer per step: normalizing the answers in one array once made a
    temporary the size of all of them (the Khorasan sweep's peak 28 -> 38 MB)."""
    model = load_model()
    rng = random.Random(0)
    sets = [sampled_evidence(model, rng, rng.randint(1, 4)) for _ in range(count)]
    engine = Engine(model)
    engine.query_batch(sets[:10])
    tracemalloc.start()
    try:
        answers, probabilities = engine.query_batch(sets)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    held = sum(a.nbytes for a in answers.values()) + probabilities.nbytes
    chunk = contraction.BATCH_CELLS * 8
    assert peak <= 1.25 * held + 1.5 * chunk, (peak / 2**20, held / 2**20)
