"""Explicit CPTs: a root prior as ``{state: p}``, a child table as rows keyed by parent states.

Example YAML for a child with parents ``rain`` and ``sprinkler``::

    cpt:
      table:
        "rain=no, sprinkler=off":  {dry: 0.99, wet: 0.01}
        "rain=no, sprinkler=on":   {dry: 0.10, wet: 0.90}
        ...

A row may also be a list of probabilities in the child's state order.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.core.errors import Problems
from scenarios.core.text import UNDERFLOW, UNDERFLOW_FIX, did_you_mean, underflows
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark

SUM_TOLERANCE = 1e-6
MAX_LISTED = 5


@dataclass
class CptContext:
    """What a CPT builder needs to know about the variable it builds for."""

    problems: Problems
    variable: str
    states: tuple[str, ...]
    parents: list[tuple[str, tuple[str, ...]]]
    mark: Mark
    scale: str = "ordinal"
    nominal_parents: frozenset[str] = frozenset()  # parents whose states have no order

    def error(self, message: str, at: Mark | None, hint: str) -> None:
        self.problems.add(message, at or self.mark, self.variable, hint)


def format_combination(parents: list[tuple[str, tuple[str, ...]]], combo: tuple[int, ...]) -> str:
    """Row label for one combination of parent state indices, e.g. ``"a=low, b=high"``."""
    pairs = zip(parents, combo, strict=True)
    return ", ".join(f"{name}={states[i]}" for (name, states), i in pairs)


def build_prior(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """A root variable's prior from ``{state: p}`` (or a list in state order)."""
    return parse_row(spec, ctx, at, "prior")


