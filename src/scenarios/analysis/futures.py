"""Most likely futures: the k most probable joint configurations of chosen outcomes.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> top = most_likely_futures(Engine(load_model()), ["fata_relocation", "secret_pact"], k=2)
    >>> [tuple(f.states.values()) for f in top]
    [('no', 'none'), ('yes', 'none')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import QueryError
from scenarios.engine.compiled import Asked, Engine


@dataclass(frozen=True)
class Future:
    states: dict[str, str]
    probability: float


def most_likely_futures(
    engine: Engine, targets: Sequence[str], k: int = 5, evidence: Asked = None
) -> list[Future]:
    """The ``k`` most probable joint states of ``targets`` given the evidence, exactly; fewer
    when fewer than ``k`` are possible."""
    if k < 1:
        raise QueryError("-k must be 1 or more")
    question = engine.prepare(evidence, targets)
    names = list(question.targets)
    cards = [engine.model.variables[n].cardinality for n in names]
    cells = int(np.prod(cards))
    if cells > limits.get("joint_cells"):
        raise QueryError(
            limits.refusal(
                f"the number of joint states of these {len(names)} variables", cells, "joint_cells"
            )
            + "; or choose fewer targets"
        )
    joint = engine.joint(question, names).ravel()
    order = [i for i in np.argsort(-joint, kind="stable")[:k] if joint[i] > 0]  # never impossible
    futures = []
    for flat in order:
        index = np.unravel_index(flat, cards)
        states = {n: engine.model.variables[n].states[i] for n, i in zip(names, index, strict=True)}
        futures.append(Future(states, float(joint[flat])))
    return futures
