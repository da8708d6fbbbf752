"""Learning CPTs from cases: counts against enumeration, estimates against pgmpy and pyAgrum,
EM's objective never falling, and bad case files as located errors."""

from __future__ import annotations

import itertools
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pyagrum as gum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal
from helpers import BNLEARN, SPRINKLER, pyagrum_net
from scenarios import Engine, load_model, parse_model, to_pgmpy
from scenarios.analysis.learn import learn, pseudo_counts
from scenarios.analysis.uncertainty import posterior_intervals
from scenarios.engine.counts import CaseCounter
from scenarios.io.cases import parse_cases
from scenarios.model.evidence import Evidence
from scenarios.model.graph import topological_order
from scenarios.model.records import Learning

from strategies import networks

with warnings.catch_warnings():  # pgmpy's estimators import its structure scores, which warn
    warnings.simplefilter("ignore")
    from pgmpy.estimators import BayesianEstimator


@st.composite
def cases_of(draw, max_nodes: int = 5):
    """A network and a few cases on it, each value missing or a state (any, possible or not)."""
    model = draw(networks(max_nodes=max_nodes))
    cards = [v.cardinality for v in model.variables.values()]
    rows = draw(
        st.lists(st.tuples(*(st.integers(-1, c - 1) for c in cards)), min_size=1, max_size=6)
    )
    return model, np.array(rows, dtype=np.int64)


def informs(model, shown: dict[str, str], name: str) -> bool:
    """Whether a case showing ``shown`` says anything about ``name``'s table: it shows the
    variable or a descendant (else the variable is barren in that case)."""
    reached, stack = set(), [name]
    while stack:
        node = stack.pop()
        if node in shown:
            return True
        if node not in reached:
            reached.add(node)
            stack.extend(model.children(node))
    return False


@settings(max_examples=80, deadline=None)
@given(cases_of())
def test_counts_are_the_enumerated_family_posteriors_summed_over_cases(case):
    """Each case adds its posterior over a family to the tables it informs (the variable or
    a descendant shown)."""
    model, rows = case
    cpts = {n: v.cpt for n, v in model.variables.items()}
    counted = CaseCounter(model).count(cpts, rows)
    want = {n: np.zeros(v.cpt.shape) for n, v in model.variables.items()}
    logs = []
    for row in rows:
        hard = {
            n: model.variables[n].states[s] for n, s in zip(model.names, row, strict=True) if s >= 0
        }
        joint, mass = enumerate_joint(model, Evidence(hard))
        logs.append(np.log(mass) if mass > 0 else -np.inf)
        if mass > 0:
            for name, var in model.variables.items():
                if informs(model, hard, name):
                    want[name] += marginal(model, joint, [*var.parents, name])
    assert np.allclose(counted.log_likelihoods, logs, atol=1e-9)
    for name in model.names:
        assert np.allclose(counted.tables[name], want[name], atol=1e-9), name


# -- complete cases: the posterior mean, as pgmpy and pyAgrum compute it ---------------------


def sampled(model, count: int, seed: int, hidden: float = 0.0) -> np.ndarray:
    """``count`` forward samples as state indices (model order), each value hidden (-1)
    with probability ``hidden``."""
    rng = np.random.default_rng(seed)
    order = topological_order({n: v.parents for n, v in model.variables.items()})
    columns = {n: i for i, n in enumerate(model.names)}
    rows = np.zeros((count, len(model.names)), dtype=np.int64)
    for name in order:
        var = model.variables[name]
        index = tuple(rows[:, columns[p]] for p in var.parents)
        table = var.cpt[index] if index else np.broadcast_to(var.cpt, (count, var.cardinality))
        draws = rng.random(count)[:, None]
        rows[:, columns[name]] = (
            (draws > np.cumsum(table, axis=1)).sum(axis=1).clip(max=var.cardinality - 1)
        )
    return np.where(rng.random(rows.shape) < hidden, -1, rows)


