"""One-way sensitivity: how far each variable, set to each of its states, moves a target.

Two questions, each for a planner and for a modeler:

- ``"lever"`` (the default): what would each lever do? Each lever that is a cause of the
  target (an ancestor) is *set* to each of its states, ``do(X=x)``, cutting it from its own
  causes. Levers are the variables the model marks ``actionable``, else its drivers
  (:attr:`~scenarios.model.schema.Model.levers`). ``"cause"`` sets every cause alike, mediators
  too: what the model's mechanism carries, not what anyone can do. Consequences of the target
  cannot move it this way, so they do not appear.
- ``"signpost"``: what would each indicator tell? Each variable the model marks
  ``observable`` (every variable, where it marks none) is *observed* in each state;
  consequences of the target move it by diagnosis. ``"finding"`` observes every variable,
  hidden ones too.

Each row names the states that give the lowest and the highest value (not the variable's
lowest and highest state: a middle state may give either).

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> engine, measure = Engine(load_model()), Measure("fata_relocation", "yes")
    >>> rows = sensitivity(engine, measure, mode="cause")
    >>> rows[0].variable, round(rows[0].swing, 2)
    ('taliban_stance', 0.65)
    >>> [(r.variable, round(r.swing, 2)) for r in sensitivity(engine, measure)][:2]
    [('is_funding', 0.03), ('digital_recruitment', 0.02)]
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.engine.compiled import Asked, Engine
from scenarios.model.graph import ancestors
from scenarios.model.measures import Measure
from scenarios.model.schema import Model


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
    "lever": "what setting each lever would do",
    "cause": "what setting each cause would do",
    "signpost": "what observing each indicator would tell",
    "finding": "what observing each variable would tell",
}
SETS = ("lever", "cause")  # the modes that set variables, do(); the others observe them


def candidates(model: Model, target: str, mode: str) -> set[str]:
    """The variables ``mode`` moves: levers or every cause of ``target`` (set), observables
    (every variable where none is marked) or every variable (observed); never the target.

    >>> from scenarios import load_model
    >>> sorted(candidates(load_model(), "secret_pact", "lever"))
    ['digital_recruitment', 'is_funding', 'peace_process', 'troop_drawdown']
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    causes = ancestors({n: v.parents for n, v in model.variables.items()}, [target])
    chosen = {
        "lever": causes & set(model.levers),
        "cause": causes,
        "signpost": set(model.observables or model.variables),
        "finding": set(model.variables),
    }[mode]
    return chosen - {target}


def sensitivity(
    engine: Engine, measure: Measure, evidence: Asked = None, mode: str = "lever"
) -> list[SensitivityRow]:
    """A row per candidate variable of ``mode`` (:func:`candidates`; none in the evidence),
    largest swing first. Each value is the measure given the evidence plus that variable set
    (modes in :data:`SETS`) or observed in that state; all of them are answered as one
    batch."""
    moved = candidates(engine.model, measure.variable, mode)
    evidence = engine.prepare(evidence, [measure.variable]).evidence  # beliefs as likelihoods
    fixed = {*evidence.observed, *evidence.do}
    pairs = [
        (name, state)
        for name, var in engine.model.variables.items()
        if name in moved and name not in fixed
        for state in var.states
    ]
    change = evidence.with_intervention if mode in SETS else evidence.with_finding
    answers, p = engine.query_batch([change(n, s) for n, s in pairs], [measure.variable])
    target = engine.model.variables[measure.variable]
    values: dict[str, dict[str, float | None]] = {}
    for i, (name, state) in enumerate(pairs):
        row = target.distribution(answers[measure.variable][i])
        values.setdefault(name, {})[state] = measure.of(row) if p[i] > 0 else None
    rows = [SensitivityRow(name, by_state) for name, by_state in values.items()]
    return sorted(rows, key=lambda r: (-r.swing, r.variable))
