"""All posteriors given 3 findings on the bnlearn networks: this engine, pyAgrum, pgmpy.

Run: .venv/bin/pip install pyagrum && .venv/bin/python benchmarks/bnlearn_engines.py
     [--sets 5] [--json results.json]

For each network, the same evidence sets (3 findings from a forward sample, so always
possible) go to: this engine (cold: fresh engine, contraction paths searched; warm: paths
cached); pyAgrum LazyPropagation (engine reused, evidence changed, every posterior read); pgmpy
VariableElimination, one target at a time (first evidence set only: it is by far the slowest).
Answers are compared to 1e-9 before timing is reported. Peak memory of this engine's queries
is measured with tracemalloc (numpy reports its buffers to it).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from scenarios import Engine, to_pgmpy  # noqa: E402
from test_bnlearn import NETWORKS, network, sampled_evidence  # noqa: E402


def pyagrum_engine(model):
    """The same network built through pyAgrum's API (its BIF parser rejects state names with
    '/', which hailfinder and others use)."""
    import itertools

    import pyagrum as gum

    bn = gum.BayesNet(model.name)
    for name, var in model.variables.items():
        bn.add(gum.LabelizedVariable(name, name, list(var.states)))
    for name, var in model.variables.items():
        for parent in var.parents:
            bn.addArc(parent, name)
    for name, var in model.variables.items():
        cards = [model.variables[p].cardinality for p in var.parents]
        for combo in itertools.product(*(range(c) for c in cards)):
            bn.cpt(name)[dict(zip(var.parents, combo, strict=True))] = var.cpt[combo].tolist()
    return bn, gum.LazyPropagation(bn)


def pyagrum_posteriors(bn, inference, evidence):
    inference.eraseAllEvidence()
    inference.setEvidence(evidence)
    inference.makeInference()
    return {bn.variable(i).name(): inference.posterior(i).tolist() for i in bn.nodes()}


def belief_propagation(model, evidence, reference, max_variables: int = 20):
    """pgmpy BeliefPropagation, one target at a time (its joint=False query for all targets
    allocates the full joint, 1.5 TiB on alarm; per target it took over 60 s for one evidence
    set on insurance and alarm). None where it is not run or fails."""
    from pgmpy.inference import BeliefPropagation

    if len(model.variables) > max_variables:
        return None
    try:
        start = time.perf_counter()
        bp = BeliefPropagation(to_pgmpy(model))
        bp.calibrate()
        for target, values in reference.items():
            factor = bp.query([target], evidence=evidence, show_progress=False)
            got = [factor.get_value(**{target: s}) for s in model.variables[target].states]
            assert np.allclose(got, values, atol=1e-9), target
        return time.perf_counter() - start
    except MemoryError:
        return None


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def bench(name: str, sets: int) -> dict:
    from pgmpy.inference import VariableElimination

    model = network(name)
    rng = random.Random(name)
    evidences = [sampled_evidence(model, rng, 3) for _ in range(sets)]
    tracemalloc.start()
    cold, ours = timed(lambda: [Engine(model).query(e) for e in evidences])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    engine = Engine(model)
    for e in evidences:
        engine.query(e)
    warm, _ = timed(lambda: [engine.query(e) for e in evidences])
    bn, inference = pyagrum_engine(model)
    t_agrum, agrum = timed(lambda: [pyagrum_posteriors(bn, inference, e) for e in evidences])
    ve = VariableElimination(to_pgmpy(model))
    first = evidences[0]
    t_pgmpy, reference = timed(
        lambda: {
            t: [
                ve.query([t], evidence=first, show_progress=False).get_value(**{t: s})
                for s in model.variables[t].states
            ]
            for t in model.names
            if t not in first
        }
    )
    for target, values in reference.items():
        assert np.allclose(list(ours[0][target].values()), values, atol=1e-9), target
    t_bp = belief_propagation(model, first, reference)
    for mine, theirs in zip(ours, agrum, strict=True):
        for target, dist in mine.posteriors.items():
            labels = [str(s) for s in bn.variable(target).labels()]
            assert np.allclose([dist[s] for s in labels], theirs[target], atol=1e-9), target
    return {
        "network": name,
        "variables": len(model.variables),
        "sets": sets,
        "ours_cold_ms": cold / sets * 1e3,
        "ours_warm_ms": warm / sets * 1e3,
        "pyagrum_ms": t_agrum / sets * 1e3,
        "pgmpy_ve_ms": t_pgmpy * 1e3,
        "pgmpy_bp_ms": None if t_bp is None else t_bp * 1e3,
        "ours_peak_mb": peak / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    print(
        f"{'network':<11}{'vars':>5}{'ours cold':>11}{'ours warm':>11}{'pyAgrum':>10}"
        f"{'pgmpy VE':>11}{'pgmpy BP':>11}{'warm/pyAgrum':>14}{'peak MB':>9}"
        "   (ms per evidence set)"
    )
    results = []
    for name in NETWORKS:
        r = bench(name, args.sets)
        results.append(r)
        print(
            f"{name:<11}{r['variables']:>5}{r['ours_cold_ms']:>11.1f}{r['ours_warm_ms']:>11.1f}"
            f"{r['pyagrum_ms']:>10.1f}{r['pgmpy_ve_ms']:>11.1f}"
            f"{'-' if r['pgmpy_bp_ms'] is None else format(r['pgmpy_bp_ms'], '.1f'):>11}"
            f"{r['ours_warm_ms'] / r['pyagrum_ms']:>14.2f}{r['ours_peak_mb']:>9.1f}",
            flush=True,
        )
    print(
        "answers agree to 1e-9 with pyAgrum (every posterior) and pgmpy (first set); "
        "pgmpy BP: per target, networks of at most 20 variables ('-': not run)"
    )
    if args.json:
        from scenarios.io.atomic import atomic_write_bytes

        atomic_write_bytes(args.json, json.dumps(results, indent=2).encode())


if __name__ == "__main__":
    main()
