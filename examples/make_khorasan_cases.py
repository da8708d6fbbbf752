"""Writes examples/khorasan-cases-synthetic.csv: SYNTHETIC cases for trying `scenarios learn`.
No real data: 400 cases sampled from a variant of the Khorasan model, in which IS money is
more often high than the model judges (is_funding: low 0.10, medium 0.30, high 0.60 instead
of 0.30, 0.45, 0.25) and Pakistan more often tolerant (pakistan_tolerance: low 0.25, medium
0.35, high 0.40 instead of 0.45, 0.35, 0.20). Each value is then hidden with probability 0.3
(missing at random), and the hidden outcomes a planner cannot see directly (secret_pact,
disaffection, is_appeal, ideological_push) with probability 0.8. Seeded: the same file every
run.

    .venv/bin/python examples/make_khorasan_cases.py
"""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import numpy as np

from scenarios import load_model
from scenarios.model.graph import topological_order

OUT = Path(__file__).resolve().parent / "khorasan-cases-synthetic.csv"
VARIANT = {"is_funding": [0.10, 0.30, 0.60], "pakistan_tolerance": [0.25, 0.35, 0.40]}
MOSTLY_HIDDEN = {"secret_pact", "disaffection", "is_appeal", "ideological_push"}


def variant():
    model = load_model("khorasan")
    changed = {n: replace(model.variables[n], cpt=np.array(p)) for n, p in VARIANT.items()}
    return replace(model, variables={**model.variables, **changed})


def sample(model, count: int, rng: np.random.Generator) -> np.ndarray:
    columns = {n: i for i, n in enumerate(model.names)}
    rows = np.zeros((count, len(model.names)), dtype=np.int64)
    for name in topological_order({n: v.parents for n, v in model.variables.items()}):
        var = model.variables[name]
        index = tuple(rows[:, columns[p]] for p in var.parents)
        table = var.cpt[index] if index else np.broadcast_to(var.cpt, (count, var.cardinality))
        cumulative = np.cumsum(table, axis=1)
        rows[:, columns[name]] = (
            (rng.random(count)[:, None] > cumulative).sum(axis=1).clip(max=var.cardinality - 1)
        )
    return rows


def main() -> None:
    rng = np.random.default_rng(2015)
    model = variant()
    rows = sample(model, 400, rng)
    hide = np.array([0.8 if n in MOSTLY_HIDDEN else 0.3 for n in model.names])
    hidden = rng.random(rows.shape) < hide
    with OUT.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(model.names)
        for row, gaps in zip(rows, hidden, strict=True):
            writer.writerow(
                "" if gap else model.variables[n].states[code]
                for n, code, gap in zip(model.names, row, gaps, strict=True)
            )
    print(f"wrote {OUT.name}: {len(rows)} synthetic cases, {hidden.mean():.0%} of values hidden")


if __name__ == "__main__":
    main()
