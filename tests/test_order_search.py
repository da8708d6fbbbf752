"""A query's own elimination order, searched: never a costlier path than min-weight's, the
same order every run, trials stopped once they cost what the best path costs to run, and on
munin1's light queries a path of far fewer cells with the same answers."""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal, mixed_evidence, possible
from scenarios import Engine, load_model
from scenarios.engine import contraction, elimination, ordering, whole_joint
from scenarios.engine import plan as plans
from scenarios.engine.elimination import PathCost, order_path, searched_path
from scenarios.engine.ordering import elimination_order, fill_orders
from scenarios.engine.plan import ContractionPlan
from test_ordering import graphs, grid

PGMPY_MODELS = Path(__import__("pgmpy").__file__).parent / "utils" / "example_models"
BNLEARN = Path(__file__).parent / "data" / "bnlearn"


@pytest.fixture(autouse=True, scope="module")
def _searched_orders_forgotten():
    """Orders found here under patched budgets are not left for other modules' plans."""
    elimination.forget_searched()
    yield
    elimination.forget_searched()


def searched(subscripts, output, sizes, trials=64, trial_cells=1, fill_cells=0):
    """``searched_path`` with the search made to run on small problems."""
    elimination.forget_searched()
    with (
        patch.object(elimination, "FILL_CELLS", fill_cells),
        patch.object(elimination, "TRIAL_CELLS", trial_cells),
        patch.object(elimination, "SEARCH_TRIALS", trials),
    ):
        return searched_path(subscripts, output, sizes, "", trials)


@settings(max_examples=150, deadline=None)
@given(graphs(), st.sampled_from(["", "a", "bc"]), st.randoms(use_true_random=False))
def test_a_searched_path_never_costs_more_than_min_weights_and_contracts_as_einsum(
    problem, output, rng
):
    subscripts, sizes = problem
    output = "".join(c for c in output if any(c in s for s in subscripts))
    path = searched(subscripts, output, sizes)
    used = sorted(i for m in path for i in m.inputs)
    assert used == list(range(len(subscripts) + len(path) - 1))  # every slot merged once
    ours = PathCost.of(path, sizes)
    weight_only = elimination_order(subscripts, sizes, fill=False)
    theirs = PathCost.of(order_path(subscripts, output, sizes, weight_only), sizes)
    assert ours.cells <= theirs.cells  # field by field, not by the rule under test
    assert ours.products <= theirs.products and ours.largest <= theirs.largest

    shapes = [tuple(sizes[c] for c in s) for s in subscripts]
    arrays = [np.asarray([rng.random() for _ in range(int(np.prod(s)))]).reshape(s) for s in shapes]
    with (
        patch.object(elimination, "FILL_CELLS", 0),
        patch.object(elimination, "TRIAL_CELLS", 1),
    ):
        elimination.forget_searched()
        plan = ContractionPlan(subscripts, shapes, output, search=True)
        got = plan(arrays)
    expected = np.einsum(",".join(subscripts) + "->" + output, *arrays)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-300)


def test_the_same_path_every_run_and_min_fills_order_first():
    subscripts = grid(6)
    sizes = dict.fromkeys("".join(subscripts), 3)
    assert searched(subscripts, "", sizes, trials=12) == searched(subscripts, "", sizes, trials=12)
    orders = list(islice(fill_orders(subscripts, sizes), 3))
    assert orders == list(islice(fill_orders(subscripts, sizes), 3))
    with patch.object(ordering, "FILL_CELLS", 0):  # min-fill, kept where it is cheaper
        plain = elimination_order(subscripts, sizes)
    assert plain != elimination_order(subscripts, sizes, fill=False)  # (on this grid it is)
    assert orders[0] == plain  # min-fill's order first, then others
    assert len({tuple(sorted(o, key=o.__getitem__)) for o in orders}) == 3


@pytest.mark.parametrize("share", [1, 3, 10])
def test_the_search_stops_once_its_trials_cost_what_the_best_path_costs(share):
    """Trials are drawn while they have cost (TRIAL_CELLS per index each) less than a run
    of the cheapest path so far: never more than that path's cells allow, at least one."""
    subscripts = grid(6)
    sizes = dict.fromkeys("".join(subscripts), 3)
    weight_only = elimination_order(subscripts, sizes, fill=False)
    cells = PathCost.of(order_path(subscripts, "", sizes, weight_only), sizes).cells
    trial_cells = cells // (share * len(sizes))
    drawn = []

    def counted(*args):
        for order in fill_orders(*args):
            drawn.append(order)
            yield order

    with patch.object(elimination, "fill_orders", counted):
        path = searched(subscripts, "", sizes, trial_cells=trial_cells)
    assert 1 <= len(drawn) <= share + 1  # the best path's cells only go down
    assert path in [order_path(subscripts, "", sizes, o) for o in [weight_only, *drawn]]
    with patch.object(elimination, "fill_orders", counted):
        drawn.clear()
        searched(subscripts, "", sizes, trials=5)  # TRIAL_CELLS 1: the cap stops it
    assert len(drawn) == 5


