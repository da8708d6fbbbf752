"""Evidence resolved against a model: state indices for hard findings, normalized likelihood
vectors for soft ones, and a batch of evidence sets as one array per observed variable."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.model.evidence import Evidence, resolve_findings
from scenarios.model.schema import Model


@dataclass(frozen=True)
class Observation:
    """Evidence resolved to indices: hard findings and normalized likelihood vectors."""

    findings: dict[str, int]
    likelihoods: dict[str, np.ndarray]

    @property
    def names(self) -> list[str]:
        return [*self.findings, *self.likelihoods]


def observe(model: Model, ev: Evidence) -> Observation:
    """Resolve names to indices (:func:`~scenarios.model.evidence.resolve_findings`)."""
    return Observation(*resolve_findings(model, ev))


def evidence_vectors(
    model: Model, items: Sequence[Evidence | Mapping[str, str]]
) -> dict[str, np.ndarray]:
    """One ``(sets, states)`` array per observed variable: indicator rows for hard findings,
    likelihood rows for soft ones, ones where a set says nothing about the variable.
    Items are Evidence without interventions, or plain ``{variable: state}`` mappings."""
    plain = [(ev.hard, ev.soft) if isinstance(ev, Evidence) else (ev, None) for ev in items]
    observed = list(dict.fromkeys(n for hard, soft in plain for n in (*hard, *(soft or ()))))
    vectors = {n: np.ones((len(items), model.variables[n].cardinality)) for n in observed}
    indices = {n: {s: i for i, s in enumerate(v.states)} for n, v in model.variables.items()}
    found: dict[str, tuple[list[int], list[int]]] = {n: ([], []) for n in observed}
    for row, (hard, soft) in enumerate(plain):
        try:  # the common case, hard findings with known names, without building objects
            for name, state in hard.items():
                found[name][0].append(row)
                found[name][1].append(indices[name][state])
        except (KeyError, TypeError):
            observe(model, Evidence(dict(hard), dict(soft or {})))  # the QueryError naming it
            raise
        if soft:
            likelihoods = observe(model, Evidence(dict(hard), soft)).likelihoods
            for name, likelihood in likelihoods.items():
                vectors[name][row] = likelihood
    for name, (rows, states) in found.items():
        vectors[name][rows] = 0.0
        vectors[name][rows, states] = 1.0
    return vectors


def smallest_conflict(ev: Evidence, impossible: Callable[[Evidence], bool]) -> dict[str, str]:
    """A smallest-by-deletion subset of the findings that is impossible on its own, as
    ``{variable: state}`` (soft findings as ``~state:likelihood,...``)."""
    conflict = ev
    for name in ev.observed:
        trial = conflict.without(name)
        if trial.observed and impossible(trial):
            conflict = trial
    soft = {k: "~" + ",".join(f"{s}:{p:g}" for s, p in v.items()) for k, v in conflict.soft.items()}
    return {**conflict.hard, **soft}