def frame(model, codes: np.ndarray):
    return pd.DataFrame(
        [
            {n: model.variables[n].states[c] for n, c in zip(model.names, row, strict=True)}
            for row in codes
        ]
    )


def pgmpy_layout(var, array: np.ndarray, evidence: list[str]) -> np.ndarray:
    """A table (*parents, states) as pgmpy's (states, parent configurations), parents in
    ``evidence`` order, the last fastest."""
    moved = np.moveaxis(array, -1, 0)
    order = [0, *(list(var.parents).index(p) + 1 for p in evidence)]
    return np.transpose(moved, order).reshape(var.cardinality, -1)


@pytest.mark.parametrize("name", ["asia", "child", "insurance"])
def test_complete_cases_give_pgmpys_bayesian_estimate_with_the_same_pseudo_counts(name):
    model = load_model(BNLEARN / f"{name}.bif.gz")
    codes = sampled(model, 400, seed=1)
    ours = learn(model, codes)
    assert ours.iterations == 1 and ours.converged
    network = to_pgmpy(model)
    states = {n: list(v.states) for n, v in model.variables.items()}
    with warnings.catch_warnings():  # pgmpy 1.1 renames the class (FutureWarning); 1.0 lacks
        warnings.simplefilter("ignore", FutureWarning)  # the new name: the old one serves both
        estimator = BayesianEstimator(network, frame(model, codes), state_names=states)
    alpha = pseudo_counts(model)
    for var_name, var in model.variables.items():
        # pgmpy orders a learned CPD's parents its own way: take the order from a first estimate
        evidence = estimator.estimate_cpd(var_name, prior_type="K2").variables[1:]
        pseudo = pgmpy_layout(var, alpha[var_name], evidence)
        theirs = estimator.estimate_cpd(var_name, prior_type="dirichlet", pseudo_counts=pseudo)
        assert theirs.variables[1:] == evidence
        mine = pgmpy_layout(var, ours.model.variables[var_name].cpt, evidence)
        assert np.allclose(theirs.get_values(), mine, atol=1e-9), var_name


@pytest.mark.parametrize("name", ["asia", "child", "alarm"])
def test_complete_cases_give_pyagrums_estimate_with_the_same_smoothing(name):
    """A flat prior of confidence w x states is pyAgrum's smoothing prior w per cell."""
    model = load_model(BNLEARN / f"{name}.bif.gz")
    codes = sampled(model, 400, seed=2)
    weight = 0.5
    flat = replace(
        model,
        variables={
            n: replace(
                v, cpt=np.full(v.cpt.shape, 1 / v.cardinality), confidence=weight * v.cardinality
            )
            for n, v in model.variables.items()
        },
    )
    ours = learn(flat, codes).model
    bn = pyagrum_net(model)
    learner = gum.BNLearner(frame(model, codes), bn)
    learner.useSmoothingPrior(weight)
    theirs = learner.learnParameters(bn.dag())
    for var_name, var in model.variables.items():
        cards = [model.variables[p].cardinality for p in var.parents]
        for combo in itertools.product(*(range(c) for c in cards)):
            row = theirs.cpt(var_name)[dict(zip(var.parents, combo, strict=True))]
            assert np.allclose(row, ours.variables[var_name].cpt[combo], atol=1e-9), var_name