def build_table(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """A child's CPT from rows keyed by readable parent-state combinations."""
    if not isinstance(spec, LocatedDict) or not spec:
        ctx.error(
            "'table' must map parent combinations to rows",
            at,
            f'write rows like "{_example_key(ctx)}": {{...}}',
        )
        return None
    shape = tuple(len(s) for _, s in ctx.parents) + (len(ctx.states),)
    table = np.full(shape, np.nan)
    seen: dict[tuple[int | slice, ...], str] = {}
    for key, row in spec.items():
        combo = _parse_row_key(key, ctx, spec.key_marks[key])
        if combo is None:
            continue
        if combo in seen:
            ctx.error(
                f"row '{key}' repeats the combination of row '{seen[combo]}'",
                spec.key_marks[key],
                "delete one of the two rows",
            )
            continue
        seen[combo] = key
        values = parse_row(row, ctx, spec.value_marks[key], f"row '{key}'")
        if values is not None:
            table[combo] = values
    _report_missing_rows(seen, ctx, at)
    return None if np.isnan(table).any() else table


def build_row_counts(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """``learned: rows``: the cases counted into each row, as an array of the parents'
    shape; a number for a root, else one number (0 or more) per row, keyed like a table."""
    shape = tuple(len(s) for _, s in ctx.parents)
    if not ctx.parents:
        if is_count(spec):
            return np.full(shape, float(spec))
        ctx.error(
            f"'learned: rows' is {spec!r}; it must be a number from 0 to {MOST_CASES:g}",
            at,
            "give the cases counted into the prior, e.g. 'rows: 120'",
        )
        return None
    if not isinstance(spec, LocatedDict):
        ctx.error(
            "'learned: rows' must map each row of the table to the cases counted into it",
            at,
            f'write e.g. "{_example_key(ctx)}": 12',
        )
        return None
    return _keyed_numbers(
        spec,
        ctx,
        at,
        is_count,
        lambda key, value: (
            f"'learned: rows', row '{key}' is {value!r}, not a number from 0 to {MOST_CASES:g}"
        ),
        "give the cases counted into the row",
    )


def build_values(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """A utility node's table: one finite number per combination of its parents' states,
    keyed like a table's rows ("a=low, b=high": -10), as an array of the parents' shape."""
    if not isinstance(spec, LocatedDict) or not spec:
        ctx.error(
            "'table' must map each combination of the parents' states to a value",
            at,
            f'write rows like "{_example_key(ctx)}": -10',
        )
        return None
    return _keyed_numbers(
        spec,
        ctx,
        at,
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v),
        lambda key, value: f"the value of row '{key}' is {value!r}, not a number",
        "give what the combination is worth in the utility's unit, e.g. -10",
    )


def _keyed_numbers(
    spec: LocatedDict,
    ctx: CptContext,
    at: Mark,
    takes: Callable[[Any], bool],
    refusal: Callable[[str, Any], str],
    hint: str,
) -> np.ndarray | None:
    """One number per combination of the parents' states, keyed like a table's rows; every
    repeated, missing or refused row reported (None then)."""
    numbers = np.full(tuple(len(s) for _, s in ctx.parents), np.nan)
    seen: dict[tuple[int | slice, ...], str] = {}
    for key, value in spec.items():
        combo = _parse_row_key(str(key), ctx, spec.key_marks[key])
        if combo is None:
            continue
        if combo in seen:
            ctx.error(f"row '{key}' repeats row '{seen[combo]}'", spec.key_marks[key], "keep one")
            continue
        seen[combo] = str(key)
        if not takes(value):
            ctx.error(refusal(str(key), value), spec.value_marks[key], hint)
            continue
        numbers[combo] = float(value)
    _report_missing_rows(seen, ctx, at)
    return None if np.isnan(numbers).any() else numbers


MOST_CASES = 1e12  # cases counted into one row, at most (the learning report's terms hold)


def is_count(value: Any) -> bool:
    """A number of cases: from 0 to MOST_CASES."""
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return ok and math.isfinite(value) and 0 <= value <= MOST_CASES


def _example_key(ctx: CptContext) -> str:
    return format_combination(ctx.parents, (0,) * len(ctx.parents))


def _parse_row_key(
    key: str, ctx: CptContext, at: Mark, partial: bool = False
) -> tuple[int | slice, ...] | None:
    """Parent state indices named by a row key; with ``partial``, an unnamed parent is any
    state (a ``slice``)."""
    assignments: dict[str, str] = {}
    for part in key.split(","):
        name, sep, state = (p.strip() for p in part.partition("="))
        if not sep or not name or not state:
            ctx.error(
                f"row key '{key}' is not of the form 'parent=state, parent=state'",
                at,
                f'write it like "{_example_key(ctx)}"',
            )
            return None
        if name in assignments:
            ctx.error(
                f"row '{key}' names '{name}' twice",
                at,
                f'give each parent once, e.g. "{_example_key(ctx)}"',
            )
            return None
        assignments[name] = state
    parent_states = dict(ctx.parents)
    combo: list[int | slice] = []
    ok = True
    for name, states in ctx.parents:
        if name not in assignments and partial:
            combo.append(slice(None))
        elif name not in assignments:
            ctx.error(
                f"row '{key}' does not give parent '{name}'",
                at,
                f"add '{name}=<state>' (one of: {', '.join(states)})",
            )
            ok = False
        elif assignments[name] not in states:
            ctx.error(
                f"row '{key}': '{assignments[name]}' is not a state of parent '{name}'."
                f"{did_you_mean(assignments[name], states)}",
                at,
                f"use one of: {', '.join(states)}",
            )
            ok = False
        else:
            combo.append(states.index(assignments[name]))
    for name in assignments.keys() - parent_states.keys():
        ctx.error(
            f"row '{key}' names '{name}', which is not a parent of this variable",
            at,
            f"parents are: {', '.join(parent_states) or 'none'}",
        )
        ok = False
    return tuple(combo) if ok else None


def _report_missing_rows(
    seen: dict[tuple[int | slice, ...], str], ctx: CptContext, at: Mark
) -> None:
    cards = [range(len(s)) for _, s in ctx.parents]
    missing = [c for c in itertools.product(*cards) if c not in seen]
    if not missing:
        return
    labels = [f'"{format_combination(ctx.parents, c)}"' for c in missing[:MAX_LISTED]]
    more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
    ctx.error(
        f"table is missing {len(missing)} row(s): {', '.join(labels)}{more}",
        at,
        "add a row for every combination of parent states",
    )


def parse_row(row: Any, ctx: CptContext, at: Mark, what: str) -> np.ndarray | None:
    """One distribution over the child's states, from ``{state: p}`` or ``[p, ...]``."""
    if isinstance(row, LocatedDict):
        values = _row_from_mapping(row, ctx, what)
    elif isinstance(row, LocatedList):
        values = _row_from_list(row, ctx, at, what)
    else:
        ctx.error(
            f"{what} must be a mapping of state to probability",
            at,
            f"write e.g. {{{', '.join(f'{s}: ...' for s in ctx.states)}}}",
        )
        return None
    if values is None:
        return None
    total = float(np.sum(values))
    if abs(total - 1.0) > SUM_TOLERANCE:
        ctx.error(
            f"{what} sums to {total:.6g}, not 1 (off by {total - 1.0:+.3g})",
            at,
            "adjust the probabilities so they add up to 1",
        )
        return None
    return values / total  # rounding in the file must not leak into barren-node sums


def _row_from_mapping(row: LocatedDict, ctx: CptContext, what: str) -> np.ndarray | None:
    values = np.zeros(len(ctx.states))
    ok = True
    for state, value in row.items():
        if state not in ctx.states:
            ctx.error(
                f"{what}: '{state}' is not a state of this variable."
                f"{did_you_mean(str(state), ctx.states)}",
                row.key_marks[state],
                f"use the states: {', '.join(ctx.states)}",
            )
            ok = False
            continue
        number = parse_probability(
            value, ctx, row.value_marks[state], f"{what}, state '{state}'", row.text(state)
        )
        ok = ok and number is not None
        if number is not None:
            values[ctx.states.index(state)] = number
    missing = [s for s in ctx.states if s not in row]
    if missing:
        ctx.error(
            f"{what} gives no probability for {', '.join(missing)}",
            row.mark,
            "give every state a probability (0 is allowed)",
        )
        ok = False
    return values if ok else None


def _row_from_list(row: LocatedList, ctx: CptContext, at: Mark, what: str) -> np.ndarray | None:
    if len(row) != len(ctx.states):
        ctx.error(
            f"{what} has {len(row)} numbers but the variable has {len(ctx.states)} states "
            f"({', '.join(ctx.states)})",
            at,
            "give one probability per state, in order",
        )
        return None
    numbers = [
        parse_probability(v, ctx, m, f"{what}, item {i + 1}", w)
        for i, (v, m, w) in enumerate(zip(row, row.marks, row.raw, strict=True))
    ]
    if any(n is None for n in numbers):
        return None
    return np.array(numbers, dtype=float)


def parse_probability(
    value: Any, ctx: CptContext, at: Mark, what: str, written: str | None = None
) -> float | None:
    """A number in [0, 1] (``written`` as the file has it), or None after recording why
    not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        ctx.error(f"{what} is {value!r}, not a number", at, "write a probability between 0 and 1")
        return None
    number = float(value)
    if written is not None and underflows(written, number):
        ctx.error(f"{what} ({written[:40]}) {UNDERFLOW}", at, UNDERFLOW_FIX)
        return None
    if number < 0:
        ctx.error(f"{what} is negative ({value})", at, "probabilities must be 0 or more")
        return None
    if not math.isfinite(number) or number > 1:
        ctx.error(f"{what} is {value}, outside [0, 1]", at, "write a probability between 0 and 1")
        return None
    return number


def apply_overrides(table: np.ndarray, spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """Replace rows of a built ``table`` with explicit ones. A key may leave parents out, e.g.
    ``"is_funding=high"`` replaces every row where is_funding is high."""
    if not isinstance(spec, LocatedDict) or not spec:
        ctx.error(
            "'overrides' must map parent combinations to rows",
            at,
            f'write rows like "{_example_key(ctx)}": {{...}}',
        )
        return None
    table = table.copy()
    owner = np.full(table.shape[:-1], "", dtype=object)
    ok = True
    for key, row in spec.items():
        combo = _parse_row_key(key, ctx, spec.key_marks[key], partial=True)
        values = parse_row(row, ctx, spec.value_marks[key], f"override '{key}'")
        if combo is None or values is None:
            ok = False
            continue
        clash = {o for o in np.atleast_1d(owner[combo]).ravel() if o}
        if clash:
            ctx.error(
                f"override '{key}' covers rows already set by '{sorted(clash)[0]}'",
                spec.key_marks[key],
                "make the overrides name disjoint combinations",
            )
            ok = False
            continue
        owner[combo] = key
        table[combo] = values
    return table if ok else None
