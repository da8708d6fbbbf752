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
    # name -> rows and states of its hard findings, and its states' indices
    found: dict[str, tuple[list[int], list[int], dict[str, int]]] = {}
    soft_rows: dict[str, list[tuple[int, np.ndarray]]] = {}
    for row, item in enumerate(items):  # no object kept per set (the collector walks those)
        hard, soft = (item.hard, item.soft) if isinstance(item, Evidence) else (item, None)
        try:  # the common case, hard findings with known names, without building objects
            for name, state in hard.items():
                entry = found.get(name)
                if entry is None:
                    labels = model.variables[name].states
                    entry = found[name] = ([], [], {s: i for i, s in enumerate(labels)})
                entry[0].append(row)
                entry[1].append(entry[2][state])
        except (KeyError, TypeError):
            observe(model, Evidence(dict(hard), dict(soft or {})))  # the QueryError naming it
            raise
        if soft:
            resolved = observe(model, Evidence(dict(hard), soft)).likelihoods
            for name, likelihood in resolved.items():
                soft_rows.setdefault(name, []).append((row, likelihood))
    vectors = {
        n: np.ones((len(items), model.variables[n].cardinality))
        for n in dict.fromkeys([*found, *soft_rows])
    }
    for name, (rows, states, _) in found.items():
        vectors[name][rows] = 0.0
        vectors[name][rows, states] = 1.0
    for name, rows_given in soft_rows.items():
        for row, likelihood in rows_given:
            vectors[name][row] = likelihood
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