def test_a_table_is_the_prior_weighted_by_confidence_plus_the_counts_by_hand():
    model = parse_model(
        "name: t\nvariables:\n"
        "  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}, confidence: 4}\n"
        "  b: {states: [u, v], parents: [a], confidence: 10,\n"
        '      cpt: {table: {"a=x": [0.9, 0.1], "a=y": [0.2, 0.8]}}}\n'
    )
    codes = np.array([[0, 1]] * 3 + [[1, 1]] * 5)  # a=x,b=v three times; a=y,b=v five
    learned = learn(model, codes, source="c.csv").model
    assert learned.variables["a"].cpt.tolist() == pytest.approx([(2 + 3) / 12, (2 + 5) / 12])
    assert learned.variables["b"].cpt[0].tolist() == pytest.approx([9 / 13, (1 + 3) / 13])
    assert learned.variables["b"].cpt[1].tolist() == pytest.approx([2 / 15, (8 + 5) / 15])
    assert learned.variables["b"].confidence == 10  # the judgement's weight, unchanged
    assert learned.variables["b"].learned == Learning(8, (3.0, 5.0), "c.csv", "")
    assert learned.row_confidence("b").tolist() == [13.0, 15.0]  # each row: its own cases


# -- EM ------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(cases_of(max_nodes=5), st.floats(0.5, 30))
def test_ems_objective_never_falls(case, confidence):
    model, rows = case
    model = replace(model, confidence=confidence)
    possible = rows[
        np.isfinite(
            CaseCounter(model)
            .count({n: v.cpt for n, v in model.variables.items()}, rows)
            .log_likelihoods
        )
    ]
    assume(len(possible) and (possible < 0).any())
    learned = learn(model, possible, max_iterations=30, tolerance=1e-12)
    steps = np.diff(learned.objective)
    assert (steps >= -1e-9 * np.abs(learned.objective).max()).all(), learned.objective


def test_em_recovers_the_tables_cases_come_from_as_cases_grow():
    """A weak flat prior, 20% of values hidden: the tables come closer to the network the
    cases were sampled from as the cases grow (mean KL per row)."""
    truth = load_model(BNLEARN / "asia.bif.gz")
    flat = replace(
        truth,
        confidence=1.0,
        variables={
            n: replace(v, cpt=np.full(v.cpt.shape, 1 / v.cardinality))
            for n, v in truth.variables.items()
        },
    )
    distances = []
    for count in (200, 2000, 20000):
        learned = learn(flat, sampled(truth, count, seed=3, hidden=0.2)).model
        distances.append(mean_kl(truth, learned))
    assert distances[0] > distances[1] > distances[2]
    assert distances[2] < 0.01


def mean_kl(truth, learned) -> float:
    """KL(truth row || learned row), averaged over every row of every table, weighted by how
    often the row's parent states happen under the truth."""
    engine = Engine(truth)
    total = 0.0
    for name, var in truth.variables.items():
        weights = engine.joint(None, list(var.parents)) if var.parents else np.array(1.0)
        p, q = var.cpt, learned.variables[name].cpt
        with np.errstate(divide="ignore", invalid="ignore"):
            kl = np.where(p > 0, p * np.log(p / q), 0.0).sum(axis=-1)
        total += float((weights * kl).sum())
    return total / len(truth.variables)


def agrum_em(truth, flat_weight: float, codes: np.ndarray, epsilon: float):
    """pyAgrum's EM from the same cases ('?' where missing) with a smoothing prior: the
    learned network as a Model, and EM's iterations."""
    table = pd.DataFrame(
        [
            {
                n: "?" if c < 0 else truth.variables[n].states[c]
                for n, c in zip(truth.names, row, strict=True)
            }
            for row in codes
        ]
    )
    bn = pyagrum_net(truth)
    learner = gum.BNLearner(table, bn, ["?"])
    learner.useSmoothingPrior(flat_weight)
    learner.useEM(epsilon)
    with warnings.catch_warnings():  # pyAgrum says when its EM stops on a tiny likelihood
        warnings.simplefilter("ignore", UserWarning)  # change; the tables are compared anyway
        got = learner.learnParameters(bn.dag())
    iterations = learner.EMnbrIterations()
    variables = {}
    for name, var in truth.variables.items():
        cards = [truth.variables[p].cardinality for p in var.parents]
        rows = [
            got.cpt(name)[dict(zip(var.parents, combo, strict=True))]
            for combo in itertools.product(*(range(c) for c in cards))
        ]
        variables[name] = replace(var, cpt=np.array(rows).reshape(var.cpt.shape))
    return replace(truth, variables=variables), iterations


