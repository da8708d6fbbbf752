"""How the targets moved as a journal's entries came in (``scenarios track``), and what moved
them since a date.

Each point is the targets' posteriors given every entry up to and including one entry (the
first point: no entry yet), all answered as one batch. What moved a target since a date: for
each entry after it, how much the target's probability changes when that entry alone is left
out of everything known now (as ``explain`` does for findings).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scenarios.analysis.journal import Journal, fold
from scenarios.engine.compiled import Engine
from scenarios.io.journal_file import Entry
from scenarios.model.evidence import Evidence


@dataclass(frozen=True)
class TrackPoint:
    entry: Entry | None  # None: before any entry
    posteriors: dict[str, dict[str, float]]  # target -> state -> probability


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
    targets = engine.check_targets(targets)
    steps = [
        Evidence(),
        *(fold(journal.model, journal.entries[: i + 1]) for i in range(len(journal.entries))),
    ]
    answers = _posteriors(engine, steps, targets)
    return [
        TrackPoint(entry, answer)
        for entry, answer in zip([None, *journal.entries], answers, strict=True)
    ]


def since(
    engine: Engine, journal: Journal, targets: list[str], date: datetime.date
) -> SinceSummary:
    """What changed after ``date``: the posteriors then and now, and each later entry's part."""
    targets = engine.check_targets(targets)
    later = [e for e in journal.entries if e.date > date]
    everything = journal.entries
    without = [fold(journal.model, [e for e in everything if e is not entry]) for entry in later]
    sets = [journal.evidence(date), journal.evidence(), *without]
    then, now, *reduced = _posteriors(engine, sets, targets)
    movers = [
        Mover(
            entry,
            {
                (t, s): now[t][s] - reduced[i][t][s]
                for t in targets
                for s in engine.model.variables[t].states
            },
        )
        for i, entry in enumerate(later)
    ]
    movers.sort(key=lambda m: -max((abs(v) for v in m.moved.values()), default=0.0))
    return SinceSummary(date, then, now, movers)


def _posteriors(
    engine: Engine, sets: list[Evidence], targets: list[str]
) -> list[dict[str, dict[str, float]]]:
    answers, p = engine.query_batch(sets, targets)
    for i, ev in enumerate(sets):
        if not p[i] > 0:
            engine.prepare(ev)  # raises ImpossibleEvidenceError naming the conflicting findings
    variables = engine.model.variables
    return [
        {t: variables[t].distribution(answers[t][i]) for t in targets} for i in range(len(sets))
    ]