MUNIN1 = PGMPY_MODELS / "munin1.bif.gz"
LIGHT_QUERIES = [  # 5 findings drawn as benchmarks/agrum.py draws them (seeds "11", "3")
    {
        "R_LNLBE_MED_PATHO": "AXONAL",
        "R_MEDD2_LSLOW_WD": "NO",
        "R_APB_REPSTIM_DECR": "NO",
        "R_LNLT1_APB_NEUR_ACT": "NO",
        "R_DIFFN_MED_BLOCK": "NO",
    },
    {
        "R_MEDD2_BLOCK_WD": "NO",
        "R_APB_DE_REGEN": "NO",
        "R_LNLT1_LP_BE_APB_MUSIZE": "NORMAL",
        "R_MED_AMPR_EW": "R1_0",
        "R_DIFFN_APB_MALOSS": "NO",
    },
]


@pytest.mark.skipif(not MUNIN1.exists(), reason="the installed pgmpy ships no munin1")
@pytest.mark.parametrize("evidence", LIGHT_QUERIES)
def test_munin1s_light_queries_run_paths_of_far_fewer_cells_when_asked_again(evidence):
    """A query's first plan searches nothing (a query asked once pays for no search); asked
    again, its plan is made with the search: min-weight's path for these builds 1.4e7
    cells, the searched one under 1e7 (the queries ran 2.2-2.7x faster), and every
    posterior is the first plan's to 1e-12."""
    model = load_model(MUNIN1)
    elimination.forget_searched()
    engine = Engine(model)
    contractor = engine.network.contractor
    first = engine.query(evidence)
    plain_cells, plain_largest = contractor.built_cells(), engine.largest_table()
    again = engine.query(evidence)
    assert contractor.built_cells() < 0.7 * plain_cells
    assert engine.largest_table() <= plain_largest
    cells = contractor.built_cells()
    engine.query(evidence)  # searched once: the plan is kept from now on
    assert contractor.built_cells() == cells
    for name in model.names:
        assert again[name] == pytest.approx(first[name], abs=1e-12)


@pytest.mark.parametrize("name", ["asia", "alarm", "hailfinder"])
def test_plans_with_nothing_to_search_are_made_once(name):
    """Small tables (under FILL_CELLS): the second query runs the first query's plan."""
    model = load_model(BNLEARN / f"{name}.bif.gz")
    engine = Engine(model)
    evidence = {model.names[-1]: model.variables[model.names[-1]].states[0]}
    engine.query(evidence)
    plans = dict(engine.network.contractor._plans)
    engine.query(evidence)
    assert engine.network.contractor._plans == plans
    assert not any(plan.searchable for plan in plans.values())


@settings(max_examples=60, deadline=None)
@given(mixed_evidence(max_nodes=7))
def test_searched_plans_answer_as_enumeration_under_hard_soft_and_do_evidence(case):
    """Every threshold at 0, so each plan's second use searches (and its first tries min-fill
    and the model's order): the posteriors of the searched plans are the enumerated joint's."""
    assume(possible(case))
    model, evidence = case
    joint, _ = enumerate_joint(model, evidence)
    searched_trials = []

    def counted(*args):
        searched_trials.append(args[4])
        return searched_path(*args)

    with (
        patch.object(whole_joint, "SMALL_JOINT", 0),
        patch.object(contraction, "FILL_CELLS", 0),
        patch.object(plans, "FILL_CELLS", 0),
        patch.object(plans, "REPLAN_CELLS", 0),
        patch.object(plans, "searched_path", counted),
        patch.object(ordering, "FILL_CELLS", 0),
        patch.object(elimination, "FILL_CELLS", 0),
        patch.object(elimination, "TRIAL_CELLS", 1),
    ):
        elimination.forget_searched()
        engine = Engine(model)
        engine.query(evidence, model.names)
        result = engine.query(evidence, model.names)
    elimination.forget_searched()
    assume(any(trials > 1 for trials in searched_trials))  # (a network in one factor has none)
    for name in model.names:
        expected = marginal(model, joint, [name])
        assert list(result[name].values()) == pytest.approx(expected.tolist(), abs=1e-9)


def test_a_plan_is_searched_at_its_second_run_and_a_look_is_not_a_run():
    """``plan()`` (the memory check before any target runs) hands a plan out without running
    it: the first ``contract`` after it runs that plan, the second a searched one."""
    rng = np.random.default_rng(0)
    names = ["a", "b", "c", "d"]
    operands = [
        (rng.random(3), ("a",)),
        (rng.random((3, 4)), ("a", "b")),
        (rng.random((4, 2)), ("b", "c")),
        (rng.random((2, 3)), ("c", "d")),
    ]
    families = [("a",), ("a", "b"), ("b", "c"), ("c", "d")]
    contractor = contraction.Contractor(names, families, {"a": 3, "b": 4, "c": 2, "d": 3})
    expected = np.einsum("a,ab,bc,cd->d", *(array for array, _ in operands))
    with (
        patch.object(contraction, "FILL_CELLS", 0),
        patch.object(plans, "FILL_CELLS", 0),
        patch.object(plans, "REPLAN_CELLS", 0),
        patch.object(elimination, "FILL_CELLS", 0),
    ):
        elimination.forget_searched()
        looked = contractor.plan(operands, ("d",))
        assert looked.searchable
        first = contractor.contract(operands, ("d",))
        assert contractor.plan(operands, ("d",)) is looked
        second = contractor.contract(operands, ("d",))
        searched = contractor.plan(operands, ("d",))
        assert searched is not looked and not searched.searchable
        third = contractor.contract(operands, ("d",))
        assert contractor.plan(operands, ("d",)) is searched
    elimination.forget_searched()
    for got in (first, second, third):
        np.testing.assert_allclose(got, expected, rtol=1e-12)
