"""How long a keystroke of ``scenarios explore`` takes to reach the screen, against pyAgrum
answering the same change, in one run.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/explore_keystroke.py
     [--networks khorasan,win95pts,pathfinder,andes] [--keys 20] [--json results.json]

For each network the explorer runs headless (Textual's Pilot, 80x24) and a finding is set and
changed ``--keys`` times on variables picked at random (the states of one forward sample, so
the evidence stays possible). Reported as medians:

- update: the key's handler (the session answers the change, every block is redrawn) plus
  Textual's next screen refresh, i.e. a key's time to the screen less the time the same
  Pilot takes for a key bound to nothing (its own waits);
- handler: the handler alone;
- engine: Engine.query of every posterior under the same evidence (the explorer's cached
  engine);
- pyAgrum: LazyPropagation kept across keys (as an interactive tool would), its evidence
  replaced and every posterior read out;
- ratio: engine / pyAgrum (below 1 we are faster).

The issue's budget: an update under 50 ms on the bundled model and under 200 ms on a network
of about 100 variables (pathfinder has 109, andes 223).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time

from agrum import forward_sample, network, pyagrum_engine, read_posteriors

from scenarios import load_model
from scenarios.engine import Engine
from scenarios.explore.app import ExplorerApp
from scenarios.explore.session import Session


def model_named(name: str):
    return load_model() if name == "khorasan" else network(name)


async def time_keys(model, changes: list[tuple[str, str]]) -> dict[str, list[float]]:
    app = ExplorerApp(Session(model))
    times: dict[str, list[float]] = {"idle": [], "key": [], "handler": []}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        listing = app.query_one("#variables")
        for name, state in changes:
            listing.highlighted = listing.get_option_index(name)
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("f12")  # bound to nothing: the Pilot's own cost
            await pilot.pause()
            times["idle"].append(time.perf_counter() - start)
            index = model.variables[name].states.index(state)
            start = time.perf_counter()
            if index < 9:
                await pilot.press(str(index + 1))
            else:  # past the digit keys: the same action the picker's Enter runs
                app.action_pick(index)
            await pilot.pause()
            times["key"].append(time.perf_counter() - start)
            start = time.perf_counter()
            app.session.undo()
            app.session.set_finding(name, state)
            app.refresh_values()
            times["handler"].append(time.perf_counter() - start)
            assert app.session.frame.evidence.hard.get(name) == state
    return times


def engine_times(model, evidence_sets) -> tuple[list[float], list[float]]:
    ours, theirs = [], []
    engine = Engine(model)
    bn, inference = pyagrum_engine(model)
    engine.query({})
    for evidence in evidence_sets:
        start = time.perf_counter()
        mine = engine.query(evidence).posteriors
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        inference.eraseAllEvidence()
        inference.setEvidence(evidence)
        inference.makeInference()
        other = read_posteriors(bn, inference)
        theirs.append(time.perf_counter() - start)
        for name, values in other.items():
            pairs = zip(mine[name].values(), values, strict=True)
            assert max(abs(a - b) for a, b in pairs) < 1e-9, name
    return ours, theirs


def bench(name: str, keys: int, seed: int) -> dict:
    model = model_named(name)
    rng = random.Random(seed)
    sample = forward_sample(model, rng)
    picked = rng.sample(model.names, min(keys, len(model.names)))
    changes = [(n, model.variables[n].states[sample[n]]) for n in picked]
    times = asyncio.run(time_keys(model, changes))
    evidence_sets = [dict(changes[: i + 1]) for i in range(len(changes))]
    ours, theirs = engine_times(model, evidence_sets)
    ms = lambda values: statistics.median(values) * 1000  # noqa: E731
    update = ms([k - i for k, i in zip(times["key"], times["idle"], strict=True)])
    return {
        "network": name,
        "variables": len(model.names),
        "update_ms": round(update, 2),
        "handler_ms": round(ms(times["handler"]), 2),
        "engine_ms": round(ms(ours), 3),
        "pyagrum_ms": round(ms(theirs), 3),
        "ratio": round(ms(ours) / ms(theirs), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", default="khorasan,win95pts,pathfinder,andes")
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = [bench(n, args.keys, args.seed) for n in args.networks.split(",")]
    header = f"{'network':<12}{'vars':>5}{'update':>9}{'handler':>9}{'engine':>9}"
    print(header + f"{'pyAgrum':>9}{'ratio':>7}   (ms, medians)")
    for r in rows:
        print(
            f"{r['network']:<12}{r['variables']:>5}{r['update_ms']:>9.1f}{r['handler_ms']:>9.1f}"
            f"{r['engine_ms']:>9.2f}{r['pyagrum_ms']:>9.2f}{r['ratio']:>7.2f}"
        )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=2)


if __name__ == "__main__":
    main()
