"""Ranked nodes (as in AgenaRisk): a truncated normal around a weighted function of the parents.

Every ordinal variable is read on [0, 1], its k states being equal-width intervals; a parent in
state j sits at the interval's midpoint (j + 0.5) / k (or 1 minus that, with ``reverse: true``).
For each combination of parent states the child is a normal distribution with mean

- ``wmean``: sum_i w_i x_i / sum_i w_i
- ``wmin``:  min_i (w_i x_i + sum_{j != i} x_j) / (w_i + n - 1)
- ``wmax``:  max_i (w_i x_i + sum_{j != i} x_j) / (w_i + n - 1)

and the given ``variance``, truncated to [0, 1] and discretized onto the child's intervals.

YAML::

    cpt:
      ranked:
        function: wmean          # wmean (default) | wmin | wmax
        variance: 0.02
        weights:
          commander_competition: 1
          leadership_grievance: {weight: 2}
          leadership_visibility: {weight: 1, reverse: true}   # more visible, less of the child
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from scenarios.core.yamltree import LocatedDict, Mark
from scenarios.cpt.params import (
    check_keys,
    check_spec,
    parse_each_parent,
    positive_number,
)
from scenarios.cpt.params import value_mark as mark_in
from scenarios.cpt.table import CptContext

FUNCTIONS = ("wmean", "wmin", "wmax")


def weighted(function: str, weights: np.ndarray, x: np.ndarray) -> float:
    """The ranked-node mean for parent positions ``x`` with ``weights``."""
    if function == "wmean":
        scaled = weights / weights.max()  # huge weights must not overflow the sums
        return float(scaled @ x / scaled.sum())
    n = len(x)
    if n == 1:  # one parent: its position, whatever its weight (a tiny one would underflow)
        return float(x[0])
    candidates = (weights * x + (x.sum() - x)) / (weights + n - 1)
    return float(candidates.min() if function == "wmin" else candidates.max())


def truncated_normal_bins(mean: float, variance: float, bins: int) -> np.ndarray:
    """Mass of N(mean, variance) truncated to [0, 1] on ``bins`` equal intervals."""
    sd = math.sqrt(variance)
    edges = np.linspace(0.0, 1.0, bins + 1)
    cdf = np.array([0.5 * (1 + math.erf((e - mean) / (sd * math.sqrt(2)))) for e in edges])
    mass = np.diff(cdf)
    if mass.sum() <= 0:  # far outside [0, 1]: all mass on the nearest end
        mass = np.eye(bins)[0 if mean < 0.5 else -1]
    return np.asarray(mass / mass.sum())


def ranked_table(
    function: str,
    variance: float,
    weights: list[float],
    reverse: list[bool],
    cards: list[int],
    child_card: int,
) -> np.ndarray:
    """The CPT ``(*cards, child_card)`` of a ranked node."""
    w = np.array(weights, dtype=float)
    table = np.empty((*cards, child_card))
    for combo in itertools.product(*(range(c) for c in cards)):
        x = np.array([(j + 0.5) / k for j, k in zip(combo, cards, strict=True)])
        x = np.where(reverse, 1 - x, x)
        table[combo] = truncated_normal_bins(weighted(function, w, x), variance, child_card)
    return table


def build_ranked(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """The ``ranked`` builder: ordinal child, ordinal parents."""
    what = "ranked"
    if ctx.scale != "ordinal":
        ctx.error("ranked needs an ordinal child", at, "use a table or noisy_max instead")
        return None
    if not check_spec(
        spec,
        ctx,
        at,
        what,
        ("function", "variance", "weights"),
        ("variance", "weights"),
        "{function: wmean, variance: 0.02, weights: {}}",
    ):
        return None
    function = spec.get("function", "wmean")
    if function not in FUNCTIONS:
        ctx.error(
            f"ranked function '{function}' is unknown",
            mark_in(spec, "function", ctx),
            f"use one of: {', '.join(FUNCTIONS)}",
        )
        return None
    variance = positive_number(
        spec["variance"], ctx, mark_in(spec, "variance", ctx), "ranked variance"
    )
    parsed = parse_each_parent(spec, "weights", ctx, "ranked weights", _weight)
    if variance is None or parsed is None:
        return None
    weights, reverse = zip(*parsed, strict=True)
    return ranked_table(
        function,
        variance,
        list(weights),
        list(reverse),
        [len(s) for _, s in ctx.parents],
        len(ctx.states),
    )


def _weight(
    value: Any, parent: str, _states: tuple[str, ...], ctx: CptContext, at: Mark
) -> tuple[float, bool] | None:
    what = f"ranked weight of '{parent}'"
    reverse = False
    if parent in ctx.nominal_parents:
        ctx.error(
            f"{what}: '{parent}' is nominal, so its states have no rank",
            at,
            "use a table, or make the parent 'scale: ordinal' if its states are ordered",
        )
        return None
    if isinstance(value, LocatedDict):
        if not check_keys(value, ("weight", "reverse"), ctx, what, required=("weight",)):
            return None
        reverse = value.get("reverse", False)
        if not isinstance(reverse, bool):
            ctx.error(
                f"{what}: 'reverse' must be true or false",
                mark_in(value, "reverse", ctx),
                "write reverse: true",
            )
            return None
        at, value = mark_in(value, "weight", ctx), value["weight"]
    weight = positive_number(value, ctx, at, what)
    return None if weight is None else (weight, reverse)
