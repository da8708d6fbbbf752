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
    """A row per unobserved variable, most informative first."""
    evidence = evidence or Evidence()
    engine.check_targets([target])
    prior = engine.joint(evidence, [target])
    h = entropy(prior)
    skip = {target, *evidence.hard, *evidence.do}
    rows = [VoiRow(name, max(0.0, mutual_information(engine.joint(evidence, [target, name]))), h)
            for name in engine.model.variables if name not in skip]
    return sorted(rows, key=lambda r: (-r.mutual_information, r.variable))
