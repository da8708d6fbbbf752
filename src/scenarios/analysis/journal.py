"""What an evidence journal's entries add up to (the file is read by
:mod:`scenarios.io.journal_file`).

Reliability. A report of ``X = x`` that is right with probability ``r`` (and otherwise names
one of the other ``k - 1`` states at random) is the soft finding ``L(x) = r`` and
``L(y) = (1 - r) / (k - 1)`` for every other state ``y``. A likelihood finding ``L`` (scaled
to sum to 1) read through the same channel becomes
``L'(s) = r L(s) + (1 - r) (1 - L(s)) / (k - 1)``. Reliability applies to ``evidence``, not to
``beliefs`` (a belief already says how sure the analyst is).

Folding. Entries count in date order (entries of one date in file order). Findings on one
variable accumulate: independent reports multiply their likelihoods, and a report with
reliability 1 fixes the state. A belief replaces what came before on its variable; a finding
on a variable after a belief on it is refused (state a new belief instead).

Contradictions. A report that favours another state than an earlier certain one (reliability
1) changes nothing: the certain report fixed the state. That is allowed (the analyst may hold
the earlier report certain) but said: :func:`contradictions` names both entries, ``journal
add`` warns (and refuses with ``--strict``), ``journal show`` and ``track`` list them. The
journal describes one state of the world over the model's horizon; reports about a world that
changes between dates belong to a time-sliced model.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from scenarios.core.errors import Problems, QueryError
from scenarios.io.journal_file import Entry, JournalFile, parse_journal_text, read_journal
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model, Variable
from scenarios.model.time import placed


@dataclass(frozen=True)
class Journal(JournalFile):
    """A journal whose entries fold together (:func:`fold`)."""

    def evidence(self, date: datetime.date | None = None) -> Evidence:
        """Everything known on ``date`` (default: every entry), folded into one Evidence."""
        return fold(self.model, self.until(date))

    def contradictions(self, date: datetime.date | None = None) -> list[Contradiction]:
        """The reports up to ``date`` that an earlier certain report overrules."""
        return contradictions(self.model, self.until(date))

    def outside_horizon(self, date: datetime.date | None = None) -> list[Entry]:
        """The entries up to ``date`` dated outside the model's horizon (its ``starts`` and
        ``ends``, where it gives them): they may describe another period than its states."""
        return outside_horizon(self.model, self.until(date))


def outside_horizon(model: Model, entries: list[Entry]) -> list[Entry]:
    """The entries dated before the model's ``starts`` or after its ``ends``."""
    starts = datetime.date.fromisoformat(model.starts) if model.starts else None
    ends = datetime.date.fromisoformat(model.ends) if model.ends else None
    return [
        e for e in entries if (starts is not None and e.date < starts) or (ends and e.date > ends)
    ]


@dataclass(frozen=True)
class Contradiction:
    """A report favouring ``reported`` after a certain report fixed ``variable`` at ``fixed``."""

    variable: str
    fixed: str
    certain: Entry
    reported: str
    later: Entry

    def describe(self) -> str:
        return (
            f"the entry of {self.later.date} ({self.later.source}) reports "
            f"{self.variable}={self.reported}, but the entry of {self.certain.date} "
            f"({self.certain.source}) holds {self.variable}={self.fixed} certain (reliability "
            "1), so the later report changes nothing: lower the earlier reliability if it may "
            "be wrong, or drop one of them"
        )


def contradictions(model: Model, entries: list[Entry]) -> list[Contradiction]:
    """Reports, in folding order, under which the state an earlier certain report fixed is
    less likely than another (named: the first most likely); a belief on the variable in
    between lifts the fix."""
    certain: dict[str, tuple[Entry, str]] = {}
    found = []
    for entry in entries:
        for name in entry.evidence.beliefs:
            certain.pop(name, None)
        for name, vector in _likelihoods(model, entry).items():
            var = model.variables[name]
            if name in certain and vector[var.state_index(certain[name][1])] < vector.max():
                favoured = var.states[int(np.argmax(vector))]
                found.append(
                    Contradiction(name, certain[name][1], certain[name][0], favoured, entry)
                )
            if entry.reliability == 1 and name in entry.evidence.hard and name not in certain:
                certain[name] = (entry, entry.evidence.hard[name])
    return found


