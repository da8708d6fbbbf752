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
MAX_ROUNDS = 500  # rounds of queries, where the beliefs' joint is too large to fit on
TABLE_ROUNDS = 200_000  # rounds on the beliefs' joint table (each a few numpy operations)
TABLE_CELLS = 4096  # the largest joint of the belief variables fitted as a table

Posterior = Callable[[Evidence, str], np.ndarray]
Joint = Callable[[Evidence, list[str]], np.ndarray]


def beliefs_as_likelihoods(
    model: Model, evidence: Evidence, posterior: Posterior, joint: Joint | None = None
) -> Evidence:
    """``evidence`` with each set belief replaced by the soft finding that makes it hold.

    ``posterior(evidence, name)`` is the engine's posterior vector of ``name``; with
    ``joint(evidence, names)`` (the engine's joint over ``names``), several beliefs are fitted
    on the joint of their variables given the rest of the evidence, which likelihoods only
    reweight: exact, and fast however slowly the fitting converges (beliefs on variables
    tied by a near-deterministic table take thousands of rounds). QueryError when the other
    evidence rules out a state the belief gives a probability, or when the beliefs cannot all
    hold together.
    """
    if not evidence.beliefs:
        return evidence
    observe(model, evidence)  # names and numbers checked before any query
    stated = {n: model.variable(n).belief(q) for n, q in evidence.beliefs.items()}
    weights = {n: np.ones(len(q)) for n, q in stated.items()}
    cells = int(np.prod([len(q) for q in stated.values()]))
    if joint is not None and len(stated) > 1 and cells <= TABLE_CELLS:
        rest = Evidence(evidence.hard, evidence.soft, evidence.do)
        weights = _fit_table(model, joint(rest, list(stated)), stated)
        resolved = _with(model, evidence, weights)
        if _holds(stated, resolved, posterior):
            return resolved
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


def _fit_table(
    model: Model, table: np.ndarray, stated: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Likelihoods (one vector per belief variable, axes of ``table`` in ``stated``'s order)
    under which ``table`` has the stated marginals: iterative proportional fitting."""
    names = list(stated)
    axes = {n: tuple(j for j in range(len(names)) if j != i) for i, n in enumerate(names)}
    for name, axis in axes.items():
        _check_support(model, name, stated[name], table.sum(axis=axis))
    weights = {n: np.ones(len(q)) for n, q in stated.items()}
    fitted = table / table.sum()
    for _ in range(TABLE_ROUNDS):
        gap = 0.0
        for i, name in enumerate(names):
            current = fitted.sum(axis=axes[name])
            gap = max(gap, float(np.abs(current - stated[name]).max()))
            ratio = np.divide(stated[name], current, out=np.zeros_like(current), where=current > 0)
            weights[name] = weights[name] * ratio
            shape = [1] * len(names)
            shape[i] = -1
            fitted = fitted * ratio.reshape(shape)
        if gap <= TOLERANCE / 10:
            break
    return weights


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
