"""Pooling analysts' tables into one model (``scenarios pool``, ``--analysts DIR``).

Each table is pooled row by row over the analysts, an analyst who did not assess a variable
counting with the shared model's table (they accept it). Linear pool: the weighted mean of the
rows, sum_i w_i p_i: it keeps every state any analyst allows, and a probability lies between
the analysts' own. Logarithmic pool: the weighted geometric mean, prod_i p_i^w_i, renormalized:
a state any analyst rules out (0) is ruled out, and it is externally Bayesian (pooling then
updating on a finding is updating then pooling). Neither pools the joint: pooling each table
linearly is not the linear pool of the analysts' joint distributions, so a pooled answer need
not lie between the analysts' answers except for a table's own variable with no evidence
(a root). A confidence is pooled as the weighted mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from scenarios.core.errors import Diagnostic, QueryError
from scenarios.io.analyst_file import Assessment
from scenarios.model.schema import Model

METHODS = ("linear", "log")


def checked_weights(analysts: Sequence[Assessment], given: dict[str, float] | None) -> np.ndarray:
    """Each analyst's weight (equal by default); QueryError for weights naming other analysts
    or not summing to 1."""
    names = [a.analyst for a in analysts]
    if not given:
        return np.full(len(names), 1.0 / len(names))
    if set(given) != set(names):
        raise QueryError(
            f"--weights names {', '.join(sorted(given))}; the analysts are {', '.join(names)}: "
            "give one weight per analyst"
        )
    weights = np.array([given[n] for n in names], dtype=float)
    if (weights < 0).any() or abs(weights.sum() - 1.0) > 1e-9:
        raise QueryError(
            f"--weights sum to {weights.sum():g}: give weights of 0 or more that sum to 1"
        )
    return weights


def pool(
    model: Model,
    analysts: Sequence[Assessment],
    method: str = "linear",
    weights: np.ndarray | None = None,
) -> Model:
    """The model whose assessed tables (and confidences) are the analysts' pooled; its notes
    say which and how."""
    if method not in METHODS:
        raise QueryError(f"--method {method}: use linear or log")
    w = np.full(len(analysts), 1.0 / len(analysts)) if weights is None else weights
    kept = [a for a, weight in zip(analysts, w, strict=True) if weight > 0]
    w = w[w > 0]
    assessed = list(dict.fromkeys(n for a in analysts for n in a.assessed))
    variables = dict(model.variables)
    for name in assessed:
        var = model.variables[name]
        tables = np.stack([a.tables.get(name, var.cpt) for a in kept])
        confidence = var.confidence
        if any(name in a.confidences for a in kept):
            own = [a.confidences.get(name, model.confidence_of(name)) for a in kept]
            confidence = float(np.dot(w, own))
        table = _pooled(tables, w, method, name)
        variables[name] = replace(var, cpt=table, confidence=confidence, builder="")
    names = ", ".join(a.analyst for a in analysts)
    note = Diagnostic(
        f"{len(assessed)} tables pooled ({method}) from the analysts {names}: "
        + ", ".join(assessed),
        model.path or model.name,
    )
    return replace(model, variables=variables, notes=(note,), warnings=())


def _pooled(tables: np.ndarray, weights: np.ndarray, method: str, name: str) -> np.ndarray:
    """Rows pooled over the first axis (analysts)."""
    if method == "linear":
        return np.asarray(np.tensordot(weights, tables, axes=1))
    with np.errstate(divide="ignore"):
        logs = np.tensordot(weights, np.log(tables), axes=1)
    peak = logs.max(axis=-1, keepdims=True)
    if np.isinf(peak).any():
        raise QueryError(
            f"the log pool of '{name}' rules out every state of a row (each state is 0 for "
            "some analyst): use --method linear, or settle the zeros"
        )
    rows = np.exp(logs - peak)
    return np.asarray(rows / rows.sum(axis=-1, keepdims=True))