def reliable_likelihood(
    variable: Variable, likelihood: np.ndarray, reliability: float
) -> np.ndarray:
    """``likelihood`` (over ``variable``'s states) read through a report that is right with
    probability ``reliability`` (the module's formula)."""
    scaled = likelihood / likelihood.sum()
    if variable.cardinality < 2 or reliability == 1:
        return np.asarray(scaled)
    wrong = (1.0 - reliability) * (1.0 - scaled) / (variable.cardinality - 1)
    return np.asarray(reliability * scaled + wrong)


def journal_evidence(model: Model, journal: Journal, date: datetime.date | None) -> Evidence:
    """What ``journal`` knows on ``date``, read against ``model`` (which may differ from the
    journal's own: a time-sliced version of it places each entry's findings in the slice of
    its date)."""
    entries = journal.until(date)
    if model.time is not None:
        entries = [replace(e, evidence=placed(model, e.evidence, e.date)) for e in entries]
    return fold(model, entries)


def fold(model: Model, entries: list[Entry]) -> Evidence:
    """The evidence of ``entries`` taken in order (see the module's docstring)."""
    hard: dict[str, str] = {}
    vectors: dict[str, np.ndarray] = {}
    beliefs: dict[str, dict[str, float]] = {}
    dates: dict[str, list[str]] = {}
    for entry in entries:
        for name, per_state in entry.evidence.beliefs.items():
            hard.pop(name, None)
            vectors.pop(name, None)
            beliefs[name] = dict(per_state)
        for name, vector in _likelihoods(model, entry).items():
            if name in beliefs:
                raise QueryError(
                    f"the entry of {entry.date} reports '{name}', which has a belief from an "
                    "earlier entry: state a new belief instead, or drop the old one"
                )
            dates.setdefault(name, []).append(str(entry.date))
            exact = entry.reliability == 1 and name in entry.evidence.hard
            if exact and name not in vectors and name not in hard:
                hard[name] = entry.evidence.hard[name]
                continue
            known = vectors.pop(name, None)
            if name in hard:
                known = np.eye(model.variables[name].cardinality)[
                    model.variables[name].state_index(hard.pop(name))
                ]
            product = vector if known is None else known * vector
            if product.max() <= 0:
                raise QueryError(
                    f"the reports on '{name}' ({', '.join(dates[name])}) contradict each "
                    "other: no state is possible after all of them; lower a reliability or "
                    "drop one"
                )
            vectors[name] = product / product.sum()
    soft = {n: model.variables[n].distribution(v) for n, v in vectors.items()}
    return Evidence(hard, soft, {}, beliefs)


def _likelihoods(model: Model, entry: Entry) -> dict[str, np.ndarray]:
    out = {}
    for name, state in entry.evidence.hard.items():
        var = model.variables[name]
        indicator = np.eye(var.cardinality)[var.state_index(state)]
        out[name] = reliable_likelihood(var, indicator, entry.reliability)
    for name, per_state in entry.evidence.soft.items():
        var = model.variables[name]
        out[name] = reliable_likelihood(var, var.likelihoods(per_state), entry.reliability)
    return out


def load_journal(path: str | Path, cache: bool = False) -> Journal:
    """Read a journal (:func:`~scenarios.io.journal_file.read_journal`) and check that its
    entries fold together; a ModelError naming the file when they contradict each other.
    ``cache``: its model kept once read (:mod:`scenarios.io.model_cache`)."""
    return checked(read_journal(path, cache))


def parse_journal(text: str, path: Path) -> Journal:
    """:func:`load_journal` for the journal's text."""
    return checked(parse_journal_text(text, path))


def checked(found: JournalFile) -> Journal:
    """The journal, its entries folded once to find any contradiction."""
    journal = Journal(found.model, found.entries, found.path, found.model_reference)
    try:
        journal.evidence()
    except QueryError as exc:
        problems = Problems(found.path, kind="entry")
        problems.add(str(exc), None)
        problems.raise_if_any()
    return journal