@pytest.mark.parametrize(
    "name",
    ["asia", pytest.param("child", marks=pytest.mark.slow)],  # pyAgrum's EM: 30 s
)
def test_em_reaches_pyagrums_em_tables_with_missing_values_at_random(name):
    """20% of the values hidden at random, a smoothing prior of 1 per cell on both sides:
    the same tables (to EM's convergence) and the same distance to the truth."""
    truth = load_model(BNLEARN / f"{name}.bif.gz")
    codes = sampled(truth, 500, seed=4, hidden=0.2)
    prior = flat_prior(truth, 1.0)
    ours = learn(prior, codes, tolerance=1e-10, max_iterations=500).model
    theirs, _ = agrum_em(truth, 1.0, codes, 1e-9)
    for var_name in truth.names:
        assert np.allclose(ours.variables[var_name].cpt, theirs.variables[var_name].cpt, atol=1e-3)
    assert mean_kl(truth, ours) == pytest.approx(mean_kl(truth, theirs), rel=1e-2)
    assert objective(prior, ours, codes) >= objective(prior, theirs, codes) - 1e-6


def flat_prior(model, per_cell: float):
    """Every table flat, with a confidence of ``per_cell`` pseudo-cases per cell of a row."""
    return replace(
        model,
        variables={
            n: replace(
                v, cpt=np.full(v.cpt.shape, 1 / v.cardinality), confidence=per_cell * v.cardinality
            )
            for n, v in model.variables.items()
        },
    )


def objective(prior, model, codes: np.ndarray) -> float:
    """What EM raises: the log-likelihood of the cases under ``model``'s tables plus the
    prior's pseudo-counts x log table."""
    tables = {n: v.cpt for n, v in model.variables.items()}
    log_likelihood = CaseCounter(prior).count(tables, codes).log_likelihoods.sum()
    alpha = pseudo_counts(prior)
    return float(log_likelihood + sum((alpha[n] * np.log(tables[n])).sum() for n in tables))


@settings(max_examples=15, deadline=None)
@given(networks(max_nodes=4), st.integers(0, 2**16))
def test_on_any_network_a_hundred_times_the_cases_come_closer_to_its_tables(truth, seed):
    """A weak flat prior, 20% hidden: 20,000 cases end near the network sampled from (mean KL
    per row under 0.02), and no farther than 200 do (within 0.001, for networks whose
    tables 200 cases already pin down)."""
    prior = flat_prior(truth, 0.5)
    few = learn(prior, sampled(truth, 200, seed, hidden=0.2)).model
    many = learn(prior, sampled(truth, 20_000, seed + 1, hidden=0.2)).model
    assert mean_kl(truth, many) < mean_kl(truth, few) + 1e-3  # both tiny: either may win
    assert mean_kl(truth, many) < 0.02


@settings(max_examples=30, deadline=None)
@given(cases_of(max_nodes=5))
def test_with_a_vanishing_prior_ems_log_likelihood_never_falls(case):
    """The textbook property: with the prior's weight near 0, EM is maximum likelihood and
    the log-likelihood of the cases never decreases from one iteration to the next."""
    model, rows = case
    model = replace(model, confidence=1e-9)
    cpts = {n: v.cpt for n, v in model.variables.items()}
    rows = rows[np.isfinite(CaseCounter(model).count(cpts, rows).log_likelihoods)]
    assume(len(rows) and (rows < 0).any())
    history = learn(model, rows, max_iterations=30, tolerance=1e-12).log_likelihoods
    assert (np.diff(history) >= -1e-9 * max(1.0, abs(min(history)))).all(), history


# -- the weight learning claims: per row, only what informed it -------------------------------


