"""One-way sensitivity: how far each variable, set to each of its states, moves a target.

Example:
    >>> from scenarios.model.bundled import load_bundled
    >>> from scenarios.engine import Engine
    >>> rows = sensitivity(Engine(load_bundled()), Measure("fata_relocation", "yes"))
    >>> rows[0].variable, round(rows[0].swing, 2)
    ('taliban_stance', 0.65)
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.analysis.measures import Measure
from scenarios.engine.compiled import Engine
from scenarios.engine.evidence import Evidence


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
    Each value is the measure given the evidence plus that variable fixed at that state; all
    of them are answered as one batch."""
    evidence = evidence or Evidence()
    engine.probability(evidence)
    fixed = {measure.variable, *evidence.observed, *evidence.do}
    pairs = [(name, state) for name, var in engine.model.variables.items() if name not in fixed
             for state in var.states]
    answers, p = engine.query_batch([evidence.with_finding(n, s) for n, s in pairs],
                                    [measure.variable])
    target_states = engine.model.variables[measure.variable].states
    values: dict[str, dict[str, float | None]] = {}
    for i, (name, state) in enumerate(pairs):
        row = dict(zip(target_states, answers[measure.variable][i].tolist(), strict=True))
        values.setdefault(name, {})[state] = measure.of(row) if p[i] > 0 else None
    rows = [SensitivityRow(name, by_state) for name, by_state in values.items()]
    return sorted(rows, key=lambda r: (-r.swing, r.variable))
