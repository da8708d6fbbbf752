"""What a planner measures about a target: P(target = state), or its expected ordinal level.

Example:
    >>> expected_level([0.2, 0.3, 0.5])
    0.65
    >>> round(entropy(np.array([0.5, 0.5])), 6)
    1.0
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.model.schema import Model
from scenarios.model.time import canonical


def expected_level(distribution: Mapping[str, float] | Sequence[float] | np.ndarray) -> float:
    """Mean position of an ordinal distribution on a 0..1 scale (lowest state 0, highest 1)."""
    p = np.asarray(
        list(distribution.values()) if isinstance(distribution, dict) else distribution, dtype=float
    )
    if len(p) < 2:
        return 0.0
    return float(p @ np.linspace(0.0, 1.0, len(p)))


def entropy(p: np.ndarray) -> float:
    """Shannon entropy in bits; 0 log 0 = 0."""
    p = np.asarray(p, dtype=float).ravel()
    nonzero = p[p > 0]
    return float(-(nonzero * np.log2(nonzero)).sum())


@dataclass(frozen=True)
class Measure:
    """``P(variable=state)`` when ``state`` is set, else the expected level of ``variable``."""

    variable: str
    state: str | None = None

    @property
    def label(self) -> str:
        return f"P({self.variable}={self.state})" if self.state else f"E[{self.variable}]"

    def of(self, distribution: dict[str, float]) -> float:
        return distribution[self.state] if self.state else expected_level(distribution)


def parse_target(model: Model, text: str, option: str = "-t") -> tuple[str, str | None]:
    """``VAR`` or ``VAR=STATE`` as given to ``option`` → the variable's name and the state
    (None for ``VAR`` alone), both checked against ``model``: QueryError for an unknown name
    or state, or for ``VAR=`` with no state.

    >>> from scenarios import load_model
    >>> parse_target(load_model(), "secret_pact = secret")
    ('secret_pact', 'secret')
    """
    name, equals, state = (part.strip() for part in text.partition("="))
    if equals and not state:
        raise QueryError(f"'{option} {text}' names no state: give VAR or VAR=STATE")
    name = canonical(model, name)  # a slice by its index, as the model names it
    var = model.variable(name)
    if state:
        var.check_state(state)
    return name, state or None


def parse_measure(model: Model, text: str) -> Measure:
    """``VAR=STATE`` or ``VAR`` (ordinal variables only) → a Measure; QueryError if invalid."""
    name, state = parse_target(model, text)
    var = model.variables[name]
    if state:
        return Measure(name, state)
    if var.scale != "ordinal":
        raise QueryError(
            f"'{name}' is nominal, so it has no expected level: name a state, "
            f"e.g. -t {name}={var.states[-1]}"
        )
    return Measure(name)
