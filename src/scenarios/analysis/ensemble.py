"""Exploratory ensembles (``scenarios ensemble``): the targets over many members, each a
setting of the drivers (every combination of their states, or sampled beliefs over them)
answered under many draws of the tables, for scenario discovery (``scenarios discover``).

A member is a setting and a draw. The settings are numbered in a fixed order (the grid's
product order, or the sample's), and the draws are one set of Dirichlet draws of every table
(as ``--intervals`` draws them) shared by all settings, so that two settings are compared on
the same tables. Without draws each setting is answered once on the model's own tables
(draw -1). Work is cut into parts of consecutive settings; each part is answered alone (one
batched pass per setting over all draws, or one batch of settings without draws), so parts
can run anywhere and in any order and give the same numbers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from scenarios.analysis.uncertainty import sample_cpts
from scenarios.core import limits
from scenarios.core.errors import QueryError
from scenarios.engine.compiled import Engine
from scenarios.engine.decisions import DecisionSolver
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model

ROWS_PER_PART = 50_000  # members a part holds at most (one Parquet file each)


@dataclass(frozen=True)
class EnsembleSpec:
    """What an ensemble evaluates; stored with its results, so a run resumes only the same."""

    vary: tuple[str, ...]
    targets: tuple[str, ...]
    beliefs: bool = False  # sampled beliefs over the drivers' states instead of the grid
    samples: int = 0  # settings to sample with ``beliefs``
    draws: int = 0  # draws of the tables per setting (0: the model's own tables)
    seed: int = 0
    intervene: bool = False  # the grid's states set by do() instead of observed

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def rows_per_setting(self) -> int:
        return max(self.draws, 1)


@dataclass(frozen=True)
class Part:
    """One part of the work: settings ``start`` to ``stop`` (exclusive)."""

    index: int
    start: int
    stop: int


def checked_spec(model: Model, spec: EnsembleSpec) -> EnsembleSpec:
    """The spec, its names checked against ``model`` and its size against the limits."""
    for name in (*spec.vary, *spec.targets):
        model.check_variable(name)
    if not spec.vary or len(set(spec.vary)) != len(spec.vary):
        raise QueryError("--vary names each driver once: give at least one")
    if set(spec.vary) & set(spec.targets):
        raise QueryError("a target cannot be varied: drop it from --vary or from -t")
    if spec.beliefs and spec.samples < 1:
        raise QueryError("--beliefs samples beliefs over the drivers: give --samples N")
    members = settings_count(model, spec) * spec.rows_per_setting
    if members > limits.get("combinations") * 1000:
        raise QueryError(limits.refusal("the members of the ensemble", members, "combinations"))
    cells = sum(v.cpt.size for v in model.variables.values())
    limits.check_memory(
        spec.draws * cells * 8 / 2**20, f"{spec.draws:,} draws of the tables", "ask for fewer draws"
    )
    return spec


def settings_count(model: Model, spec: EnsembleSpec) -> int:
    if spec.beliefs:
        return spec.samples
    return math.prod(len(model.variables[n].states) for n in spec.vary)


def parts(model: Model, spec: EnsembleSpec) -> list[Part]:
    """The work cut into parts of consecutive settings."""
    count = settings_count(model, spec)
    step = max(1, ROWS_PER_PART // spec.rows_per_setting)
    return [
        Part(i, start, min(start + step, count)) for i, start in enumerate(range(0, count, step))
    ]


def settings(model: Model, spec: EnsembleSpec, part: Part) -> list[dict[str, Any]]:
    """The settings of one part: each driver's state (the grid), or its belief as a
    probability per state (sampled, flat Dirichlet, the same for a setting wherever it runs)."""
    if not spec.beliefs:
        states = [model.variables[n].states for n in spec.vary]
        grid = itertools.islice(itertools.product(*states), part.start, part.stop)
        return [dict(zip(spec.vary, combo, strict=True)) for combo in grid]
    out = []
    for number in range(part.start, part.stop):
        rng = np.random.default_rng([spec.seed, 1, number])
        out.append(
            {
                name: dict(
                    zip(
                        model.variables[name].states,
                        rng.dirichlet(np.ones(model.variables[name].cardinality)).tolist(),
                        strict=True,
                    )
                )
                for name in spec.vary
            }
        )
    return out


def evidence_of(spec: EnsembleSpec, setting: dict[str, Any]) -> Evidence:
    if spec.beliefs:
        return Evidence(beliefs={n: dict(v) for n, v in setting.items()})
    states = {n: str(v) for n, v in setting.items()}
    return Evidence(do=states) if spec.intervene else Evidence(hard=states)


def tables_drawn(model: Model, spec: EnsembleSpec) -> dict[str, np.ndarray] | None:
    """The draws every setting is answered on (None without draws)."""
    if not spec.draws:
        return None
    return sample_cpts(model, spec.draws, np.random.default_rng([spec.seed, 2]))


@dataclass
class Context:
    """What every part of one ensemble is answered with, made once (per worker): the
    engine, the draws of the tables, and for a model with decisions its solver and the
    policies solved on the model's tables."""

    engine: Engine
    drawn: dict[str, np.ndarray] | None
    solver: DecisionSolver | None = None
    policies: dict[str, np.ndarray] = field(default_factory=dict)


