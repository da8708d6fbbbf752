"""The answer to a query: posteriors of the requested variables and P(evidence).

Example:
    >>> r = QueryResult("m", {"a": "x"}, 0.5, {"b": {"lo": 0.25, "hi": 0.75}})
    >>> r.to_dict()["posteriors"]["b"]["hi"]
    0.75
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class QueryResult:
    """Posteriors keyed by variable then state (model order) and the probability of the evidence."""

    model: str
    evidence: dict[str, str]
    probability_of_evidence: float
    posteriors: dict[str, dict[str, float]]
    soft_evidence: dict[str, dict[str, float]] = field(default_factory=dict)
    interventions: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape used by ``scenarios query --format json``; the keys
        ``soft_evidence`` and ``interventions`` appear only when the query used them."""
        data: dict[str, Any] = {"model": self.model, "evidence": dict(self.evidence)}
        if self.soft_evidence:
            data["soft_evidence"] = {k: dict(v) for k, v in self.soft_evidence.items()}
        if self.interventions:
            data["interventions"] = dict(self.interventions)
        data["probability_of_evidence"] = self.probability_of_evidence
        data["posteriors"] = {v: dict(d) for v, d in self.posteriors.items()}
        return data

    def __getitem__(self, variable: str) -> dict[str, float]:
        return self.posteriors[variable]
