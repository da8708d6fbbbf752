"""Contraction paths from a min-weight elimination order: the same answers as the greedy path
on random networks, and answers where the greedy path would need terabytes (munin)."""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import numpy as np
import opt_einsum as oe
import pytest
from hypothesis import given, settings

import scenarios.engine.adjoint as adjoint
from scenarios import Engine, load_model
from scenarios.engine.elimination import elimination_path

from strategies import network_and_evidence

PGMPY_MODELS = Path(__import__("pgmpy").__file__).parent / "utils" / "example_models"


@settings(max_examples=60, deadline=None)
@given(network_and_evidence())
def test_elimination_paths_give_the_greedy_answers(case):
    model, evidence = case
    try:
        expected = Engine(model).query(evidence)
    except Exception as exc:  # impossible evidence: both must say so
        with pytest.raises(type(exc)):
            forced_elimination(model, evidence)
        return
    got = forced_elimination(model, evidence)
    assert got.probability_of_evidence == pytest.approx(expected.probability_of_evidence, abs=1e-12)
    for name, dist in expected.posteriors.items():
        np.testing.assert_allclose(list(got[name].values()), list(dist.values()), atol=1e-12)


def forced_elimination(model, evidence):
    """The query with every plan on the elimination path, whatever greedy would cost."""

    def elimination_only(plan, equation, shapes):
        order = elimination_path(plan.subscripts, plan.output, plan._sizes)
        return oe.contract_path(equation, *shapes, shapes=True, optimize=order)[1]

    before = adjoint.ContractionPlan._path
    adjoint.ContractionPlan._path = elimination_only
    try:
        return Engine(model).query(evidence)
    finally:
        adjoint.ContractionPlan._path = before


@pytest.mark.skipif(not (PGMPY_MODELS / "munin.bif.gz").exists(), reason="pgmpy ships no munin")
def test_munin_is_answered_and_agrees_with_pyagrum(tmp_path):
    """The greedy path asks 2.6 TB here; the elimination path answers in a fraction of a
    second. pyAgrum reads BIF in single precision: agreement within 1e-6."""
    gum = pytest.importorskip("pyagrum")
    model = load_model(PGMPY_MODELS / "munin.bif.gz")
    rng = np.random.default_rng(0)
    leaves = [n for n in model.names if not model.children(n)]
    evidence = {n: model.variables[n].states[0] for n in rng.choice(leaves, 5, replace=False)}
    result = Engine(model).query(evidence, model.names)
    path = tmp_path / "munin.bif"
    path.write_bytes(gzip.decompress((PGMPY_MODELS / "munin.bif.gz").read_bytes()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bn = gum.loadBN(str(path))
    for node in bn.names():
        bn.cpt(node).normalizeAsCPT()
    inference = gum.LazyPropagation(bn)
    inference.setEvidence(evidence)
    inference.makeInference()
    for name in model.names:
        labels = [bn.variable(name).label(i) for i in range(bn.variable(name).domainSize())]
        ours = np.array([result[name][s] for s in labels])
        np.testing.assert_allclose(ours, inference.posterior(name).toarray(), atol=1e-6)
