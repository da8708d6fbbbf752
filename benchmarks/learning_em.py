"""Learning tables from cases: this project's EM against pyAgrum's EM, and complete-case counting
against pgmpy's BayesianEstimator, in one run; then the scale run (100,000 cases on alarm).

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/learning_em.py
     [--networks asia,child,alarm] [--cases 2000] [--hidden 0.2] [--scale 100000]
     [--json results.json]

Per network: ``--cases`` forward samples of the network, each value hidden at random with
probability ``--hidden``. Both learners start from flat tables with a smoothing prior of one
pseudo-case per cell (ours: confidence = the number of states) and run EM to a tight
convergence. Reported: seconds, iterations, the mean KL divergence of each learner's tables
from the true ones (rows weighted by how often their parent states occur), the largest
difference between the two learners' tables, and ours / pyAgrum. pgmpy has no EM for values
missing at random (its EM fills latent columns only), so it is timed on the complete cases
against our counting. The scale run: ``--scale`` cases on alarm, 20% hidden, ours alone
(pyAgrum's EM takes minutes at that size), with the peak memory of the E-step measured in a
second pass (tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from agrum import network

from scenarios import to_pgmpy
from scenarios.analysis.learn import learn, pseudo_counts
from scenarios.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_learning import agrum_em, flat_prior, mean_kl, pgmpy_layout, sampled  # noqa: E402


def table(model, codes: np.ndarray) -> pd.DataFrame:
    states = [model.variables[n].states for n in model.names]
    return pd.DataFrame(
        [[s[c] for s, c in zip(states, row, strict=True)] for row in codes], columns=model.names
    )


def pgmpy_counting(truth, codes: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pgmpy.estimators import BayesianEstimator  # its structure scores warn on import

        prior = flat_prior(truth, 1.0)
        alpha = pseudo_counts(prior)
        pg = to_pgmpy(truth)
        states = {n: list(v.states) for n, v in truth.variables.items()}
        start = time.perf_counter()
        estimator = BayesianEstimator(pg, table(truth, codes), state_names=states)
        for name, var in truth.variables.items():
            evidence = estimator.estimate_cpd(name, prior_type="K2").variables[1:]
            pseudo = pgmpy_layout(var, alpha[name], evidence)
            estimator.estimate_cpd(name, prior_type="dirichlet", pseudo_counts=pseudo)
        return time.perf_counter() - start


def compare(name: str, count: int, hidden: float) -> dict:
    truth = network(name)
    codes = sampled(truth, count, seed=1, hidden=hidden)
    start = time.perf_counter()
    ours = learn(flat_prior(truth, 1.0), codes, max_iterations=1000, tolerance=1e-10)
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    theirs, agrum_iterations = agrum_em(truth, 1.0, codes, 1e-9)
    agrum_seconds = time.perf_counter() - start
    complete = sampled(truth, count, seed=1)
    start = time.perf_counter()
    learn(flat_prior(truth, 1.0), complete)
    counting = time.perf_counter() - start
    pgmpy_seconds = pgmpy_counting(truth, complete)
    return {
        "network": name,
        "cases": count,
        "hidden": hidden,
        "ours_s": ours_seconds,
        "ours_iterations": ours.iterations,
        "agrum_s": agrum_seconds,
        "agrum_iterations": agrum_iterations,
        "ratio": ours_seconds / agrum_seconds,
        "kl_ours": mean_kl(truth, ours.model),
        "kl_agrum": mean_kl(truth, theirs),
        "largest_difference": max(
            float(np.abs(ours.model.variables[n].cpt - theirs.variables[n].cpt).max())
            for n in truth.names
        ),
        "counting_s": counting,
        "pgmpy_counting_s": pgmpy_seconds,
        "counting_ratio": counting / pgmpy_seconds,
    }


def scale(count: int, hidden: float) -> dict:
    truth = network("alarm")
    codes = sampled(truth, count, seed=2, hidden=hidden)
    start = time.perf_counter()
    learned = learn(truth, codes)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    learn(truth, codes, max_iterations=2)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    Engine(learned.model).query({})  # the learned model answers
    return {
        "cases": count,
        "hidden": hidden,
        "seconds": seconds,
        "iterations": learned.iterations,
        "converged": learned.converged,
        "peak_mb_two_iterations": peak,
        "cases_mb": codes.nbytes / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", default="asia,child,alarm")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--hidden", type=float, default=0.2)
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = [compare(n, args.cases, args.hidden) for n in args.networks.split(",")]
    print(
        f"{'network':<10}{'ours s':>8}{'it':>4}{'pyAgrum s':>11}{'it':>4}{'ratio':>7}"
        f"{'KL ours':>10}{'KL pyAgrum':>12}{'max diff':>10}{'count/pgmpy':>13}"
    )
    for r in rows:
        print(
            f"{r['network']:<10}{r['ours_s']:>8.2f}{r['ours_iterations']:>4}"
            f"{r['agrum_s']:>11.2f}{r['agrum_iterations']:>4}{r['ratio']:>7.3f}"
            f"{r['kl_ours']:>10.5f}{r['kl_agrum']:>12.5f}{r['largest_difference']:>10.1e}"
            f"{r['counting_ratio']:>13.3f}"
        )
    big = scale(args.scale, args.hidden) if args.scale else None
    if big:
        print(
            f"alarm, {big['cases']:,} cases, {big['hidden']:.0%} hidden: {big['seconds']:.1f} s, "
            f"{big['iterations']} iterations (converged: {big['converged']}), peak "
            f"{big['peak_mb_two_iterations']:.0f} MB over the cases' {big['cases_mb']:.0f} MB"
        )
    if args.json:
        Path(args.json).write_text(json.dumps({"networks": rows, "scale": big}, indent=2))


if __name__ == "__main__":
    main()
