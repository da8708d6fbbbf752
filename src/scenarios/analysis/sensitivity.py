"""One-way sensitivity: how far each variable, set to each of its states, moves a target.

Example:
    >>> from scenarios.model.bundled import load_bundled
    >>> from scenarios.engine import Engine
    >>> rows = sensitivity(Engine(load_bundled()), Measure("fata_relocation", "yes"))
    >>> rows[0].variable, round(rows[0].swing, 2)
    ('taliban_stance', 0.6)
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.analysis.measures import Measure
from scenarios.engine.compiled import Engine
from scenarios.engine.evidence import Evidence
from scenarios.errors import ImpossibleEvidenceError


@dataclass(frozen=True)
class SensitivityRow:
    """The target's measure with ``variable`` set to each state (None where impossible)."""

    variable: str
    values: dict[str, float | None]

    @property
    def low(self) -> float:
        return min(v for v in self.values.values() if v is not None)

    @property
    def high(self) -> float:
        return max(v for v in self.values.values() if v is not None)

    @property
    def swing(self) -> float:
        return self.high - self.low


def sensitivity(engine: Engine, measure: Measure, evidence: Evidence | None = None
                ) -> list[SensitivityRow]:
    """A row per variable other than the target and those in the evidence, largest swing first.
    Each value is the measure given the evidence plus that variable fixed at that state."""
    evidence = evidence or Evidence()
    engine.probability(evidence)
    fixed = {measure.variable, *evidence.observed, *evidence.do}
    rows = []
    for name, var in engine.model.variables.items():
        if name in fixed:
            continue
        values: dict[str, float | None] = {}
        for state in var.states:
            try:
                result = engine.query(evidence.with_finding(name, state), [measure.variable])
            except ImpossibleEvidenceError:
                values[state] = None
                continue
            values[state] = measure.of(result[measure.variable])
        rows.append(SensitivityRow(name, values))
    return sorted(rows, key=lambda r: (-r.swing, r.variable))
