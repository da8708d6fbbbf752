"""Value of information: which unobserved variable, if we learned it, would tell us most about
the target. Mutual information I(T; V | e) in bits, from the exact joint P(T, V | e).

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> rows = value_of_information(Engine(load_model()), "fata_relocation")
    >>> rows[0].variable
    'taliban_stance'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.analysis.measures import entropy
from scenarios.engine.compiled import Engine
from scenarios.engine.evidence import Evidence


@dataclass(frozen=True)
class VoiRow:
    variable: str
    mutual_information: float
    target_entropy: float

    @property
    def share(self) -> float:
        """Fraction of the target's remaining uncertainty this variable would remove."""
        return self.mutual_information / self.target_entropy if self.target_entropy else 0.0


def value_of_information(
    engine: Engine, target: str, evidence: Evidence | None = None, state: str | None = None
) -> list[VoiRow]:
    """A row per variable not observed for certain (a soft finding leaves it a candidate),
    most informative first.

    I(T; V | e) = H(T | e) - sum_v P(v | e) H(T | e, V=v). P(v | e) is V's posterior given all
    the evidence, soft findings included; H(T | e, V=v) comes from one batch in which V=v is
    observed (a soft finding on V itself no longer matters once V is known, so it is replaced).
    With ``state``, T is the event "target = state" (yes or no): what would tell us whether
    that one future comes about.
    """
    evidence = evidence or Evidence()
    engine.check(evidence, [target])
    if state is not None:
        engine.model.variable(target).check_state(state)
    collapse = _event(engine.model.variable(target).state_index(state)) if state else _whole
    skip = {target, *evidence.hard, *evidence.do}
    candidates = [name for name in engine.model.variables if name not in skip]
    posterior = engine.query(evidence, [target, *candidates]).posteriors
    h = entropy(collapse(np.array(list(posterior[target].values()))))
    pairs = [
        (name, value)
        for name in candidates
        for value in engine.model.variables[name].states
        if posterior[name][value] > 0
    ]
    answers, _ = engine.query_batch([evidence.with_finding(n, s) for n, s in pairs], [target])
    remaining: dict[str, float] = dict.fromkeys(candidates, 0.0)
    for i, (name, value) in enumerate(pairs):
        remaining[name] += posterior[name][value] * entropy(collapse(answers[target][i]))
    rows = [VoiRow(name, max(0.0, h - rest), h) for name, rest in remaining.items()]
    return sorted(rows, key=lambda r: (-r.mutual_information, r.variable))


def _whole(distribution: np.ndarray) -> np.ndarray:
    return distribution


def _event(index: int):
    """The distribution of "the target is in state ``index``": (yes, no)."""

    def collapse(distribution: np.ndarray) -> np.ndarray:
        yes = float(distribution[index])
        return np.array([yes, max(0.0, 1.0 - yes)])

    return collapse
