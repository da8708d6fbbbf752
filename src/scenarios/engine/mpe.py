"""Most probable explanation: the single most likely assignment of every variable.

Max-product variable elimination done as max-sum over the logs of the tables, so that the
probability of a joint state of thousands of variables (0.55^1300 = 10^-337.5) neither
underflows nor loses the ordering of its candidates: hard findings are sliced in, soft
likelihoods added as log vectors, variables eliminated in a min-weight order of the moral
graph (:func:`~scenarios.engine.ordering.elimination_order`), and the maximizing states
read back in reverse order from the argmax tables kept on the way. What the elimination will
hold is computed from the shapes and checked against the memory limit before anything is
allocated.

Example:
    >>> from scenarios import load_model
    >>> found = most_probable_explanation(Engine(load_model()), {"is_funding": "high"})
    >>> found.assignment["defection_rate"], found.assignment["taliban_stance"]
    ('high', 'confront')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from scenarios.engine.compiled import Asked, Engine
from scenarios.engine.contraction import check_memory
from scenarios.engine.observation import observe
from scenarios.engine.ordering import elimination_order
from scenarios.engine.symbols import symbol
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model


@dataclass(frozen=True)
class Explanation:
    """The most probable joint state and the natural log of P(state, evidence)."""

    assignment: dict[str, str]
    log_joint: float

    @property
    def joint(self) -> float:
        """P(state, evidence); 0.0 where it is below the smallest float (see ``log_joint``)."""
        return math.exp(self.log_joint)


@dataclass
class _Factor:
    array: np.ndarray  # log-probabilities, -inf where the probability is 0
    names: tuple[str, ...]


def most_probable_explanation(engine: Engine, evidence: Asked = None) -> Explanation:
    """The most probable joint state of all variables of the engine's model given
    ``evidence`` (or a prepared question); a set belief enters as the likelihood finding that
    makes it hold, ``do`` as surgery on the model. Raises ImpossibleEvidenceError when the
    evidence has probability 0, TooLargeError (before allocating) when the elimination would
    hold more than the memory limit."""
    asked = evidence
    evidence = engine.resolve(evidence)
    model = engine.intervened(evidence.do).model if evidence.do else engine.model
    obs = observe(model, Evidence(evidence.hard, evidence.soft))
    factors = [_log_cpt(model, name, obs.findings) for name in model.variables]
    factors += [_Factor(_log(vector), (name,)) for name, vector in obs.likelihoods.items()]
    order = _order(model, factors, [n for n in model.names if n not in obs.findings])
    _check_memory(model, factors, order)
    trace: list[tuple[str, tuple[str, ...], np.ndarray]] = []
    for name in order:
        touching = [f for f in factors if name in f.names]
        factors = [f for f in factors if name not in f.names]
        combined = _log_product(model, touching)
        axis = combined.names.index(name)
        rest = combined.names[:axis] + combined.names[axis + 1 :]
        trace.append((name, rest, combined.array.argmax(axis=axis)))
        factors.append(_Factor(combined.array.max(axis=axis), rest))
    log_joint = math.fsum(float(f.array) for f in factors)
    if log_joint == -math.inf:
        engine.prepare(asked)  # names the conflicting findings
    chosen = dict(obs.findings)
    for name, rest, best in reversed(trace):
        chosen[name] = int(best[tuple(chosen[n] for n in rest)])
    assignment = {n: model.variables[n].states[chosen[n]] for n in model.names}
    return Explanation(assignment, log_joint)


def _log(array: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.asarray(np.log(np.asarray(array, dtype=float)))


def _log_cpt(model: Model, name: str, findings: dict[str, int]) -> _Factor:
    var = model.variables[name]
    axes = (*var.parents, name)
    index = tuple(findings.get(a, slice(None)) for a in axes)
    return _Factor(_log(var.cpt[index]), tuple(a for a in axes if a not in findings))


def _order(model: Model, factors: list[_Factor], free: list[str]) -> list[str]:
    """The free variables in a min-weight elimination order of the factors' graph."""
    symbols = {n: symbol(i) for i, n in enumerate(model.names)}
    subscripts = ["".join(symbols[n] for n in f.names) for f in factors]
    sizes = {symbols[n]: model.variables[n].cardinality for n in model.names}
    rank = elimination_order([s for s in subscripts if s], sizes)
    return sorted(free, key=lambda n: rank.get(symbols[n], -1))


def _check_memory(model: Model, factors: list[_Factor], order: list[str]) -> None:
    """Refuse, from the shapes alone, an elimination whose tables would not fit: the argmax
    tables kept for the read-back, the max tables alive, and the largest combined table
    (twice: it is built by adding into a buffer)."""
    scopes = [set(f.names) for f in factors]
    kept = largest = 0
    for name in order:
        touching = [s for s in scopes if name in s]
        scopes = [s for s in scopes if name not in s]
        joined = set().union(*touching)
        cells = math.prod(model.variables[n].cardinality for n in joined)
        rest = cells // model.variables[name].cardinality
        largest = max(largest, cells)
        kept += 2 * rest  # the argmax table and the max table passed on
        scopes.append(joined - {name})
    check_memory(kept + 2 * largest, "the tables of its most probable explanation")


def _log_product(model: Model, factors: list[_Factor]) -> _Factor:
    """The product of factors as the sum of their logs, broadcast over the union of their
    axes (in order of first appearance)."""
    names = tuple(dict.fromkeys(n for f in factors for n in f.names))
    shape = tuple(model.variables[n].cardinality for n in names)
    total = np.zeros(shape)
    for factor in factors:
        order = sorted(range(len(factor.names)), key=lambda i: names.index(factor.names[i]))
        moved = np.transpose(factor.array, order)
        present = {factor.names[i] for i in order}
        view = moved.reshape([c if n in present else 1 for n, c in zip(names, shape, strict=True)])
        np.add(total, view, out=total)
    return _Factor(total, names)
