"""Time all-posterior queries on the Khorasan model: this engine against pgmpy, same work.

Run: .venv/bin/python benchmarks/khorasan_vs_pgmpy.py [--queries 200] [--seed 0]

Each query is a random set of 0-4 findings; both engines compute the posterior of every
unobserved variable (pgmpy: VariableElimination, one target at a time, the engine reused). The
answers are compared to 1e-9 before anything is timed. Prints times and the ratio.
"""

from __future__ import annotations

import argparse
import random
import time
import warnings
from pathlib import Path

import numpy as np

from scenarios import Engine, load_model, to_pgmpy

MODEL = Path(__file__).resolve().parents[1] / "models" / "khorasan.yaml"


def evidence_sets(model, count: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    sets = []
    for _ in range(count):
        names = rng.sample(model.names, rng.randint(0, 4))
        sets.append({n: rng.choice(model.variables[n].states) for n in names})
    return sets


def ours(engine: Engine, sets):
    return [engine.query(e).posteriors for e in sets]


def pgmpy_answers(ve, model, sets):
    out = []
    for evidence in sets:
        answers = {}
        for target in model.names:
            if target not in evidence:
                factor = ve.query([target], evidence=evidence, show_progress=False)
                answers[target] = [
                    factor.get_value(**{target: s}) for s in model.variables[target].states
                ]
        out.append(answers)
    return out


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    warnings.filterwarnings("ignore", category=FutureWarning)
    from pgmpy.inference import VariableElimination

    model = load_model(MODEL)
    sets = evidence_sets(model, args.queries, args.seed)
    ve = VariableElimination(to_pgmpy(model))
    engine = Engine(model)

    mine, reference = ours(engine, sets), pgmpy_answers(ve, model, sets[:20])
    for got, want in zip(mine, reference, strict=False):
        for target, values in want.items():
            assert np.allclose(list(got[target].values()), values, atol=1e-9, rtol=0), target
    fresh = Engine(model)
    t_cold, _ = timed(ours, fresh, sets)  # every query shape is new: includes path search
    t_warm, _ = timed(ours, fresh, sets)  # same shapes again: cached paths
    t_pgmpy, _ = timed(pgmpy_answers, ve, model, sets)
    n = args.queries
    print(f"Khorasan model, {n} queries, all posteriors each (answers agree to 1e-9)")
    for label, seconds in (
        ("scenarios, cold paths", t_cold),
        ("scenarios, cached paths", t_warm),
        ("pgmpy VariableElimination", t_pgmpy),
    ):
        print(
            f"  {label:<26} {seconds * 1e3:9.1f} ms  ({seconds / n * 1e3:6.2f} ms/query)"
            f"  pgmpy/this = {t_pgmpy / seconds:5.1f}x"
        )


if __name__ == "__main__":
    main()
