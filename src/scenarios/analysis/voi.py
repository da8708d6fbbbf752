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

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from scenarios.engine.compiled import Asked, Engine
from scenarios.model.measures import entropy


@dataclass(frozen=True)
class VoiRow:
    variable: str
    mutual_information: float
    target_entropy: float
    cost: float | None = None  # of collecting it, in the model's units (None: not given)
    lead_time: float | None = None  # days until a report is in hand

    @property
    def share(self) -> float:
        """Fraction of the target's remaining uncertainty this variable would remove."""
        return self.mutual_information / self.target_entropy if self.target_entropy else 0.0

    @property
    def per_cost(self) -> float | None:
        """Bits per unit of collection cost (None when the cost is not given)."""
        return None if self.cost is None else self.mutual_information / self.cost


def by_cost(rows: list[VoiRow]) -> bool:
    """Rows are ranked by bits per unit cost when every one has a cost, else by bits."""
    return bool(rows) and all(r.cost is not None for r in rows)


def value_of_information(
    engine: Engine,
    target: str,
    evidence: Asked = None,
    state: str | None = None,
    among: Iterable[str] | None = None,
) -> list[VoiRow]:
    """A row per variable of ``among`` (default: every variable) not observed for certain (a
    soft finding leaves it a candidate), most informative first, or most informative per unit
    cost when every candidate has a cost (:func:`by_cost`).

    I(T; V | e) = H(T | e) - sum_v P(v | e) H(T | e, V=v). P(v | e) is V's posterior given all
    the evidence, soft findings included; H(T | e, V=v) comes from one batch in which V=v is
    observed (a soft finding on V itself no longer matters once V is known, so it is replaced).
    With ``state``, T is the event "target = state" (yes or no): what would tell us whether
    that one future comes about.
    """
    evidence = engine.prepare(evidence, [target]).evidence  # beliefs as likelihoods
    if state is not None:
        engine.model.variable(target).check_state(state)
    collapse = _event(engine.model.variable(target).state_index(state)) if state else _whole
    skip = {target, *evidence.hard, *evidence.do}
    pool = engine.model.names if among is None else list(dict.fromkeys(among))
    for name in pool:
        engine.model.check_variable(name)
    candidates = [name for name in pool if name not in skip]
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
    variables = engine.model.variables
    rows = [
        VoiRow(name, max(0.0, h - rest), h, variables[name].cost, variables[name].lead_time)
        for name, rest in remaining.items()
    ]
    if by_cost(rows):
        return sorted(rows, key=lambda r: (-(r.per_cost or 0.0), r.cost, r.variable))
    return sorted(rows, key=lambda r: (-r.mutual_information, r.variable))


def _whole(distribution: np.ndarray) -> np.ndarray:
    return distribution


def _event(index: int) -> Callable[[np.ndarray], np.ndarray]:
    """The distribution of "the target is in state ``index``": (yes, no)."""

    def collapse(distribution: np.ndarray) -> np.ndarray:
        yes = float(distribution[index])
        return np.array([yes, max(0.0, 1.0 - yes)])

    return collapse