@settings(max_examples=40, deadline=None)
@given(networks(max_nodes=4), st.integers(0, 2**16))
def test_complete_cases_add_to_each_row_exactly_the_cases_with_its_parent_states(truth, seed):
    """Each row's weight grows by the cases with that row's parent states, and only by them:
    a row no case reached keeps its weight (its credible interval does not narrow)."""
    codes = sampled(truth, 50, seed)
    learned = learn(truth, codes).model
    for name, var in truth.variables.items():
        columns = [truth.names.index(p) for p in var.parents]
        reached = np.zeros(var.cpt.shape[:-1])
        for row in codes:
            reached[tuple(row[columns])] += 1
        grown = learned.row_confidence(name) - truth.row_confidence(name)
        assert np.allclose(grown, reached, atol=1e-9), name
        assert learned.variables[name].confidence == truth.confidence_of(name)


def test_learning_twice_adds_to_the_rows_and_names_both_files():
    model = parse_model(LAWN)
    first = learn(model, np.array([[0, 0, 0]] * 5), source="a.csv").model
    second = learn(first, np.array([[1, 0, 1]] * 3), source="b.csv").model
    wet = second.variables["wet"].learned
    assert wet.cases == 8 and wet.source == "a.csv, b.csv"
    assert second.row_confidence("wet").tolist() == [[22 + 5, 22], [22 + 3, 22]]


LAWN = SPRINKLER.replace("name: lawn", "name: lawn\nconfidence: 22")


def test_a_thousand_cases_elsewhere_leave_an_unreached_rows_interval_as_wide():
    """The report's case: 1,000 cases of rain=no, sprinkler=off say nothing of the row
    rain=yes, sprinkler=off, whose 90% interval must not shrink (it went from 0.29 wide to
    0.04 when every case counted for every row)."""
    model = parse_model(LAWN)
    learned = learn(model, np.array([[0, 0, 0]] * 1000)).model
    evidence = Evidence({"rain": "yes", "sprinkler": "off"})

    def width(m):
        iv = posterior_intervals(Engine(m), evidence, ["wet"], draws=4000, seed=3)
        return iv.intervals["wet"]["wet"].high - iv.intervals["wet"]["wet"].low

    assert width(learned) == pytest.approx(width(model), rel=0.1)
    reached = posterior_intervals(
        Engine(learned), Evidence({"rain": "no", "sprinkler": "off"}), ["wet"], 4000, seed=3
    ).intervals["wet"]["wet"]
    assert reached.high - reached.low < 0.02  # where the cases were, it did narrow


def test_rows_without_values_and_cases_that_inform_nothing_change_nothing(tmp_path):
    """NA,NA,NA rows and ,, rows are no cases; cases that show only rain say nothing about
    sprinkler's or wet's tables; EM's stop does not depend on how many there are."""
    model = parse_model(LAWN)
    cases = "rain,sprinkler,wet\n" + "no,,wet\nyes,on,\n,off,dry\n" * 20
    padded = cases + "NA,NA,NA\n,,\n?,null,\n" * 300
    plain, padding = (parse_cases(text, "c.csv", model) for text in (cases, padded))
    assert padding.empty == 900 and len(padding.codes) == len(plain.codes) == 60
    a, b = learn(model, plain.codes), learn(model, padding.codes)
    assert a.iterations == b.iterations and a.converged
    for name in model.names:
        assert np.array_equal(a.model.variables[name].cpt, b.model.variables[name].cpt)
    only_rain = np.vstack([plain.codes, np.array([[1, -1, -1]] * 500)])
    c = learn(model, only_rain)  # rain's table moves, and with it where hidden rains fall,
    for name, informing in (("sprinkler", 60), ("wet", 40)):  # but not what each gains
        gained = [
            m.model.row_confidence(name).sum() - model.row_confidence(name).sum() for m in (a, c)
        ]
        assert gained[0] == pytest.approx(gained[1]) == informing, name
