"""Which tables an interval hangs on (``query --intervals --importance``): each table's share of
the variance of a posterior over the Dirichlet draws of the tables, alone (first-order Sobol
index) and with its interactions (total index).

The tables are the inputs, each drawn as ``--intervals`` draws it (every row Dirichlet around
the judgement, a table the slices of a time-sliced model share drawn once). The design is
Saltelli's pick-freeze one: two independent sets of draws A and B, and for each table j the
set A with table j taken from B; the posteriors of all of them come from the batched engine,
and SALib's estimators (Saltelli 2010 for the first-order index, Jansen for the total) turn
them into indices with bootstrap intervals. Only tables that can move the targets count:
those of ancestors of a target or of a finding, not set by do(), not decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.analysis.uncertainty import DRAW_CELLS, sample_cpts
from scenarios.engine.compiled import Engine
from scenarios.engine.question import Question
from scenarios.model.graph import ancestors
from scenarios.model.time import tied_tables

BASE = 1024  # rows of the design: each costs (tables + 2) posteriors


@dataclass(frozen=True)
class Share:
    """One table's share of one posterior's variance: alone (with its half-width at 95%) and
    with every interaction it takes part in."""

    first: float
    first_conf: float
    total: float


@dataclass(frozen=True)
class Importance:
    tables: list[str]  # as the design ordered them
    shares: dict[str, dict[str, dict[str, Share]]]  # target -> state -> table -> share
    base: int

    def ranked(self, target: str) -> list[str]:
        """The tables, the largest first-order share over the target's states first."""
        of = self.shares[target]
        return sorted(
            self.tables,
            key=lambda t: -max((s[t].first for s in of.values() if t in s), default=0.0),
        )


def importance(
    engine: Engine,
    question: Question,
    targets: Sequence[str],
    base: int = BASE,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Importance:
    """The shares of every table that can move ``targets`` in the variance of each target
    state's posterior, from ``base`` rows of the design."""
    model = engine.model
    tables = _tables(engine, question, targets)
    tied = tied_tables(model)
    rng = np.random.default_rng(seed)
    size = len(tables) + 2
    cells = sum(v.cpt.size for v in model.variables.values()) * size
    step = max(1, min(base, DRAW_CELLS // max(cells, 1)))
    collected: dict[str, list[np.ndarray]] = {t: [] for t in targets}
    for start in range(0, base, step):
        rows = min(step, base - start)
        design = _design(sample_cpts(model, rows, rng), sample_cpts(model, rows, rng), tables, tied)
        answers, _ = engine.query_draws(question, list(targets), design)
        for target in targets:
            collected[target].append(answers[target])
        if progress:
            progress(rows)
    shares = {
        target: _indices(model.variables[target].states, np.concatenate(parts), tables, seed)
        for target, parts in collected.items()
    }
    return Importance(tables, shares, base)


def _tables(engine: Engine, question: Question, targets: Sequence[str]) -> list[str]:
    """The shared tables (by their first holder) that can move the targets."""
    model = engine.model
    evidence = question.evidence
    seen = [*targets, *evidence.hard, *evidence.soft]
    reach = ancestors({n: v.parents for n, v in model.variables.items()}, seen)
    tied = tied_tables(model)
    kept = [
        n
        for n in model.names
        if n in reach and n not in evidence.do and not model.variables[n].decision
    ]
    return list(dict.fromkeys(tied[n] for n in kept))


def _design(
    a: dict[str, np.ndarray], b: dict[str, np.ndarray], tables: list[str], tied: dict[str, str]
) -> dict[str, np.ndarray]:
    """Per variable, ``rows x (tables + 2)`` table sets in SALib's order: for each row, A,
    then A with each table in turn from B, then B."""
    out = {}
    for name, drawn in a.items():
        rows, shape = drawn.shape[0], drawn.shape[1:]
        block = np.repeat(drawn[:, None], len(tables) + 2, axis=1)
        block[:, -1] = b[name]
        if tied[name] in tables:
            block[:, 1 + tables.index(tied[name])] = b[name]
        out[name] = block.reshape(rows * (len(tables) + 2), *shape)
    return out


def _indices(
    states: Sequence[str], values: np.ndarray, tables: list[str], seed: int | None
) -> dict[str, dict[str, Share]]:
    """SALib's first-order and total indices of every table for each state's posterior; a
    posterior that does not vary over the draws has none."""
    from SALib.analyze import sobol  # lazy: SALib and scipy.stats take seconds to import

    problem = {"num_vars": len(tables), "names": tables}
    out: dict[str, dict[str, Share]] = {}
    for k, state in enumerate(states):
        column = values[:, k]
        if not np.ptp(column) > 1e-12:
            out[state] = {}
            continue
        found = sobol.analyze(
            problem, column, calc_second_order=False, seed=None if seed is None else seed + 1
        )
        out[state] = {
            t: Share(float(found["S1"][j]), float(found["S1_conf"][j]), float(found["ST"][j]))
            for j, t in enumerate(tables)
        }
    return out
