"""What each lever does to each outcome: the outcome with the lever set to its lowest state
against set to its highest, ``do(L=lowest)`` vs ``do(L=highest)``, under the evidence.

Levers are the variables the model marks ``actionable``, else its drivers
(:attr:`~scenarios.model.schema.Model.levers`); a lever in the evidence is left out (the
evidence already fixes it). An outcome is measured as its expected level (ordinal, three
states or more: 0 at the lowest state, 1 at the highest), as P(its highest state) (two
ordinal states), or per state (nominal outcomes, and every outcome with ``states=True``). A
lever that is not a cause of an outcome cannot move it: the pair is listed as unreached, not
computed (a lever that is itself an outcome is not measured against itself). A nominal lever
has no lowest state: its first and last states in the file stand in.

With ``draws``, every CPT is drawn from its Dirichlet (as ``--intervals`` does) and each
effect is recomputed per draw, paired: ``holds`` is the share of draws whose change has the
sign of the point estimate, how far the direction rests on the priors.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> found = effects(Engine(load_model()), ["fata_relocation"])
    >>> best = found.effects[0]
    >>> best.lever, best.measure.label, round(best.change, 3) > 0
    ('is_funding', 'P(fata_relocation=yes)', True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from scenarios.analysis.uncertainty import measure_draws
from scenarios.engine.compiled import Asked, Engine
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors
from scenarios.model.measures import Measure
from scenarios.model.schema import Model

FLAT = 1e-12  # a change this small is no change: its direction is not counted in draws


@dataclass(frozen=True)
class Effect:
    """``measure`` with ``lever`` set to ``low_state`` and to ``high_state`` (None where the
    evidence is impossible under that setting), and the share of CPT draws in which the
    change keeps the point estimate's sign (None without draws, or for no change)."""

    lever: str
    measure: Measure
    low_state: str
    high_state: str
    at_low: float | None
    at_high: float | None
    holds: float | None = None

    @property
    def change(self) -> float | None:
        if self.at_low is None or self.at_high is None:
            return None
        return self.at_high - self.at_low


@dataclass(frozen=True)
class Effects:
    """Every effect, by outcome in the order asked, largest change first; what was not
    computed and why."""

    outcomes: list[str]
    levers: list[str]
    marked: bool  # the model marks actionable variables (else the levers are its drivers)
    effects: list[Effect]
    unreached: list[tuple[str, str]] = field(default_factory=list)  # (lever, outcome)
    fixed: list[str] = field(default_factory=list)  # levers the evidence already sets
    draws: int = 0


def outcome_measures(model: Model, outcome: str, states: bool = False) -> list[Measure]:
    """How ``outcome`` is measured (see the module's docstring)."""
    var = model.variables[outcome]
    if states or var.scale == "nominal":
        return [Measure(outcome, s) for s in var.states]
    if var.cardinality == 2:
        return [Measure(outcome, var.states[-1])]
    return [Measure(outcome)]


def effects(
    engine: Engine,
    outcomes: Sequence[str],
    evidence: Asked = None,
    states: bool = False,
    draws: int = 0,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> Effects:
    """The effect of every lever on every outcome it reaches (see the module's docstring);
    ``draws`` (0: none) adds how often each direction holds across CPT draws."""
    model = engine.model
    base = engine.prepare(evidence, outcomes).evidence  # checked; beliefs as likelihoods
    settable = [n for n in model.levers if n not in base.observed and n not in base.do]
    causes = {
        o: ancestors({n: v.parents for n, v in model.variables.items()}, [o]) for o in outcomes
    }
    asked = [(lever, o) for o in outcomes for lever in settable if lever != o]
    unreached = [(lever, o) for lever, o in asked if lever not in causes[o]]
    pairs = [(lever, o) for lever, o in asked if lever in causes[o]]
    levers = sorted({lever for lever, _ in pairs}, key=model.names.index)
    ends = {lever: _ends(model, lever) for lever in levers}
    sets = [base.with_intervention(lever, s) for lever in levers for s in ends[lever]]
    answers, p = engine.query_batch(sets, list(outcomes)) if sets else ({}, np.zeros(0))
    row = {lever: 2 * i for i, lever in enumerate(levers)}
    found: list[Effect] = []
    for lever, outcome in pairs:
        for measure in outcome_measures(model, outcome, states):
            at = [_measured(model, measure, answers, p, row[lever] + k) for k in (0, 1)]
            found.append(Effect(lever, measure, *ends[lever], at[0], at[1]))
    if draws and found:
        found = _with_draws(engine, sets, p, row, found, draws, seed, progress)
    order = {o: i for i, o in enumerate(outcomes)}
    found.sort(key=lambda e: (order[e.measure.variable], -abs(e.change or 0.0), e.lever))
    fixed = [n for n in model.levers if n not in settable]
    return Effects(list(outcomes), levers, bool(model.actionables), found, unreached, fixed, draws)


def _ends(model: Model, lever: str) -> tuple[str, str]:
    states = model.variables[lever].states
    return states[0], states[-1]


def _measured(
    model: Model, measure: Measure, answers: dict[str, np.ndarray], p: np.ndarray, i: int
) -> float | None:
    if p[i] <= 0:
        return None
    return measure.of(model.variables[measure.variable].distribution(answers[measure.variable][i]))


def _with_draws(
    engine: Engine,
    sets: list[Evidence],
    p: np.ndarray,
    row: dict[str, int],
    found: list[Effect],
    draws: int,
    seed: int | None,
    progress: Callable[[int], None] | None,
) -> list[Effect]:
    """Each effect with the share of CPT draws in which its direction holds (paired draws:
    both settings of a lever answered on the same tables)."""
    possible = [i for i in range(len(sets)) if p[i] > 0]
    measures = sorted({e.measure for e in found}, key=lambda m: (m.variable, m.state or ""))
    values = measure_draws(
        engine, [sets[i] for i in possible], measures, draws, seed, progress
    )  # (possible sets, measures, draws)
    where = {i: k for k, i in enumerate(possible)}
    column = {m: k for k, m in enumerate(measures)}
    out = []
    for effect in found:
        change = effect.change
        if change is None or abs(change) <= FLAT:
            out.append(effect)
            continue
        low, high = where[row[effect.lever]], where[row[effect.lever] + 1]
        drawn = values[high, column[effect.measure]] - values[low, column[effect.measure]]
        share = float((np.sign(drawn) == np.sign(change)).mean())
        out.append(replace(effect, holds=share))
    return out
