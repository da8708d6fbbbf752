"""The in-memory model: variables with ordered states, parents, sources and a CPT array.

A CPT is a numpy array of shape ``(*parent_cardinalities, cardinality)``: index it with the
parents' state indices (in ``parents`` order) and read the child's distribution.

Example:
    >>> import numpy as np
    >>> rain = Variable("rain", ("no", "yes"), (), np.array([0.8, 0.2]))
    >>> m = Model("weather", {"rain": rain})
    >>> m.variable("rain").state_index("yes")
    1
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from scenarios.errors import QueryError

Role = Literal["driver", "mediator", "outcome"]
Scale = Literal["ordinal", "nominal"]


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' Did you mean …?' suffix for a misspelt ``name``, or ''."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True, eq=False)
class Variable:
    """One node of the network."""

    name: str
    states: tuple[str, ...]
    parents: tuple[str, ...]
    cpt: np.ndarray
    description: str = ""
    source: str = ""
    edge_sources: dict[str, str] = field(default_factory=dict)
    role: Role | None = None
    scale: Scale = "ordinal"
    confidence: float | None = None  # equivalent sample size of the CPT; None: model default

    @property
    def cardinality(self) -> int:
        return len(self.states)

    def state_index(self, state: str) -> int:
        """Index of ``state``; QueryError listing the valid states if it is unknown."""
        try:
            return self.states.index(state)
        except ValueError:
            valid = ", ".join(self.states)
            raise QueryError(
                f"unknown state '{state}' for variable '{self.name}'."
                f"{did_you_mean(state, self.states)} Valid states: {valid}"
            ) from None


@dataclass(frozen=True, eq=False)
class Model:
    """A validated causal Bayesian network (acyclic). Variables keep the file's order."""

    name: str
    variables: dict[str, Variable]
    description: str = ""
    source: str = ""
    path: str | None = None
    confidence: float | None = None  # default equivalent sample size of every CPT

    @property
    def names(self) -> list[str]:
        return list(self.variables)

    def variable(self, name: str) -> Variable:
        """The variable called ``name``; QueryError listing valid names if there is none."""
        try:
            return self.variables[name]
        except KeyError:
            valid = ", ".join(self.variables)
            raise QueryError(
                f"unknown variable '{name}'.{did_you_mean(name, self.names)} "
                f"Valid variables: {valid}"
            ) from None

    def children(self, name: str) -> list[str]:
        return [v.name for v in self.variables.values() if name in v.parents]
