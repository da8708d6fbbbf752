"""One-way sensitivity: how far each variable, set to each of its states, moves a target.

Two questions, two modes:

- ``"lever"`` (the default): what would each lever do? Each cause of the target (its
  ancestors) is *set* to each of its states, ``do(X=x)``, cutting it from its own causes.
  Consequences of the target cannot move it this way, so they do not appear.
- ``"signpost"``: what would each finding tell? Each other variable is *observed* in each
  state; consequences of the target (its indicators) move it by diagnosis.

Each row names the states that give the lowest and the highest value (not the variable's
lowest and highest state: a middle state may give either).

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> rows = sensitivity(Engine(load_model()), Measure("fata_relocation", "yes"))
    >>> rows[0].variable, round(rows[0].swing, 2)
    ('taliban_stance', 0.65)
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.engine.compiled import Asked, Engine
from scenarios.model.graph import ancestors
from scenarios.model.measures import Measure


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
    def low_state(self) -> str:
        """The state giving the lowest value (the first such state in model order)."""
        return next(s for s, v in self.values.items() if v == self.low)

    @property
    def high_state(self) -> str:
        """The state giving the highest value (the first such state in model order)."""
        return next(s for s, v in self.values.items() if v == self.high)

    @property
    def swing(self) -> float:
        return self.high - self.low


MODES = {
    "lever": "what setting each cause would do",
    "signpost": "what observing each variable would tell",
}


def sensitivity(
    engine: Engine, measure: Measure, evidence: Asked = None, mode: str = "lever"
) -> list[SensitivityRow]:
    """A row per candidate variable (not the target, not in the evidence), largest swing
    first. Each value is the measure given the evidence plus that variable set
    (``mode="lever"``, causes of the target only) or observed (``mode="signpost"``, every
    variable) in that state; all of them are answered as one batch."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    evidence = engine.prepare(evidence, [measure.variable]).evidence  # beliefs as likelihoods
    fixed = {measure.variable, *evidence.observed, *evidence.do}
    model = engine.model
    candidates = (
        ancestors({n: v.parents for n, v in model.variables.items()}, [measure.variable])
        if mode == "lever"
        else set(model.variables)
    )
    pairs = [
        (name, state)
        for name, var in model.variables.items()
        if name in candidates and name not in fixed
        for state in var.states
    ]
    change = evidence.with_intervention if mode == "lever" else evidence.with_finding
    answers, p = engine.query_batch([change(n, s) for n, s in pairs], [measure.variable])
    target = engine.model.variables[measure.variable]
    values: dict[str, dict[str, float | None]] = {}
    for i, (name, state) in enumerate(pairs):
        row = target.distribution(answers[measure.variable][i])
        values.setdefault(name, {})[state] = measure.of(row) if p[i] > 0 else None
    rows = [SensitivityRow(name, by_state) for name, by_state in values.items()]
    return sorted(rows, key=lambda r: (-r.swing, r.variable))
