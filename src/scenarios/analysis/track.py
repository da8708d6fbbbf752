"""How the targets moved as a journal's entries came in (``scenarios track``), and what moved
them since a date.

Each point is the targets' posteriors given every entry up to and including one entry (the
first point: no entry yet), all answered as one batch. In a time-sliced model a target that
changes is its whole series: each point holds the forecast over the slices made on that
entry's date (every entry so far in the slice of its date), and its posteriors are those of
the last slice. The journal is read through the engine's model, which may be another than
the one it names (a time-sliced version of it). What moved a target since a date: for each
entry after it, how much the target's probability changes when that entry alone is left out
of everything known now (as ``explain`` does for findings).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

import numpy as np

from scenarios.analysis.journal import Journal, fold
from scenarios.engine.compiled import Engine
from scenarios.io.journal_file import Entry
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model
from scenarios.model.time import placed, series


@dataclass(frozen=True)
class TrackPoint:
    """The targets after one entry: ``posteriors`` target -> state -> probability (a changing
    target's at its last slice), ``trajectories`` changing target -> [slice, state]."""

    entry: Entry | None  # None: before any entry
    posteriors: dict[str, dict[str, float]]
    trajectories: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class Mover:
    """One entry after ``since``, and how much it moved each target state now."""

    entry: Entry
    moved: dict[tuple[str, str], float]  # (target, state) -> change in points of probability


@dataclass(frozen=True)
class SinceSummary:
    since: datetime.date
    then: dict[str, dict[str, float]]  # posteriors given the entries up to ``since``
    now: dict[str, dict[str, float]]
    movers: list[Mover]  # most moving first

    def change(self, target: str, state: str) -> float:
        return self.now[target][state] - self.then[target][state]


def track(engine: Engine, journal: Journal, targets: list[str]) -> list[TrackPoint]:
    """The targets' posteriors before any entry and after each one, in date order."""
    asked = _series(engine, targets)
    entries = entries_in(engine.model, journal)
    steps = [Evidence(), *(fold(engine.model, entries[: i + 1]) for i in range(len(entries)))]
    answers = _posteriors(engine, steps, asked)
    return [
        TrackPoint(entry, *answer)
        for entry, answer in zip([None, *journal.entries], answers, strict=True)
    ]


def since(
    engine: Engine, journal: Journal, targets: list[str], date: datetime.date
) -> SinceSummary:
    """What changed after ``date``: the posteriors then and now, and each later entry's part."""
    asked = _series(engine, targets)
    model = engine.model
    everything = entries_in(model, journal)
    later = [k for k, e in enumerate(everything) if e.date > date]
    without = [fold(model, everything[:k] + everything[k + 1 :]) for k in later]
    sets = [fold(model, [e for e in everything if e.date <= date]), fold(model, everything)]
    (then, _), (now, _), *reduced = _posteriors(engine, sets + without, asked)
    movers = [
        Mover(
            journal.entries[k],  # as the journal writes it
            {(t, s): now[t][s] - reduced[i][0][t][s] for t in targets for s in now[t]},
        )
        for i, k in enumerate(later)
    ]
    movers.sort(key=lambda m: -max((abs(v) for v in m.moved.values()), default=0.0))
    return SinceSummary(date, then, now, movers)


def _series(engine: Engine, targets: list[str]) -> dict[str, list[str]]:
    """Each target -> the variables that carry it (its slices, for one that changes)."""
    asked = {t: series(engine.model, t) for t in targets}
    engine.check_targets([n for copies in asked.values() for n in copies])
    return asked


def entries_in(model: Model, journal: Journal) -> list[Entry]:
    """The journal's entries, each finding on a variable that changes in ``model`` placed in
    the slice of the entry's date (entries read through another model than the journal's)."""
    if model.time is None:
        return journal.entries
    return [replace(e, evidence=placed(model, e.evidence, e.date)) for e in journal.entries]


Answer = tuple[dict[str, dict[str, float]], dict[str, np.ndarray]]


def _posteriors(engine: Engine, sets: list[Evidence], asked: dict[str, list[str]]) -> list[Answer]:
    """Per evidence set: each target's posterior (a changing one's at its last slice), and
    the trajectory of each changing target."""
    every = list(dict.fromkeys(n for copies in asked.values() for n in copies))
    answers, p = engine.query_batch(sets, every)
    for i, ev in enumerate(sets):
        if not p[i] > 0:
            engine.prepare(ev)  # raises ImpossibleEvidenceError naming the conflicting findings
    variables = engine.model.variables
    out = []
    for i in range(len(sets)):
        posteriors = {t: variables[c[-1]].distribution(answers[c[-1]][i]) for t, c in asked.items()}
        paths = {t: np.array([answers[n][i] for n in c]) for t, c in asked.items() if len(c) > 1}
        out.append((posteriors, paths))
    return out
