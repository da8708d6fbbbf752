"""``scenarios forecast``: each target's trajectory over the time slices given the evidence at
any slices (filtering, smoothing and forecasting are one query on the unrolled network), the
probability that a state is reached by each slice, and credible bands over draws of the
tables (each table the slices share drawn once).

A static model has one slice: its trajectory is its posterior.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scenarios.analysis.uncertainty import posterior_intervals
from scenarios.engine import Engine, Question
from scenarios.model.evidence import Evidence
from scenarios.model.time import series


@dataclass(frozen=True)
class Trajectory:
    """One target over the slices: ``probabilities[slice, state]``; ``low`` and ``high`` the
    band over draws (None without draws); ``reached[slice]`` P(``state`` at some slice up to
    this one), for a target asked as VAR=STATE; ``observed``: the slices the evidence sets."""

    target: str
    states: tuple[str, ...]
    slices: tuple[str, ...]  # the labels ("" for a static model's one slice)
    probabilities: np.ndarray
    low: np.ndarray | None = None
    high: np.ndarray | None = None
    state: str = ""
    reached: np.ndarray | None = None
    observed: tuple[str, ...] = ()


def forecast(
    engine: Engine,
    question: Question,
    targets: list[tuple[str, str]],
    draws: int = 0,
    level: float = 0.9,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Trajectory]:
    """A trajectory per (variable, state or "") of ``targets``, given the question's
    evidence; bands over ``draws`` draws of the tables where ``draws`` is set."""
    model = engine.model
    names = {t: series(model, t) for t, _ in targets}
    every = [n for t, _ in targets for n in names[t]]
    question = engine.prepare(question, list(dict.fromkeys(every)))  # checked, re-targeted
    result = engine.query(question)
    spread = None
    if draws:
        spread = posterior_intervals(engine, question, every, draws, level, seed, progress)
    out = []
    for target, state in targets:
        copies = names[target]
        var = model.variables[copies[0]]
        labels = model.time.labels if model.time and len(copies) > 1 else ("",)
        table = np.array([[result.posteriors[n][s] for s in var.states] for n in copies])
        low = high = None
        if spread is not None:
            low = np.array([[spread.intervals[n][s].low for s in var.states] for n in copies])
            high = np.array([[spread.intervals[n][s].high for s in var.states] for n in copies])
        given = question.evidence
        seen = tuple(
            label
            for n, label in zip(copies, labels, strict=True)
            if n in given.hard or n in given.do
        )
        reached = reached_by(engine, question, copies, var.states.index(state)) if state else None
        out.append(Trajectory(target, var.states, labels, table, low, high, state, reached, seen))
    return out


def reached_by(engine: Engine, question: Question, copies: list[str], state: int) -> np.ndarray:
    """P(the state at some slice up to t | evidence), for each t: one minus the probability
    that every slice so far is in another state. That event is entered as a likelihood
    finding that rules the state out (on top of the evidence, its beliefs already turned into
    likelihoods), one evidence set per t, all in one batch; the engine scales every
    likelihood vector to sum 1, so each probability is multiplied back by the sums."""
    given = question.evidence
    soft = dict(given.soft)
    sets, scales, certain_from = [], [], len(copies)
    scale = 0.0
    for t, name in enumerate(copies):
        states = engine.model.variables[name].states
        if given.hard.get(name) == states[state]:
            certain_from = t
            break
        if name not in given.hard:  # observed in another state: ruled out already
            if name in soft:  # its likelihoods as the engine holds them: summing to 1
                kept = np.array([soft[name].get(s, 0.0) for s in states], dtype=float)
                kept = kept / kept.sum()
            else:  # no finding: a likelihood of 1 for every state
                kept = np.ones(len(states))
            kept[state] = 0.0
            if kept.sum() <= 0:  # nothing else possible there
                certain_from = t
                break
            soft[name] = dict(zip(states, kept.tolist(), strict=True))
            scale += float(np.log(kept.sum()))
        sets.append(Evidence(given.hard, dict(soft), given.do))
        scales.append(scale)
    never = np.zeros(0)
    if sets:
        logs = engine.log_probabilities(sets) - engine.log_probability(given) + np.array(scales)
        never = np.exp(logs)
    out = np.ones(len(copies))
    out[: len(never)] = 1.0 - never
    out[certain_from:] = 1.0
    return out
