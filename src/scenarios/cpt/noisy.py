"""Canonical gates: noisy-OR for binary children, noisy-MAX (Díez) for ordinal ones.

A parent's lowest state is its "absent" state and causes nothing; each higher state has a
*link*: the chance (noisy-OR) or the distribution of child levels (noisy-MAX) it would cause if
it acted alone. The *leak* covers every cause not in the model.

noisy-OR, child states ``[absent, present]``::

    P(present | x) = 1 - (1 - leak) * prod_i (1 - link_i(x_i))

noisy-MAX, child states ordered lowest first: with cumulative link distributions
``C_i(y | x_i) = P(Y_i <= y)`` and leak ``C_L(y)``::

    P(Y <= y | x) = C_L(y) * prod_i C_i(y | x_i)

YAML::

    cpt:
      noisy_or:
        leak: 0.03
        links:
          leadership_grievance: 0.08              # binary parent: link of its higher state
          is_appeal: {medium: 0.03, high: 0.07}   # ordinal parent: a link per non-lowest state

    cpt:
      noisy_max:
        leak: {low: 0.7, medium: 0.2, high: 0.1}
        links:
          is_funding:
            medium: {low: 0.6, medium: 0.3, high: 0.1}
            high:   {low: 0.3, medium: 0.4, high: 0.3}
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scenarios.core.yamltree import LocatedDict, Mark
from scenarios.cpt.params import (
    check_spec,
    parse_each_parent,
    value_mark,
)
from scenarios.cpt.table import CptContext, parse_probability, parse_row


def noisy_or_table(leak: float, links: list[np.ndarray], cards: list[int]) -> np.ndarray:
    """CPT ``(*cards, 2)`` from a leak and, per parent, link probabilities by state (index 0 is
    the absent state and must be 0)."""
    p_absent = np.full(tuple(cards), 1.0 - leak)
    for axis, link in enumerate(links):
        shape = [1] * len(cards)
        shape[axis] = cards[axis]
        p_absent = p_absent * (1.0 - link).reshape(shape)
    return np.stack([p_absent, 1.0 - p_absent], axis=-1)


def noisy_max_table(leak: np.ndarray, links: list[np.ndarray]) -> np.ndarray:
    """CPT ``(*parent_cards, m)`` from a leak distribution ``(m,)`` and, per parent, link
    distributions ``(k_i, m)`` whose row 0 (the absent state) puts all mass on the lowest level."""
    m = leak.shape[0]
    cumulative = np.cumsum(leak).reshape((1,) * len(links) + (m,))
    for axis, link in enumerate(links):
        shape = [1] * len(links) + [m]
        shape[axis] = link.shape[0]
        cumulative = cumulative * np.cumsum(link, axis=-1).reshape(shape)
    cumulative[..., -1] = 1.0
    table = np.diff(cumulative, axis=-1, prepend=0.0)
    return np.clip(table, 0.0, None)


def build_noisy_or(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """The ``noisy_or`` builder: binary child, binary or ordinal parents."""
    what = "noisy_or"
    if len(ctx.states) != 2:
        ctx.error(
            f"noisy_or needs a child with 2 states, this one has {len(ctx.states)}",
            at,
            "use noisy_max for an ordinal child",
        )
        return None
    if not check_spec(
        spec, ctx, at, what, ("leak", "links"), ("links",), "{leak: 0.05, links: {parent: 0.6}}"
    ):
        return None
    leak = parse_probability(
        spec.get("leak", 0.0), ctx, value_mark(spec, "leak", ctx), "noisy_or leak"
    )
    links = parse_each_parent(spec, "links", ctx, "noisy_or links", _link_probabilities)
    if leak is None or links is None:
        return None
    return noisy_or_table(leak, links, [len(s) for _, s in ctx.parents])


def _link_probabilities(
    value: Any, parent: str, states: tuple[str, ...], ctx: CptContext, at: Mark
) -> np.ndarray | None:
    what = f"noisy_or link of '{parent}'"
    if not isinstance(value, LocatedDict):
        if len(states) != 2:
            ctx.error(
                f"{what}: '{parent}' has {len(states)} states, so give a probability per "
                "state above the lowest",
                at,
                "write e.g. {" + ", ".join(f"{s}: ..." for s in states[1:]) + "}",
            )
            return None
        p = parse_probability(value, ctx, at, what)
        return None if p is None else np.array([0.0, p])
    per_state = _per_active_state(value, parent, states, ctx, what)
    if per_state is None:
        return None
    numbers = [
        parse_probability(per_state[s], ctx, value.value_marks[s], f"{what}, state '{s}'")
        for s in states[1:]
    ]
    return None if None in numbers else np.array([0.0, *numbers])


def _per_active_state(
    value: LocatedDict, parent: str, states: tuple[str, ...], ctx: CptContext, what: str
) -> LocatedDict | None:
    """Check a mapping keyed by every state of ``parent`` above its lowest."""
    ok = True
    for state in value:
        if state == states[0]:
            ctx.error(
                f"{what}: '{state}' is the lowest (absent) state of '{parent}', which "
                "causes nothing",
                value.key_marks[state],
                "remove it; the leak covers it",
            )
            ok = False
        elif state not in states:
            ctx.error(
                f"{what}: '{state}' is not a state of '{parent}'",
                value.key_marks[state],
                f"use: {', '.join(states[1:])}",
            )
            ok = False
    missing = [s for s in states[1:] if s not in value]
    if missing:
        ctx.error(
            f"{what}: no link for state(s) {', '.join(missing)}",
            value.mark,
            "give every state above the lowest a link",
        )
        ok = False
    return value if ok else None


def build_noisy_max(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """The ``noisy_max`` builder: ordinal child and parents (Díez's formulation)."""
    what = "noisy_max"
    if not check_spec(
        spec,
        ctx,
        at,
        what,
        ("leak", "links"),
        ("links",),
        "{leak: {...}, links: {parent: {state: {...}}}}",
    ):
        return None
    leak = np.eye(len(ctx.states))[0]
    if "leak" in spec:
        leak = parse_row(spec["leak"], ctx, value_mark(spec, "leak", ctx), "noisy_max leak")
    links = parse_each_parent(spec, "links", ctx, "noisy_max links", _link_distributions)
    if leak is None or links is None:
        return None
    return noisy_max_table(leak, links)


def _link_distributions(
    value: Any, parent: str, states: tuple[str, ...], ctx: CptContext, at: Mark
) -> np.ndarray | None:
    what = f"noisy_max link of '{parent}'"
    if not isinstance(value, LocatedDict):
        ctx.error(
            f"{what} must map each state above the lowest to a distribution",
            at,
            "write e.g. {"
            + f"{states[-1]}: "
            + "{"
            + ", ".join(f"{s}: ..." for s in ctx.states)
            + "}}",
        )
        return None
    if _per_active_state(value, parent, states, ctx, what) is None:
        return None
    rows = [np.eye(len(ctx.states))[0]]
    for state in states[1:]:
        rows.append(
            parse_row(value[state], ctx, value.value_marks[state], f"{what}, state '{state}'")
        )
    return None if any(r is None for r in rows) else np.array(rows)
