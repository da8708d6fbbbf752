"""``scenarios score``: how good were the judgements a journal implied? For every outcome an
entry records as resolved (``resolves: {variable: state}``), the forecast the journal implied
before any entry and after each earlier date, scored against what happened: the Brier score
(the squared distance between the forecast and the outcome, summed over the states: 0 is
perfect, 2 the worst) and the log score (``-log2`` of the probability given to what happened,
in bits: 0 is perfect; infinite where it was given 0). Over every resolved outcome, a
calibration table: of the states forecast at about p, how many happened.

In a time-sliced model an outcome resolves in the slice of the entry's date, and each
forecast is the one for that slice.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from scenarios.analysis.journal import Journal, journal_evidence
from scenarios.engine import Engine
from scenarios.model.evidence import Evidence
from scenarios.model.time import placed_at

BINS = 5  # calibration bins over [0, 1]


@dataclass(frozen=True)
class Forecast:
    """The journal's forecast of ``outcome`` on ``made_on`` (None: before any entry), and
    its scores against ``resolved`` (the state it resolved in, on ``resolved_on``)."""

    outcome: str
    resolved: str
    resolved_on: datetime.date
    made_on: datetime.date | None
    probabilities: dict[str, float]

    @property
    def probability(self) -> float:
        return self.probabilities[self.resolved]

    @property
    def brier(self) -> float:
        return sum((p - (s == self.resolved)) ** 2 for s, p in self.probabilities.items())

    @property
    def log_score(self) -> float:
        """-log2 P(what happened): inf where the forecast gave it 0."""
        p = self.probability
        return math.inf if p <= 0 else -math.log2(p)


@dataclass(frozen=True)
class CalibrationBin:
    """The state forecasts in [low, high): how many, their mean, and how often they came true."""

    low: float
    high: float
    count: int
    predicted: float
    observed: float


@dataclass(frozen=True)
class Scores:
    forecasts: list[Forecast]
    calibration: list[CalibrationBin]

    @property
    def mean_brier(self) -> float | None:
        return _mean([f.brier for f in self.forecasts])

    @property
    def mean_log_score(self) -> float | None:
        return _mean([f.log_score for f in self.forecasts])


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def score(engine: Engine, journal: Journal) -> Scores:
    """Every resolved outcome's forecasts, on the dates before it resolved, and their
    calibration."""
    model = engine.model
    forecasts = []
    for entry in journal.entries:
        for written, state in entry.resolves.items():
            outcome = placed_at(model, written, entry.date)
            earlier = sorted({e.date for e in journal.entries if e.date < entry.date})
            for made_on in [None, *earlier]:
                evidence = journal_evidence(model, journal, made_on) if made_on else Evidence()
                answer = engine.query(evidence, [outcome]).posteriors[outcome]
                forecasts.append(Forecast(outcome, state, entry.date, made_on, dict(answer)))
    return Scores(forecasts, calibration(forecasts))


def calibration(forecasts: list[Forecast], bins: int = BINS) -> list[CalibrationBin]:
    """Each state of each forecast as a (probability, happened) pair, binned by probability."""
    pairs = [(p, s == f.resolved) for f in forecasts for s, p in f.probabilities.items()]
    out = []
    for k in range(bins):
        low, high = k / bins, (k + 1) / bins
        inside = [(p, hit) for p, hit in pairs if low <= p < high or (k == bins - 1 and p == 1)]
        if inside:
            predicted = sum(p for p, _ in inside) / len(inside)
            observed = sum(hit for _, hit in inside) / len(inside)
            out.append(CalibrationBin(low, high, len(inside), predicted, observed))
    return out
