"""Qualitative influences: write what the source says, get a monotone CPT.

The modeler gives the child's distribution when every parent is at its lowest state (the
``baseline``) and, per parent, the direction and strength of its effect. The builder is an
ordered-logit model: with ``B(j)`` the baseline's cumulative probability of the child being at
state j or below, a parent at position ``x`` in [0, 1] (state index / (states - 1)) shifts the
log-odds by ``sign * beta * x``::

    P(child <= j | parents) = logistic(logit(B(j)) - sum_i sign_i * beta_i * x_i)

``sign`` is +1 for ``increases`` and -1 for ``decreases``. ``beta`` is the change in log-odds of
the child being above any threshold when the parent moves from its lowest to its highest state:

=============  ======  ===========================================
strength        beta    odds multiplied by (lowest → highest)
=============  ======  ===========================================
``weak``        0.5     1.6
``moderate``    1.0     2.7
``strong``      2.0     7.4
``very_strong`` 3.0     20
=============  ======  ===========================================

A number may be given instead of a word. Each row is stochastically increasing (decreasing) in
every parent with effect ``increases`` (``decreases``).

YAML::

    cpt:
      influences:
        baseline: {low: 0.80, medium: 0.15, high: 0.05}
        parents:
          is_funding: {effect: increases, strength: strong}
          leadership_visibility: {effect: decreases, strength: weak}
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scenarios.core.yamltree import LocatedDict, Mark
from scenarios.cpt.params import (
    check_keys,
    check_spec,
    parse_each_parent,
    positive_number,
    require_mapping,
)
from scenarios.cpt.params import value_mark as mark_in
from scenarios.cpt.table import CptContext, parse_row

STRENGTHS = {"weak": 0.5, "moderate": 1.0, "strong": 2.0, "very_strong": 3.0}
EFFECTS = {"increases": 1.0, "decreases": -1.0}
SATURATED = 1e4  # a shift beyond this already gives probabilities of exactly 0 and 1


def influence_table(
    baseline: np.ndarray,
    shifts: list[float],
    cards: list[int],
    positions: list[np.ndarray] | None = None,
) -> np.ndarray:
    """CPT ``(*cards, m)``: ordered logit around ``baseline`` with signed full-range ``shifts``.
    ``positions[i]`` places parent i's states on [0, 1] (default: evenly, in state order)."""
    eta = np.zeros(tuple(cards))
    for axis, (shift, card) in enumerate(zip(shifts, cards, strict=True)):
        shape = [1] * len(cards)
        shape[axis] = card
        where = positions[axis] if positions is not None else np.linspace(0.0, 1.0, card)
        saturated = min(max(shift, -SATURATED), SATURATED)  # sums of huge shifts stay finite
        eta = eta + (saturated * where).reshape(shape)
    cumulative = np.cumsum(baseline)[:-1]
    with np.errstate(divide="ignore"):
        logits = np.log(cumulative) - np.log1p(-np.minimum(cumulative, 1.0))
    shifted = 0.5 * (1.0 + np.tanh((logits - eta[..., None]) / 2))  # the logistic, no overflow
    ones = np.ones((*eta.shape, 1))
    full = np.concatenate([shifted, ones], axis=-1)
    return np.clip(np.diff(full, axis=-1, prepend=0.0), 0.0, None)


def build_influences(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """The ``influences`` builder: ordinal child, any parents."""
    what = "influences"
    if ctx.scale != "ordinal":
        ctx.error(
            "influences need an ordinal child (states lowest first)",
            at,
            "use a table, or mark the variable 'scale: ordinal' if its states are ordered",
        )
        return None
    if not check_spec(
        spec,
        ctx,
        at,
        what,
        ("baseline", "parents"),
        ("baseline", "parents"),
        "{baseline: {...}, parents: {...}}",
    ):
        return None
    baseline = parse_row(
        spec["baseline"], ctx, mark_in(spec, "baseline", ctx), "influences baseline"
    )
    parsed = parse_each_parent(spec, "parents", ctx, "influences parents", _shift)
    if baseline is None or parsed is None:
        return None
    shifts, positions = (list(x) for x in zip(*parsed, strict=True))
    return influence_table(baseline, shifts, [len(s) for _, s in ctx.parents], positions)


def _shift(
    value: Any, parent: str, states: tuple[str, ...], ctx: CptContext, at: Mark
) -> tuple[float, np.ndarray] | None:
    what = f"influence of '{parent}'"
    example = "{effect: increases, strength: moderate}"
    if not require_mapping(value, ctx, at, what, example) or not check_keys(
        value, ("effect", "strength", "order"), ctx, what, required=("effect", "strength")
    ):
        return None
    positions = _positions(value, parent, states, ctx, at)
    beta = _beta(value, what, ctx)
    return None if positions is None or beta is None else (beta, positions)


def _positions(
    value: LocatedDict, parent: str, states: tuple[str, ...], ctx: CptContext, at: Mark
) -> np.ndarray | None:
    """Where each state of ``parent`` sits on [0, 1]: evenly in state order, or in the given
    ``order`` (required for a nominal parent, whose states have no order of their own)."""
    order = value.get("order")
    if order is None:
        if parent in ctx.nominal_parents:
            ctx.error(
                f"influence of '{parent}': '{parent}' is nominal, so 'increases' has no direction",
                at,
                f"add 'order: [{', '.join(states)}]' listing its states "
                "from the one that least raises this variable to the one that most does, "
                "or use a table",
            )
            return None
        return np.linspace(0.0, 1.0, len(states))
    order = getattr(order, "raw", None)  # the states as written ('01' stays "01")
    if (
        order is None
        or None in order
        or sorted(order) != sorted(states)
        or len(order) != len(states)
    ):
        ctx.error(
            f"influence of '{parent}': 'order' must list each state of '{parent}' once",
            mark_in(value, "order", ctx),
            f"write order: [{', '.join(states)}] in the order you mean, lowest effect first",
        )
        return None
    ranks = {state: i / max(len(states) - 1, 1) for i, state in enumerate(order)}
    return np.array([ranks[s] for s in states])


def _beta(value: LocatedDict, what: str, ctx: CptContext) -> float | None:
    effect, strength = value["effect"], value["strength"]
    if effect not in EFFECTS:
        ctx.error(
            f"{what}: effect '{effect}' is unknown",
            mark_in(value, "effect", ctx),
            "use increases or decreases",
        )
        return None
    if isinstance(strength, str):
        if strength not in STRENGTHS:
            ctx.error(
                f"{what}: strength '{strength}' is unknown",
                mark_in(value, "strength", ctx),
                f"use one of: {', '.join(STRENGTHS)}, or a number above 0",
            )
            return None
        beta: float | None = STRENGTHS[strength]
    else:
        beta = positive_number(strength, ctx, mark_in(value, "strength", ctx), f"{what}: strength")
    return None if beta is None else EFFECTS[effect] * beta
