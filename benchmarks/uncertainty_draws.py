"""Time Dirichlet draws for credible intervals on the Khorasan model: batched engine vs pgmpy.

Run: .venv/bin/python benchmarks/uncertainty_draws.py [--draws 10000] [--pgmpy-draws 30]

Both answer the same work per draw: every CPT drawn from its Dirichlet, then the posterior of
the three headline outcomes given is_funding=high. This engine answers all draws in one batched
contraction per target; pgmpy builds a network per draw and runs VariableElimination (only
--pgmpy-draws of them, then scaled per draw: a full pgmpy run would take minutes). Answers are
compared on the pgmpy draws first, to 1e-9.
"""

from __future__ import annotations

import argparse
import time
import warnings
from dataclasses import replace

import numpy as np

from scenarios import Engine, load_bundled, to_pgmpy
from scenarios.analysis.uncertainty import posterior_intervals, sample_cpts
from scenarios.engine.evidence import Evidence

TARGETS = ["defection_rate", "secret_pact", "fata_relocation"]
EVIDENCE = {"is_funding": "high"}


def pgmpy_draws(model, cpts, count):
    from pgmpy.inference import VariableElimination

    answers = []
    for d in range(count):
        drawn = replace(model, variables={n: replace(v, cpt=cpts[n][d])
                                          for n, v in model.variables.items()})
        ve = VariableElimination(to_pgmpy(drawn))
        answers.append({t: [ve.query([t], evidence=EVIDENCE, show_progress=False)
                            .get_value(**{t: s}) for s in model.variables[t].states]
                        for t in TARGETS})
    return answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--pgmpy-draws", type=int, default=30)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=FutureWarning)
    model = load_bundled()
    engine = Engine(model)

    cpts = sample_cpts(model, args.pgmpy_draws, np.random.default_rng(0))
    ours, _ = engine.query_draws(Evidence(EVIDENCE), TARGETS, cpts)
    start = time.perf_counter()
    reference = pgmpy_draws(model, cpts, args.pgmpy_draws)
    t_pgmpy = (time.perf_counter() - start) / args.pgmpy_draws
    for d, answer in enumerate(reference):
        for t in TARGETS:
            assert np.allclose(ours[t][d], answer[t], atol=1e-9, rtol=0), (d, t)

    posterior_intervals(engine, Evidence(EVIDENCE), TARGETS, draws=200, seed=0)  # warm paths
    start = time.perf_counter()
    posterior_intervals(engine, Evidence(EVIDENCE), TARGETS, draws=args.draws, seed=0)
    t_ours = time.perf_counter() - start
    print(f"Khorasan, {len(TARGETS)} targets given is_funding=high; answers agree to 1e-9")
    print(f"  scenarios: {args.draws:,} draws (sampling + batched contraction + quantiles) "
          f"in {t_ours:.3f} s = {t_ours / args.draws * 1e6:.1f} us/draw")
    print(f"  pgmpy VE : {t_pgmpy * 1e3:.1f} ms/draw ({args.pgmpy_draws} draws timed); "
          f"{args.draws:,} draws would take ~{t_pgmpy * args.draws:.0f} s")
    print(f"  ratio per draw: {t_pgmpy / (t_ours / args.draws):,.0f}x")


if __name__ == "__main__":
    main()