def context(model: Model, spec: EnsembleSpec) -> Context:
    found = Context(Engine(model), tables_drawn(model, spec))
    if model.decisions and model.utilities:
        solver = DecisionSolver(model)
        solution = solver.solve()
        found.solver = solver
        found.policies = {d: solution.table(d) for d in solution.policies}
    return found


def answer_part(ctx: Context, spec: EnsembleSpec, part: Part) -> dict[str, np.ndarray]:
    """The part's rows as columns: ``setting`` (its number), ``draw`` (-1: the model's own
    tables), the setting (a column per driver, its state; or per driver state, its belief),
    each target state's probability (``VAR=STATE``; NaN where the setting is impossible),
    and with decisions each option's expected utility (``EU[DECISION=OPTION]``, the other
    decisions following the policies)."""
    model = ctx.engine.model
    found = settings(model, spec, part)
    asked = [evidence_of(spec, s) for s in found]
    rows = spec.rows_per_setting
    columns: dict[str, np.ndarray] = {
        "setting": np.repeat(np.arange(part.start, part.stop), rows),
        "draw": np.tile(np.arange(rows) if ctx.drawn is not None else np.array([-1]), len(found)),
    }
    columns |= _setting_columns(spec, found, rows)
    answers = _answers(ctx.engine, list(spec.targets), asked, ctx.drawn)
    for t, values in answers.items():
        for k, state in enumerate(model.variables[t].states):
            columns[f"{t}={state}"] = values[:, k]
    if ctx.solver is not None:
        columns |= _utilities(ctx, spec, asked)
    return columns


def _utilities(ctx: Context, spec: EnsembleSpec, asked: list[Evidence]) -> dict[str, np.ndarray]:
    """Each option's expected utility per row, for every decision the setting leaves open."""
    assert ctx.solver is not None
    model = ctx.engine.model
    out = {}
    drawn = None
    if ctx.drawn is not None:
        drawn = {n: a for n, a in ctx.drawn.items() if not model.variables[n].decision}
    for decision in ctx.policies:
        if decision in spec.vary:
            continue
        values = [_option_values(ctx, e, decision, drawn) for e in asked]
        stacked = np.concatenate([np.atleast_2d(v) for v in values])
        for k, option in enumerate(model.variables[decision].states):
            out[f"EU[{decision}={option}]"] = stacked[:, k]
    return out


def _option_values(
    ctx: Context, evidence: Evidence, decision: str, drawn: dict[str, np.ndarray] | None
) -> np.ndarray:
    assert ctx.solver is not None
    options = ctx.engine.model.variables[decision].cardinality
    rows = len(next(iter(drawn.values()))) if drawn else 1
    try:
        return ctx.solver.option_values(evidence, decision, ctx.policies, drawn)
    except QueryError:  # a setting impossible on the model's tables
        return np.full((rows, options), np.nan)


def _setting_columns(
    spec: EnsembleSpec, found: list[dict[str, Any]], rows: int
) -> dict[str, np.ndarray]:
    if not spec.beliefs:
        return {
            n: np.repeat(np.array([s[n] for s in found], dtype=object), rows) for n in spec.vary
        }
    out = {}
    for name in spec.vary:
        for state in found[0][name] if found else []:
            values = np.array([s[name][state] for s in found], dtype=float)
            out[f"{name}={state}"] = np.repeat(values, rows)
    return out


def _answers(
    engine: Engine,
    targets: list[str],
    asked: list[Evidence],
    drawn: dict[str, np.ndarray] | None,
) -> dict[str, np.ndarray]:
    """Each target's posteriors, a row per setting (and draw)."""
    if drawn is None:
        answers, p = engine.query_batch(asked, targets)
        return {t: np.where((p > 0)[:, None], answers[t], np.nan) for t in targets}
    draws = len(next(iter(drawn.values())))
    parts = [_on_draws(engine, evidence, targets, drawn, draws) for evidence in asked]
    return {t: np.concatenate([part[t] for part in parts]) for t in targets}


def _on_draws(
    engine: Engine,
    evidence: Evidence,
    targets: Sequence[str],
    drawn: dict[str, np.ndarray],
    draws: int,
) -> dict[str, np.ndarray]:
    try:
        answers, p = engine.query_draws(evidence, targets, drawn)
    except QueryError:  # impossible on the model's tables: no row of it counts
        cards = {t: engine.model.variables[t].cardinality for t in targets}
        return {t: np.full((draws, cards[t]), np.nan) for t in targets}
    return {t: np.where((p > 0)[:, None], answers[t], np.nan) for t in targets}
