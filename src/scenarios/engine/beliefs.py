"""Set beliefs (Jeffrey's rule): an analyst states a variable's distribution, and the query
answers as if that distribution held given the rest of the evidence.

Jeffrey's rule revises every other probability by ``P'(a) = sum_x q(x) P(a | x, e)``, where
``q`` is the stated distribution of X and ``e`` the other evidence. The same revision is made
by the soft (likelihood) finding ``L(x) = q(x) / P(x | e)`` on X, which is how the engine enters
it (Chan and Darwiche, "On the revision of probabilistic beliefs using uncertain evidence",
2005). Several beliefs are fitted together by iterative proportional fitting: each one's
likelihood is recomputed given the others until every stated distribution holds to
:data:`TOLERANCE`; the result is the distribution closest (in relative entropy) to the
model's that satisfies them all.

Once turned into likelihoods, a belief stays that likelihood when an analysis adds
hypothetical findings (voi, indicators, sensitivity): it is the weight of what the analyst
stated, and a new observation can still move the variable.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.engine.observation import observe
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model

TOLERANCE = 1e-12  # largest gap allowed between a stated and a resulting probability
MAX_ROUNDS = 500

Posterior = Callable[[Evidence, str], np.ndarray]


def beliefs_as_likelihoods(model: Model, evidence: Evidence, posterior: Posterior) -> Evidence:
    """``evidence`` with each set belief replaced by the soft finding that makes it hold.

    ``posterior(evidence, name)`` is the engine's posterior vector of ``name``. QueryError
    when the other evidence rules out a state the belief gives a probability, or when the
    beliefs cannot all hold together.
    """
    if not evidence.beliefs:
        return evidence
    observe(model, evidence)  # names and numbers checked before any query
    stated = {n: model.variable(n).belief(q) for n, q in evidence.beliefs.items()}
    weights = {n: np.ones(len(q)) for n, q in stated.items()}
    for _ in range(MAX_ROUNDS):
        for name, q in stated.items():
            current = posterior(_with(model, evidence, weights, skip=name), name)
            _check_support(model, name, q, current)
            weights[name] = np.divide(q, current, out=np.zeros_like(q), where=current > 0)
        resolved = _with(model, evidence, weights)
        if len(stated) == 1 or _holds(stated, resolved, posterior):
            return resolved
    names = ", ".join(stated)
    raise QueryError(
        f"the beliefs on {names} cannot all hold together with the rest of the evidence; "
        "state fewer of them, or check that they are consistent"
    )


def _with(
    model: Model, evidence: Evidence, weights: dict[str, np.ndarray], skip: str | None = None
) -> Evidence:
    """The evidence with the other beliefs as their current likelihoods (``skip`` left out)."""
    soft = dict(evidence.soft)
    for name, weight in weights.items():
        if name != skip:
            scaled = weight / weight.max()
            soft[name] = dict(zip(model.variables[name].states, scaled.tolist(), strict=True))
    return Evidence(evidence.hard, soft, evidence.do)


def _check_support(model: Model, name: str, stated: np.ndarray, current: np.ndarray) -> None:
    ruled_out = [
        state
        for state, q, p in zip(model.variables[name].states, stated, current, strict=True)
        if q > 0 and p <= 0
    ]
    if ruled_out:
        raise QueryError(
            f"the belief on '{name}' gives '{ruled_out[0]}' a probability, but the rest of "
            "the evidence rules it out; give it 0 or drop the finding that excludes it"
        )


def _holds(stated: dict[str, np.ndarray], resolved: Evidence, posterior: Posterior) -> bool:
    return all(
        float(np.abs(posterior(resolved, name) - q).max()) <= TOLERANCE
        for name, q in stated.items()
    )
