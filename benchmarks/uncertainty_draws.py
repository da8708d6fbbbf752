"""Time Dirichlet draws for credible intervals on the Khorasan model: batched engine vs loops.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/uncertainty_draws.py
     [--draws 10000] [--pgmpy-draws 30] [--pyagrum-draws 1000] [--json results.json]

All answer the same work per draw: every CPT drawn from its Dirichlet, then the posterior of
the three headline outcomes given is_funding=high. This engine answers all draws in one batched
pass; pyAgrum refills every CPT of one network per draw and runs LazyPropagation; pgmpy
builds a network per draw and runs VariableElimination per target (only --pgmpy-draws of them,
then scaled per draw: a full pgmpy run would take minutes). Answers are compared to 1e-9 first.
Peak memory of the batched run is measured with tracemalloc in a separate, untimed run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tracemalloc
import warnings
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from agrum import pyagrum_engine  # noqa: E402

# isort: split
import numpy as np  # noqa: E402  (after agrum: it pins BLAS to one thread)

from scenarios import Engine, load_model, to_pgmpy  # noqa: E402
from scenarios.analysis.uncertainty import posterior_intervals, sample_cpts  # noqa: E402
from scenarios.io.atomic import atomic_write_bytes  # noqa: E402
from scenarios.model.evidence import Evidence  # noqa: E402

TARGETS = ["defection_rate", "secret_pact", "fata_relocation"]
EVIDENCE = {"is_funding": "high"}


def pgmpy_draws(model, cpts, count):
    from pgmpy.inference import VariableElimination

    answers = []
    for d in range(count):
        drawn = replace(
            model, variables={n: replace(v, cpt=cpts[n][d]) for n, v in model.variables.items()}
        )
        ve = VariableElimination(to_pgmpy(drawn))
        answers.append(
            {
                t: [
                    ve.query([t], evidence=EVIDENCE, show_progress=False).get_value(**{t: s})
                    for s in model.variables[t].states
                ]
                for t in TARGETS
            }
        )
    return answers


def pyagrum_draws(model, cpts, count):
    """Per draw: refill every CPT of one pyAgrum network, run a new LazyPropagation (one that
    is reused does not see changed CPTs)."""
    import pyagrum as gum

    bn, _ = pyagrum_engine(model)
    answers = []
    for d in range(count):
        for name, var in model.variables.items():
            k = len(var.parents)  # pyAgrum's flat order: child fastest, then parents in order
            flat = np.transpose(cpts[name][d], (*range(k - 1, -1, -1), k)).ravel()
            bn.cpt(name).fillWith(flat.tolist())
        inference = gum.LazyPropagation(bn)
        inference.setEvidence(EVIDENCE)
        inference.makeInference()
        answers.append({t: inference.posterior(t).tolist() for t in TARGETS})
    return answers


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--pgmpy-draws", type=int, default=30)
    parser.add_argument("--pyagrum-draws", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=FutureWarning)
    model = load_model()
    engine = Engine(model)

    cpts = sample_cpts(model, max(args.pgmpy_draws, args.pyagrum_draws), np.random.default_rng(0))
    ours, _ = engine.query_draws(Evidence(EVIDENCE), TARGETS, cpts)
    t_pgmpy, reference = timed(lambda: pgmpy_draws(model, cpts, args.pgmpy_draws))
    t_agrum, agrum = timed(lambda: pyagrum_draws(model, cpts, args.pyagrum_draws))
    for d, answer in [*enumerate(reference), *enumerate(agrum)]:
        for t in TARGETS:
            assert np.allclose(ours[t][d], answer[t], atol=1e-9, rtol=0), (d, t)
    t_pgmpy, t_agrum = t_pgmpy / args.pgmpy_draws, t_agrum / args.pyagrum_draws

    def run():
        return posterior_intervals(engine, Evidence(EVIDENCE), TARGETS, draws=args.draws, seed=0)

    posterior_intervals(engine, Evidence(EVIDENCE), TARGETS, draws=200, seed=0)  # warm paths
    t_ours, _ = timed(run)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    per_draw = t_ours / args.draws
    print(f"Khorasan, {len(TARGETS)} targets given is_funding=high; answers agree to 1e-9")
    print(
        f"  scenarios: {args.draws:,} draws (sampling + batched pass + quantiles) "
        f"in {t_ours:.3f} s = {per_draw * 1e6:.1f} us/draw, peak {peak:.0f} MB"
    )
    print(
        f"  pyAgrum  : {t_agrum * 1e3:.2f} ms/draw ({args.pyagrum_draws} draws timed): "
        f"{t_agrum / per_draw:,.0f}x slower"
    )
    print(
        f"  pgmpy VE : {t_pgmpy * 1e3:.1f} ms/draw ({args.pgmpy_draws} draws timed): "
        f"{t_pgmpy / per_draw:,.0f}x slower"
    )
    if args.json:
        results = {
            "benchmark": "khorasan_draws",
            "draws": args.draws,
            "ours_s": t_ours,
            "ours_peak_mb": peak,
            "pyagrum_ms_per_draw": t_agrum * 1e3,
            "pgmpy_ms_per_draw": t_pgmpy * 1e3,
            "pyagrum_ratio": t_agrum / per_draw,
            "pgmpy_ratio": t_pgmpy / per_draw,
        }
        atomic_write_bytes(args.json, json.dumps(results, indent=2).encode())


if __name__ == "__main__":
    main()
