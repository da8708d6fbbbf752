"""Contraction paths from one min-weight elimination order per model: the same answers as
opt_einsum's greedy path on random networks, tables no larger than the whole network's, and
answers where the greedy path would need terabytes (munin)."""

from __future__ import annotations

import gzip
import math
import random
import warnings
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from scenarios import Engine, load_model
from scenarios.engine import contraction, pairwise
from scenarios.engine.elimination import largest_table, order_path
from scenarios.engine.ordering import FILL_CELLS
from test_bnlearn import network, sampled_evidence

from strategies import network_and_evidence


def dedupe(text: str) -> str:
    return "".join(dict.fromkeys(text))


PGMPY_MODELS = Path(__import__("pgmpy").__file__).parent / "utils" / "example_models"


@settings(max_examples=60, deadline=None)
@given(network_and_evidence())
def test_elimination_paths_give_the_greedy_answers(case):
    model, evidence = case
    greedy = Engine(model)
    greedy.network.contractor.planner = "greedy"
    try:
        expected = greedy.query(evidence)
    except Exception as exc:  # impossible evidence: both must say so
        with pytest.raises(type(exc)):
            Engine(model).query(evidence)
        return
    got = Engine(model).query(evidence)
    assert got.probability_of_evidence == pytest.approx(expected.probability_of_evidence, abs=1e-12)
    for name, dist in expected.posteriors.items():
        np.testing.assert_allclose(list(got[name].values()), list(dist.values()), atol=1e-12)


def assert_path_answers_as_einsum(merges, subscripts, output, sizes) -> None:
    """Running ``merges`` on random tables gives numpy's einsum of them all."""
    rng = np.random.default_rng(0)
    arrays = [rng.random([sizes[c] for c in s]) for s in subscripts]
    slots = list(arrays)
    for m in merges:
        slots.append(np.einsum(m.equation, *(slots[i] for i in m.inputs)))
    expected = np.einsum(",".join(subscripts) + "->" + output, *arrays)
    np.testing.assert_allclose(slots[-1], expected, rtol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text("abcdefg", min_size=1, max_size=4).map(dedupe), min_size=1, max_size=8))
def test_paths_contract_every_factor_once_and_sum_every_other_index(subscripts):
    """Any factors, any output: each leaf and each merge is used exactly once, the result has
    the output's axes in order, and the answer is numpy's einsum's."""
    sizes = {c: 2 + ord(c) % 3 for c in "abcdefg"}
    present = "".join(dict.fromkeys("".join(subscripts)))
    output = present[::2]
    merges = order_path(subscripts, output, sizes)
    used = [slot for m in merges for slot in m.inputs]
    assert sorted(used) == list(range(len(subscripts) + len(merges) - 1))
    assert_path_answers_as_einsum(merges, subscripts, output, sizes)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text("abcdefg", min_size=1, max_size=4).map(dedupe), min_size=1, max_size=8),
    st.sampled_from([0, 16, pairwise.TINY_CELLS]),
    st.booleans(),
)
def test_the_factors_of_a_tiny_table_merge_in_one_step(subscripts, tiny_cells, batched):
    """The factors holding an index are multiplied and summed in one merge where all their
    axes span a tiny table, never in a path with a batch axis (its adjoints all hold it);
    pairwise otherwise (no merge of more than two then). The path is as many merges or
    fewer, and answers as numpy's einsum does."""
    sizes = {c: 2 + ord(c) % 3 for c in "abcdefg"}
    batch = "a" if batched else ""
    present = "".join(dict.fromkeys("".join(subscripts)))
    output = "".join(dict.fromkeys(batch + present[1::3]))
    sizes_now = {**sizes, "a": 1} if batched else sizes  # a batch is planned as size 1
    if batched and "a" not in present:
        subscripts = ["a", *subscripts]
    with patch.object(pairwise, "TINY_CELLS", tiny_cells):
        merges = order_path(subscripts, output, sizes_now, batch=batch)
    with patch.object(pairwise, "TINY_CELLS", 0):
        pairs = order_path(subscripts, output, sizes_now, batch=batch)
    assert all(len(m.inputs) <= 2 for m in pairs)
    assert len(merges) <= len(pairs)
    for m in merges:
        if len(m.inputs) > 2:
            assert not batched
            assert math.prod(sizes_now[c] for c in set("".join(m.terms))) <= tiny_cells
    event(f"a merge of more than two: {any(len(m.inputs) > 2 for m in merges)}")
    assert_path_answers_as_einsum(merges, subscripts, output, sizes_now)


@settings(max_examples=40, deadline=None)
@given(network_and_evidence())
def test_one_order_serves_every_query_within_the_networks_largest_table(case):
    """A query's path follows the model's order (the first, a cold query's, its own where
    that builds no table over FILL_CELLS): none of its tables is larger than the largest the
    whole network's elimination builds (or than a target's own table, or FILL_CELLS)."""
    model, evidence = case
    engine = Engine(model)
    contractor = engine.network.contractor
    families = contractor._families
    whole, _ = largest_table(order_path(families, "", contractor._cards, contractor.rank))
    try:
        engine.query(evidence)
    except Exception:
        return
    outputs = max(v.cardinality for v in model.variables.values())  # a target's own table
    assert engine.largest_table() <= max(whole, outputs, FILL_CELLS)


@pytest.mark.parametrize("name", ["alarm", "hailfinder", "win95pts"])
def test_a_cold_querys_own_order_gives_way_to_the_models_where_its_tables_are_large(
    name, monkeypatch
):
    """With every table counted as large (FILL_CELLS 0), the first plan is the model's
    order's unless the path of its own factors' order beats it: never a larger table or
    more cells than the model's order makes, and the same answers."""
    model = network(name)
    evidence = sampled_evidence(model, random.Random(3), 5)
    own = Engine(model)
    expected = own.query(evidence)
    monkeypatch.setattr(contraction, "FILL_CELLS", 0)
    engine = Engine(model)
    got = engine.query(evidence)
    by_model = Engine(model)
    by_model.network.contractor.rank  # noqa: B018 - found first: every plan follows it
    by_model.query(evidence)
    assert engine.largest_table() <= by_model.largest_table()
    ours, models = engine.network.contractor, by_model.network.contractor
    assert ours.built_cells() <= models.built_cells()
    for variable in model.names:
        assert got[variable] == pytest.approx(expected[variable], abs=1e-12)


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


def test_a_variables_factors_are_multiplied_smallest_product_first():
    """Eliminating g from three factors (munin1's shape): multiplying the two smallest
    first builds g,i,k,u,C (1.1e7 cells); the pair whose product is smallest builds 3.1e6."""
    sizes = {"g": 7, "i": 7, "k": 7, "u": 8000, "C": 4, "S": 2}
    path = order_path(["gik", "ugC", "ukgS"], "ikuCS", sizes, {"g": 0})
    assert [m.terms for m in path][0] == ("ugC", "ukgS")
    assert largest_table(path)[0] == 8000 * 7 * 4 * 7 * 2
