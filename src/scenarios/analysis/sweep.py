"""Sweep the scenario space: every combination of the chosen variables' states, answered as
one batch.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> rows = sweep(Engine(load_model()), ["taliban_stance"], ["fata_relocation"])
    >>> [(r.states["taliban_stance"], round(r.posteriors["fata_relocation"]["yes"], 2))
    ...  for r in rows]
    [('accommodate', 0.1), ('ambivalent', 0.25), ('confront', 0.75)]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import QueryError
from scenarios.engine.compiled import Asked, Engine
from scenarios.model.evidence import Evidence

CHUNK = 5_000


@dataclass(frozen=True)
class SweepRow:
    states: dict[str, str]
    probability_of_evidence: float
    posteriors: dict[str, dict[str, float]] | None  # None: these states are impossible


def sweep(
    engine: Engine,
    vary: Sequence[str],
    targets: Sequence[str],
    evidence: Asked = None,
    intervene: bool = False,
    progress: Callable[[int], None] | None = None,
) -> list[SweepRow]:
    """Posteriors of ``targets`` for every combination of states of ``vary`` (observed, or
    forced with ``intervene``), on top of ``evidence``."""
    question = engine.prepare(evidence, targets)
    evidence = question.evidence  # a set belief stays the likelihood it is now
    names = engine.check_targets(vary)
    if len(names) != len(vary) or set(names) & {*evidence.observed, *evidence.do}:
        raise QueryError("--vary names each variable once, and none that the evidence sets")
    states = [engine.model.variables[n].states for n in names]
    count = int(np.prod([len(s) for s in states]))
    if count > limits.get("combinations"):
        raise QueryError(
            limits.refusal("the number of combinations", count, "combinations")
            + "; or vary fewer variables"
        )
    combos = [dict(zip(names, c, strict=True)) for c in itertools.product(*states)]
    batch = [_with(evidence, combo, intervene) for combo in combos]
    rows: list[SweepRow] = []
    for start in range(0, len(batch), CHUNK):
        answers, p = engine.query_batch(batch[start : start + CHUNK], question.targets)
        for offset, combo in enumerate(combos[start : start + CHUNK]):
            rows.append(_row(engine, combo, answers, float(p[offset]), offset))
        if progress:
            progress(min(CHUNK, len(batch) - start))
    return rows


def _with(evidence: Evidence, combo: dict[str, str], intervene: bool) -> Evidence:
    if intervene:
        return Evidence(evidence.hard, evidence.soft, {**evidence.do, **combo}, evidence.beliefs)
    return Evidence({**evidence.hard, **combo}, evidence.soft, evidence.do, evidence.beliefs)


def _row(
    engine: Engine, combo: dict[str, str], answers: dict[str, np.ndarray], p: float, index: int
) -> SweepRow:
    if not p > 0:
        return SweepRow(combo, 0.0, None)
    posteriors = {t: engine.model.variables[t].distribution(a[index]) for t, a in answers.items()}
    return SweepRow(combo, p, posteriors)
