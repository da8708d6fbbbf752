"""Every posterior, four query shapes, this engine against pyAgrum in one run: ratios per network.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/engines.py
     [--networks alarm,munin] [--large] [--findings 0,5,10] [--repeat 7] [--budget 20]
     [--batch 1000] [--json results.json]

Query shapes, each timed without tracemalloc and reported as a median over repeats of process
CPU time (wall time beside it in the JSON; the engines interleaved, so both see the same machine
load). pyAgrum runs on one thread (its default two collapse on a busy machine) and is timed with
both of its exact engines, LazyPropagation and ShaferShenoyInference; ratios are against the
faster of the two for each shape:

- cold: a new engine for each query (ours: ``Engine(model)`` with the compiled einsums it could
  share with earlier engines forgotten; pyAgrum: a new inference object);
- warm: an engine reused, the same variables observed in new states (pyAgrum: ``chgEvidence``,
  and separately erase + set);
- new-vars: an engine reused, a set of observed variables it has not seen;
- no-evidence: an engine reused, asked again with no evidence (findings 0 only).

With ``--batch N``: N evidence sets of 5 random findings each answered by one ``query_batch``
(first call, and again with its plans compiled) against pyAgrum's loop over the first 50 sets.

Evidence comes from forward samples, so it is always possible. Every posterior is read out as
Python lists on both sides and compared to 1e-9 before any time is reported. Peak memory of our
cold query is measured afterwards in a separate pass with tracemalloc; our largest intermediate
table is set beside the largest clique of pyAgrum's junction tree.

Networks: the nine bundled with the tests by default; ``--large`` adds water, mildew, barley,
diabetes, pigs, link, munin1-4 and munin from the installed pgmpy's example models.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import tracemalloc
import warnings
from pathlib import Path

from agrum import (
    BNLEARN_NETWORKS,
    LARGE_NETWORKS,
    agree,
    evidence_on,
    largest_clique,
    network,
    pyagrum_net,
    read_posteriors,
)

from scenarios import Engine
from scenarios.core.allocator import keep_freed_memory
from scenarios.engine.elimination import forget_searched
from scenarios.engine.pairwise import clear_compiled


class Timer:
    """Interleaved repeats of named callables, stopping when the budget in seconds is spent."""

    def __init__(self, repeat: int, budget: float):
        self.repeat, self.budget = repeat, budget

    def run(self, cases: dict) -> dict[str, float]:
        """``cases``: name -> callable taking the repeat number. Median CPU seconds per name,
        and the median wall seconds as ``<name>_wall``."""
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        wall: dict[str, list[float]] = {name: [] for name in cases}
        spent = 0.0
        for i in range(self.repeat):
            for name, fn in cases.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                fn(i)
                cpu[name].append(time.process_time() - start_cpu)
                wall[name].append(time.perf_counter() - start)
                spent += wall[name][-1]
            if spent > self.budget:
                break
        medians = {name: statistics.median(t) for name, t in cpu.items()}
        return medians | {f"{name}_wall": statistics.median(t) for name, t in wall.items()}


def cold_engine(model) -> Engine:
    """A new engine with nothing compiled: the einsums and searched orders kept across
    engines are forgotten."""
    clear_compiled()
    forget_searched()
    return Engine(model)


def agrum_cold(bn, evidence, engine: str = "LazyPropagation"):
    import pyagrum as gum

    inference = getattr(gum, engine)(bn)
    inference.setEvidence(evidence)
    inference.makeInference()
    return read_posteriors(bn, inference)


def agrum_set(bn, inference, evidence):
    inference.eraseAllEvidence()
    inference.setEvidence(evidence)
    inference.makeInference()
    return read_posteriors(bn, inference)


def agrum_change(bn, inference, evidence):
    for name, state in evidence.items():
        inference.chgEvidence(name, state)
    inference.makeInference()
    return read_posteriors(bn, inference)


def bench_findings(model, bn, count: int, timer: Timer, with_agrum: bool = True) -> dict:
    """All shapes with ``count`` findings; answers checked against pyAgrum first (unless
    ``with_agrum`` is false: then only this engine is timed)."""
    import pyagrum as gum

    rng = random.Random(f"{model.name}/{count}")
    names = list(model.variables)
    fixed = rng.sample(names, count)
    same_vars = [evidence_on(model, fixed, rng) for _ in range(timer.repeat + 1)]
    new_vars = [evidence_on(model, rng.sample(names, count), rng) for _ in range(timer.repeat)]
    cold_sets = [evidence_on(model, rng.sample(names, count), rng) for _ in range(timer.repeat)]

    reused = Engine(model)
    reused.query(same_vars[0])
    changed, erased = gum.LazyPropagation(bn), gum.LazyPropagation(bn)
    shafer_changed, shafer_erased = gum.ShaferShenoyInference(bn), gum.ShaferShenoyInference(bn)
    if with_agrum:
        agree(reused.query(cold_sets[0]), agrum_cold(bn, cold_sets[0]), bn)
        for inference in (changed, shafer_changed):
            inference.setEvidence(same_vars[0])
            agrum_change(bn, inference, same_vars[0])
        agrum_set(bn, erased, same_vars[0])
        agrum_set(bn, shafer_erased, same_vars[0])
    cases = {
        "ours_cold": lambda i: cold_engine(model).query(cold_sets[i]),
        "agrum_cold_lazy": lambda i: agrum_cold(bn, cold_sets[i]),
        "agrum_cold_shafer": lambda i: agrum_cold(bn, cold_sets[i], "ShaferShenoyInference"),
    }
    if count:
        cases |= {
            "ours_warm": lambda i: reused.query(same_vars[i + 1]),
            "agrum_warm_chg_lazy": lambda i: agrum_change(bn, changed, same_vars[i + 1]),
            "agrum_warm_chg_shafer": lambda i: agrum_change(bn, shafer_changed, same_vars[i + 1]),
            "agrum_warm_set_lazy": lambda i: agrum_set(bn, erased, same_vars[i + 1]),
            "agrum_warm_set_shafer": lambda i: agrum_set(bn, shafer_erased, same_vars[i + 1]),
            "ours_new_vars": lambda i: reused.query(new_vars[i]),
            "agrum_new_vars_lazy": lambda i: agrum_set(bn, erased, new_vars[i]),
            "agrum_new_vars_shafer": lambda i: agrum_set(bn, shafer_erased, new_vars[i]),
        }
    else:
        erased.eraseAllEvidence()
        shafer_erased.eraseAllEvidence()
        cases |= {
            "ours_no_evidence": lambda i: reused.query({}),
            "agrum_no_evidence_lazy": lambda i: agrum_set(bn, erased, {}),
            "agrum_no_evidence_shafer": lambda i: agrum_set(bn, shafer_erased, {}),
        }
    if not with_agrum:
        cases = {k: v for k, v in cases.items() if k.startswith("ours")}
    medians = best_of_agrum(timer.run(cases))
    if with_agrum and count:
        agree(reused.query(same_vars[-1]), agrum_change(bn, changed, same_vars[-1]), bn)
    tracemalloc.start()
    engine = cold_engine(model)
    engine.query(cold_sets[0])
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "findings": count,
        **{k: v * 1e3 if isinstance(v, float) else v for k, v in medians.items()},
        "ours_peak_mb": peak,
        "ours_largest_cells": engine.largest_table(),
    }


def best_of_agrum(medians: dict[str, float]) -> dict[str, float]:
    """Each pyAgrum shape as the faster of its two engines (CPU), named as the shape, and
    which engine that was (``<shape>_engine``)."""
    out = dict(medians)
    for name in [n for n in medians if n.endswith("_lazy")]:
        shape = name.removesuffix("_lazy")
        lazy, shafer = medians[name], medians.get(shape + "_shafer", float("inf"))
        out[shape] = min(lazy, shafer)
        out[shape + "_engine"] = "LazyPropagation" if lazy <= shafer else "ShaferShenoy"
    return out


def bench_batch(model, bn, count: int, sets: int, agrum_sets: int) -> dict:
    """``sets`` evidence sets of ``count`` random findings each: one ``query_batch`` (its plans
    compiled by a first, untimed call on other sets) against pyAgrum's loop over the first
    ``agrum_sets`` of them (per set; the loop's time is linear)."""
    import pyagrum as gum

    rng = random.Random(f"{model.name}/batch/{count}")
    names = list(model.variables)
    batch = [evidence_on(model, rng.sample(names, count), rng) for _ in range(sets)]
    engine = Engine(model)
    start = time.process_time()
    answers, _ = engine.query_batch(batch)
    first = time.process_time() - start
    start = time.process_time()
    answers, _ = engine.query_batch(batch)
    again = time.process_time() - start
    inference = gum.LazyPropagation(bn)
    start = time.process_time()
    theirs = [agrum_set(bn, inference, e) for e in batch[:agrum_sets]]
    loop = (time.process_time() - start) / agrum_sets
    for i, posteriors in enumerate(theirs):
        for name, row in posteriors.items():
            labels = [str(s) for s in bn.variable(name).labels()]
            order = [model.variables[name].states.index(s) for s in labels]
            assert max(abs(answers[name][i][order] - row)) <= 1e-9, name
    return {
        "batch_sets": sets,
        "batch_first_ms_per_set": first / sets * 1e3,
        "batch_ms_per_set": again / sets * 1e3,
        "agrum_loop_ms_per_set": loop * 1e3,
    }


RATIOS = [
    ("cold", "ours_cold", "agrum_cold"),
    ("warm/chg", "ours_warm", "agrum_warm_chg"),
    ("warm/set", "ours_warm", "agrum_warm_set"),
    ("new-vars", "ours_new_vars", "agrum_new_vars"),
    ("no-ev", "ours_no_evidence", "agrum_no_evidence"),
]


def print_row(name: str, row: dict) -> None:
    cells = []
    for _, ours, theirs in RATIOS:
        ratio = f"{row[ours] / row[theirs]:.2f}" if theirs in row else "-" if ours in row else ""
        cells.append(f"{ratio:>9}")
    theirs_cold = f"{row['agrum_cold']:.1f}" if "agrum_cold" in row else "not run"
    print(
        f"{name:<11}{row['findings']:>3}{row['ours_cold']:>10.1f}{theirs_cold:>10}"
        + "".join(cells)
        + f"{row['ours_peak_mb']:>8.0f}{row['ours_largest_cells']:>10.1e}"
        + f"{row['agrum_largest_clique']:>10.1e}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", help="comma-separated names (default: the bundled nine)")
    parser.add_argument("--large", action="store_true", help="add the larger pgmpy networks")
    parser.add_argument("--findings", default="0,5,10")
    parser.add_argument(
        "--release-freed-memory",
        action="store_true",
        help="leave the C allocator as it starts (the command line keeps freed memory for "
        "reuse, scenarios.core.allocator; by default so does this benchmark, for both engines)",
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per shape, at most")
    parser.add_argument(
        "--agrum-max-cells",
        type=int,
        default=2**28,
        help="skip pyAgrum where its largest clique is larger (link: 2^30 cells, 23 GB, 63 s)",
    )
    parser.add_argument(
        "--batch", type=int, default=0, help="also time a batch of this many sets (5 findings)"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not args.release_freed_memory:
        keep_freed_memory()
    warnings.filterwarnings("ignore")
    names = args.networks.split(",") if args.networks else list(BNLEARN_NETWORKS)
    if args.large:
        names += LARGE_NETWORKS
    timer = Timer(args.repeat, args.budget)
    print(
        "ratios are our CPU time / that of pyAgrum's faster exact engine on one thread (below 1:"
        " we are faster); times in CPU ms per query"
    )
    print(
        f"{'network':<11}{'k':>3}{'ours cold':>10}{'pyA cold':>10}"
        + "".join(f"{label:>9}" for label, _, _ in RATIOS)
        + f"{'peak MB':>8}{'largest':>10}{'clique':>10}"
    )
    results = []
    for name in names:
        model = network(name)
        bn = pyagrum_net(model)
        import pyagrum as gum

        clique = largest_clique(bn, gum.LazyPropagation(bn))
        for count in (int(k) for k in args.findings.split(",")):
            if count >= len(model.variables):
                continue
            row = {"network": name, "variables": len(model.variables)}
            row |= bench_findings(model, bn, count, timer, clique <= args.agrum_max_cells)
            row["agrum_largest_clique"] = clique
            results.append(row)
            print_row(name, row)
    if args.batch:
        heading = f"{'batch ms/set':>14}{'first run':>11}{'pyAgrum loop':>14}{'ratio':>7}"
        print(f"\n{'network':<11}{heading}")
        for name in names:
            model = network(name)
            bn = pyagrum_net(model)
            row = bench_batch(model, bn, min(5, len(model.variables) - 1), args.batch, 50)
            results.append({"network": name, **row})
            print(
                f"{name:<11}{row['batch_ms_per_set']:>14.2f}{row['batch_first_ms_per_set']:>11.2f}"
                f"{row['agrum_loop_ms_per_set']:>14.2f}"
                f"{row['batch_ms_per_set'] / row['agrum_loop_ms_per_set']:>7.2f}",
                flush=True,
            )
    print(
        "answers agree with pyAgrum to 1e-9 on every posterior before timing; 'not run': "
        "pyAgrum's largest clique is over --agrum-max-cells"
    )
    if args.json:
        from scenarios.io.atomic import atomic_write_bytes

        atomic_write_bytes(args.json, json.dumps(results, indent=2).encode())


if __name__ == "__main__":
    main()
