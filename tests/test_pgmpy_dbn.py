"""pgmpy's DynamicBayesianNetwork to and from a time-sliced model: random models and the
bundled quarterly one go there and back unchanged, and pgmpy's own DBN inference (forward
and backward) gives this engine's posteriors at every slice."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from helpers import ROOT
from scenarios import Engine, load_model, parse_model
from scenarios.core.errors import QueryError
from scenarios.io.pgmpy_dbn import from_pgmpy_dbn, to_pgmpy_dbn
from test_time import timed_models

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))

pytest.importorskip("pgmpy")


def _same(model, back) -> None:
    assert back.time == model.time
    assert list(back.variables) == list(model.variables)
    for name, var in model.variables.items():
        other = back.variables[name]
        assert (other.states, other.parents, other.changes) == (
            var.states,
            var.parents,
            var.changes,
        ), name
        assert np.allclose(other.cpt, var.cpt, atol=1e-12, rtol=0), name


@SETTINGS
@given(timed_models())
def test_there_and_back_unchanged(text):
    model = parse_model(text, "t.yaml")
    network = to_pgmpy_dbn(model)
    network.check_model()
    _same(model, from_pgmpy_dbn(network, model.time.slices, model.time.step))


def test_the_quarterly_model_there_and_back():
    model = load_model("khorasan-quarterly")
    time = model.time
    _same(model, from_pgmpy_dbn(to_pgmpy_dbn(model), time.slices, time.step, time.starts))


def test_pgmpy_dbn_inference_on_the_umbrella_world():
    """Russell and Norvig's umbrella world through pgmpy: its backward inference (smoothing)
    and forward inference (forecasting) equal the published values and this engine's.
    (pgmpy 1.1.2's DBNInference is no reference on random models: it fails on a node
    without edges, on some inter-slice structures ('No sepset found'), and gives other
    numbers than enumeration and pyAgrum's k-TBN inference on some; tests/test_time.py
    checks the engine against those.)"""
    from pgmpy.inference import DBNInference

    model = load_model(ROOT / "examples" / "umbrella-world.yaml")
    labels = model.time.labels
    inference = DBNInference(to_pgmpy_dbn(model))
    seen = {("umbrella", 0): "yes", ("umbrella", 1): "yes"}
    ours = Engine(model).query({f"umbrella@{labels[t]}": s for (_, t), s in seen.items()})
    smoothed = inference.backward_inference([("rain", 0)], seen)[("rain", 0)].values
    assert smoothed[1] == pytest.approx(0.8833570, abs=1e-6)
    for t in range(len(labels)):
        infer = inference.backward_inference if t <= 1 else inference.forward_inference
        theirs = infer([("rain", t)], seen)[("rain", t)].values.tolist()
        assert list(ours[f"rain@{labels[t]}"].values()) == pytest.approx(theirs, abs=1e-12)


def test_a_network_built_in_pgmpy_reads_in():
    """A two-slice network written with pgmpy's own API (a persistent hidden state and a
    noisy signal): read over four slices, its forecast equals pgmpy's forward inference."""
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import DBNInference
    from pgmpy.models import DynamicBayesianNetwork

    network = DynamicBayesianNetwork()
    network.add_edges_from([(("state", 0), ("signal", 0)), (("state", 0), ("state", 1))])
    names = {"state": ["calm", "tense"], "signal": ["quiet", "loud"]}

    def cpd(node, values, parents=()):
        states = {n: names[n[0]] for n in (node, *parents)}
        cards = [2] * len(parents) or None
        return TabularCPD(node, 2, values, list(parents) or None, cards, states)

    network.add_cpds(
        cpd(("state", 0), [[0.8], [0.2]]),
        cpd(("state", 1), [[0.9, 0.3], [0.1, 0.7]], [("state", 0)]),
        cpd(("signal", 0), [[0.7, 0.2], [0.3, 0.8]], [("state", 0)]),
        cpd(("signal", 1), [[0.7, 0.2], [0.3, 0.8]], [("state", 1)]),
    )
    network.check_model()
    model = from_pgmpy_dbn(network, 4, "month", "2026-01-01", name="pgmpy")
    assert model.time.labels == ("2026-01", "2026-02", "2026-03", "2026-04")
    assert model.variables["state@2026-02"].parents == ("state@2026-01",)
    ours = Engine(model).query({"signal@2026-01": "loud"})
    theirs = DBNInference(network).forward_inference([("state", 3)], {("signal", 0): "loud"})
    expected = theirs[("state", 3)].values.tolist()
    assert list(ours["state@2026-04"].values()) == pytest.approx(expected, abs=1e-12)


def _node(model, name: str) -> tuple[str, int]:
    base, _, label = name.rpartition("@")
    if not model.variables[name].changes:
        return name, 0
    return base, model.time.labels.index(label)


def test_a_static_model_or_a_bad_axis_is_refused():
    with pytest.raises(QueryError, match="static"):
        to_pgmpy_dbn(load_model("khorasan"))
    network = to_pgmpy_dbn(load_model("khorasan-quarterly"))
    with pytest.raises(QueryError, match="step='fortnight'"):
        from_pgmpy_dbn(network, 4, "fortnight")
    with pytest.raises(QueryError, match="at least one slice"):
        from_pgmpy_dbn(network, 0, "quarter")
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        from_pgmpy_dbn(network, 4, "quarter", "2015Q1")
