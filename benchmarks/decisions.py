"""Solve influence diagrams: this engine against pyAgrum's ShaferShenoyLIMIDInference.

Run: .venv/bin/python benchmarks/decisions.py [--sizes 20,50,100,200] [--runs 7] [--json F]

Random diagrams of N chance nodes (2-3 states, up to 3 parents each), three decisions taken in
one order (each an ancestor of the next: no-forgetting) that each observe one or two earlier
variables, and two utility nodes over outcomes and decisions. Both solve the same diagram cold
(ours: compile and solve; pyAgrum: a new inference object, the no-forgetting order, MEU); the
MEUs are compared to 1e-9 before anything is timed. Process CPU time, medians, the engines
interleaved, both on one thread. Also the Khorasan decisions model and the corpus diagrams.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np  # noqa: E402
from agrum import TESTS, _gum  # noqa: F401  (pins BLAS and pyAgrum to one thread)

sys.path.insert(0, str(TESTS))
from influence import pyagrum_diagram  # noqa: E402
from scenarios import load_model  # noqa: E402
from scenarios.engine.decisions import DecisionSolver, decision_order  # noqa: E402
from scenarios.model.schema import Model, Utility, Variable  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def random_diagram(size: int, seed: int) -> Model:
    rng = random.Random(seed)
    names = [f"c{i}" for i in range(size)]
    spots = sorted(rng.sample(range(size // 4, size), 3))  # where the decisions sit
    variables: dict[str, Variable] = {}
    order: list[str] = []
    for i, name in enumerate(names):
        if i in spots:
            k = spots.index(i)
            decision = f"d{k}"
            seen = rng.sample(order[-8:], min(2, len(order)))
            if k:  # the previous decision is known: one order, no-forgetting
                seen = [*seen, f"d{k - 1}"]
            shape = [variables[p].cardinality for p in seen]
            table = np.zeros((*shape, 2))
            table[..., 0] = 1.0
            variables[decision] = Variable(decision, ("a", "b"), tuple(seen), table, decision=True)
            order.append(decision)
        parents = rng.sample(order[-6:], min(len(order), rng.randint(0, 3)))
        card = rng.choice([2, 3])
        shape = [variables[p].cardinality for p in parents]
        raw = np.random.default_rng(seed * 1000 + i).random((*shape, card)) + 0.05
        variables[name] = Variable(
            name,
            tuple(f"s{j}" for j in range(card)),
            tuple(parents),
            raw / raw.sum(axis=-1, keepdims=True),
        )
        order.append(name)
    utilities = {}
    for u in range(2):
        parents = [order[-1 - u], f"d{2 - u}"]
        shape = [variables[p].cardinality for p in parents]
        table = np.random.default_rng(seed + 77 + u).integers(-50, 100, shape).astype(float)
        utilities[f"u{u}"] = Utility(f"u{u}", tuple(parents), table)
    return Model(f"random{size}", variables, utilities=utilities)


def agrum_meu(diagram, order: list[str] | None) -> float:
    import pyagrum as gum

    inference = gum.ShaferShenoyLIMIDInference(diagram)
    if order and len(order) > 1:
        inference.addNoForgettingAssumption(order)
    inference.makeInference()
    return float(inference.MEU()["mean"])


def ours_meu(model: Model) -> float:
    return DecisionSolver(model).solve().meu


def cpu(fn, *args) -> tuple[float, object]:
    start = time.process_time()
    result = fn(*args)
    return time.process_time() - start, result


def compare(label: str, model: Model, runs: int) -> dict[str, object]:
    order = decision_order(model)
    diagram = pyagrum_diagram(model)
    mine, theirs = ours_meu(model), agrum_meu(diagram, order)
    assert abs(mine - theirs) < 1e-9, (label, mine, theirs)
    times: dict[str, list[float]] = {"ours": [], "agrum": []}
    for _ in range(runs):  # interleaved
        times["ours"].append(cpu(ours_meu, model)[0])
        times["agrum"].append(cpu(agrum_meu, diagram, order)[0])
    ours_s, agrum_s = (statistics.median(times[k]) for k in ("ours", "agrum"))
    row = {
        "diagram": label,
        "nodes": len(model.variables) + len(model.utilities),
        "ours_ms": ours_s * 1e3,
        "agrum_ms": agrum_s * 1e3,
        "ratio": ours_s / agrum_s,
        "meu": mine,
    }
    print(
        f"{label:<24} {row['nodes']:>5} {row['ours_ms']:>9.1f} {row['agrum_ms']:>9.1f} "
        f"{row['ratio']:>6.2f}"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,50,100,200")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(f"{'diagram':<24} {'nodes':>5} {'ours ms':>9} {'pyAgrum':>9} {'ratio':>6}")
    rows = [
        compare(f"random, {size} chance", random_diagram(size, seed=size), args.runs)
        for size in (int(s) for s in args.sizes.split(","))
    ]
    rows.append(compare("khorasan-decisions", load_model("khorasan-decisions"), args.runs))
    for name in ("agrum/ID/decAsia.xml", "agrum/ID/Pinball.xdsl", "more/net/RegularID.net"):
        if (CORPUS / name).exists():
            model = load_model(CORPUS / name)
            rows.append(compare(Path(name).name, replace(model, name=Path(name).stem), args.runs))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
