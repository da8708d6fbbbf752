"""The answer to a query: posteriors of the requested variables and P(evidence).

Example:
    >>> r = QueryResult("m", {"a": "x"}, 0.5, {"b": {"lo": 0.25, "hi": 0.75}})
    >>> r.to_dict()["posteriors"]["b"]["hi"]
    0.75
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class QueryResult:
    """Posteriors keyed by variable then state (model order) and the probability of the evidence."""

    model: str
    evidence: dict[str, str]
    probability_of_evidence: float
    posteriors: dict[str, dict[str, float]]

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape used by ``scenarios query --format json``."""
        return {
            "model": self.model,
            "evidence": dict(self.evidence),
            "probability_of_evidence": self.probability_of_evidence,
            "posteriors": {v: dict(d) for v, d in self.posteriors.items()},
        }

    def __getitem__(self, variable: str) -> dict[str, float]:
        return self.posteriors[variable]
