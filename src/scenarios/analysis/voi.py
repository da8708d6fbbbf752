"""Value of information: which unobserved variable, if we learned it, would tell us most about
the target. Mutual information I(T; V | e) in bits, from the exact joint P(T, V | e).

Example:
    >>> from scenarios.model.bundled import load_bundled
    >>> from scenarios.engine import Engine
    >>> rows = value_of_information(Engine(load_bundled()), "fata_relocation")
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


def mutual_information(joint: np.ndarray) -> float:
    """I(X; Y) in bits from a 2-D joint distribution."""
    return entropy(joint.sum(1)) + entropy(joint.sum(0)) - entropy(joint)


def value_of_information(engine: Engine, target: str, evidence: Evidence | None = None
                         ) -> list[VoiRow]:
    """A row per unobserved variable, most informative first.

    One batch answers P(target | evidence, V=v) and P(evidence, V=v) for every candidate V and
    state v; from those, I(T; V | e) = H(T | e) - sum_v P(v | e) H(T | e, v).
    """
    evidence = evidence or Evidence()
    engine.check_targets([target])
    p_e = engine.probability(evidence)
    h = entropy(engine.joint(evidence, [target]))
    skip = {target, *evidence.hard, *evidence.do}
    pairs = [(name, state) for name, var in engine.model.variables.items() if name not in skip
             for state in var.states]
    answers, p = engine.query_batch([evidence.with_finding(n, s) for n, s in pairs], [target])
    remaining: dict[str, float] = {}
    for i, (name, _) in enumerate(pairs):
        if p[i] > 0:
            remaining[name] = remaining.get(name, 0.0) + p[i] / p_e * entropy(answers[target][i])
        else:
            remaining.setdefault(name, 0.0)
    rows = [VoiRow(name, max(0.0, h - rest), h) for name, rest in remaining.items()]
    return sorted(rows, key=lambda r: (-r.mutual_information, r.variable))
