"""Ensemble members per second: one process against Dask local clusters of one and two worker
processes on this machine, the same ensemble (the Khorasan model, four drivers as sampled
beliefs, 200 draws of the tables per setting), wall time; and the memory each worker holds.

    .venv/bin/python benchmarks/ensemble.py [--samples 400] [--draws 200]
"""

from __future__ import annotations

import argparse
import time

from scenarios import load_model
from scenarios.analysis import ensemble as ens
from scenarios.analysis.ensemble_dask import answer_parts

VARY = ("is_funding", "troop_drawdown", "leadership_visibility", "pakistan_tolerance")
TARGETS = ("defection_rate", "secret_pact", "fata_relocation")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--draws", type=int, default=200)
    args = parser.parse_args()
    model = load_model()
    spec = ens.checked_spec(
        model, ens.EnsembleSpec(VARY, TARGETS, True, args.samples, args.draws, seed=1)
    )
    ens.ROWS_PER_PART = 4_000  # enough parts for two workers to share
    work = ens.parts(model, spec)
    members = args.samples * args.draws
    started = time.perf_counter()
    made = ens.context(model, spec)
    for part in work:
        ens.answer_part(made, spec, part)
    alone = time.perf_counter() - started
    print(f"{members:,} members in {len(work)} parts")
    print(f"one process      {members / alone:12,.0f} members/s")
    for workers in (1, 2):
        started = time.perf_counter()
        answer_parts(model, spec, work, None, workers, lambda p, c: None)
        spent = time.perf_counter() - started
        print(
            f"dask, {workers} worker{'s' if workers > 1 else ' '} {members / spent:12,.0f} "
            f"members/s ({alone / spent:.2f}x one process, cluster start included)"
        )
    memory = ", ".join(f"{mb:.0f}" for mb in worker_memory(model, spec, work))
    print(f"resident memory of each of two workers afterwards: {memory} MB")


def worker_memory(model, spec, work) -> list[float]:
    """The resident memory of each of two workers (MB) after they answered every part."""
    from distributed import Client, LocalCluster

    from scenarios.analysis.ensemble_dask import _task

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        ref = client.scatter(model, broadcast=True)
        client.gather([client.submit(_task, ref, spec, part, pure=False) for part in work])

        def rss() -> float:
            import psutil

            return psutil.Process().memory_info().rss / 2**20

        return sorted(client.run(rss).values())


if __name__ == "__main__":
    main()
