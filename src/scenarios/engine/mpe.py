"""Most probable explanation: the single most likely assignment of every variable.

Max-product variable elimination over the CPTs (hard findings sliced in, soft likelihoods
multiplied in), eliminating the variable whose combined factor is smallest first, then reading
the maximizing states back in reverse order.

Example:
    >>> from scenarios import load_model
    >>> assignment, p = most_probable_explanation(load_model(), Evidence({"is_funding": "high"}))
    >>> assignment["defection_rate"], assignment["taliban_stance"]
    ('high', 'confront')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import opt_einsum as oe

from scenarios.engine.compiled import Engine
from scenarios.engine.evidence import Evidence
from scenarios.engine.intervention import intervene
from scenarios.engine.observation import observe
from scenarios.model.schema import Model


@dataclass
class _Factor:
    array: np.ndarray
    names: tuple[str, ...]


def most_probable_explanation(model: Model, evidence: Evidence) -> tuple[dict[str, str], float]:
    """The most probable joint state of all variables and its probability P(x, evidence); a
    set belief enters as the likelihood finding that makes it hold."""
    if evidence.beliefs:
        evidence = Engine(model).resolve(evidence)
    if evidence.do:
        model = intervene(model, evidence.do)
    obs = observe(model, Evidence(evidence.hard, evidence.soft))
    factors = [_cpt_factor(model, name, obs.findings) for name in model.variables]
    factors += [_Factor(vector, (name,)) for name, vector in obs.likelihoods.items()]
    free = [n for n in model.variables if n not in obs.findings]
    trace: list[tuple[str, _Factor]] = []
    while free:
        name = min(free, key=lambda n: _combined_size(model, factors, n))
        free.remove(name)
        touching = [f for f in factors if name in f.names]
        factors = [f for f in factors if name not in f.names]
        combined = _product(touching)
        axis = combined.names.index(name)
        trace.append((name, combined))
        rest = combined.names[:axis] + combined.names[axis + 1 :]
        factors.append(_Factor(combined.array.max(axis=axis), rest))
    probability = float(np.prod([f.array for f in factors])) if factors else 1.0
    chosen = dict(obs.findings)
    for name, combined in reversed(trace):
        index = tuple(chosen[n] if n != name else slice(None) for n in combined.names)
        chosen[name] = int(np.argmax(combined.array[index]))
    assignment = {n: model.variables[n].states[chosen[n]] for n in model.variables}
    return assignment, probability


def _cpt_factor(model: Model, name: str, findings: dict[str, int]) -> _Factor:
    var = model.variables[name]
    axes = (*var.parents, name)
    index = tuple(findings.get(a, slice(None)) for a in axes)
    return _Factor(var.cpt[index], tuple(a for a in axes if a not in findings))


def _combined_size(model: Model, factors: list[_Factor], name: str) -> int:
    names = {n for f in factors if name in f.names for n in f.names}
    return int(np.prod([model.variables[n].cardinality for n in names]))


def _product(factors: list[_Factor]) -> _Factor:
    names = tuple(dict.fromkeys(n for f in factors for n in f.names))
    symbols = {n: oe.get_symbol(i) for i, n in enumerate(names)}
    equation = ",".join("".join(symbols[n] for n in f.names) for f in factors)
    equation += "->" + "".join(symbols[n] for n in names)
    return _Factor(oe.contract(equation, *(f.array for f in factors)), names)
