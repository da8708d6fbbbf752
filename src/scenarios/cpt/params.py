"""Parameter checks shared by the parametric builders; each records a located problem.

Example:
    >>> from scenarios.core.errors import Problems
    >>> ctx = CptContext(Problems("m.yaml"), "y", ("no", "yes"), [("x", ("off", "on"))], Mark(1, 1))
    >>> check_keys({"leak": 0.1, "lnks": {}}, ("leak", "links"), ctx, "noisy_or")
    False
    >>> str(ctx.problems.items[0]).split(": ", 1)[1][:46]
    "variable 'y': noisy_or: unknown key 'lnks'. Di"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scenarios.core.numbers import is_positive_number
from scenarios.core.text import did_you_mean
from scenarios.core.yamltree import LocatedDict, Mark, check_unknown_keys
from scenarios.cpt.table import CptContext


def _mark(body: Any, key: str, ctx: CptContext, keys: bool = False) -> Mark:
    marks = getattr(body, "key_marks" if keys else "value_marks", {})
    mark: Mark = marks.get(key, getattr(body, "mark", ctx.mark))
    return mark


def require_mapping(body: Any, ctx: CptContext, at: Mark, what: str, example: str) -> bool:
    if isinstance(body, LocatedDict):
        return True
    ctx.error(f"{what} must be a mapping", at, f"write e.g. {example}")
    return False


def check_keys(
    body: dict[str, Any],
    allowed: tuple[str, ...],
    ctx: CptContext,
    what: str,
    required: tuple[str, ...] = (),
) -> bool:
    """Unknown keys (with the closest allowed one) and missing required keys."""
    ok = check_unknown_keys(body, allowed, ctx.problems, ctx.variable, what=f"{what}: ")
    for key in required:
        if key not in body:
            ctx.error(f"{what}: missing '{key}'", getattr(body, "mark", ctx.mark), f"add '{key}:'")
            ok = False
    return ok


def check_spec(
    spec: Any,
    ctx: CptContext,
    at: Mark,
    what: str,
    allowed: tuple[str, ...],
    required: tuple[str, ...],
    example: str,
) -> bool:
    """A builder's body: a mapping with only ``allowed`` keys and every ``required`` one."""
    return require_mapping(spec, ctx, at, what, example) and check_keys(
        spec, allowed, ctx, what, required=required
    )


def positive_number(value: Any, ctx: CptContext, at: Mark, what: str) -> float | None:
    if not is_positive_number(value):
        ctx.error(
            f"{what} is {value!r}; it must be a number above 0", at, "write a positive number"
        )
        return None
    return float(value)


def per_parent(body: Any, ctx: CptContext, at: Mark, what: str) -> dict[str, Any] | None:
    """A mapping with exactly one entry per parent of the variable."""
    if not require_mapping(
        body, ctx, at, what, "{" + ", ".join(f"{p}: ..." for p, _ in ctx.parents) + "}"
    ):
        return None
    parents = [p for p, _ in ctx.parents]
    ok = True
    for name in body:
        if name not in parents:
            ctx.error(
                f"{what}: '{name}' is not a parent of this variable.{did_you_mean(name, parents)}",
                body.key_marks[name],
                f"parents are: {', '.join(parents)}",
            )
            ok = False
    missing = [p for p in parents if p not in body]
    if missing:
        ctx.error(
            f"{what}: no entry for parent(s) {', '.join(missing)}",
            body.mark,
            "give every parent an entry (a parent without influence should not be one)",
        )
        ok = False
    return dict(body) if ok else None


def parse_each_parent(
    spec: LocatedDict,
    key: str,
    ctx: CptContext,
    what: str,
    parse: Callable[[Any, str, tuple[str, ...], CptContext, Mark], Any],
) -> list[Any] | None:
    """Run ``parse(value, parent, parent_states, ctx, at)`` on the entry of every parent under
    ``spec[key]``, in parent order; None if the mapping or any entry is wrong."""
    body = per_parent(spec[key], ctx, value_mark(spec, key, ctx), what)
    if body is None:
        return None
    parsed = [
        parse(body[p], p, states, ctx, value_mark(spec[key], p, ctx)) for p, states in ctx.parents
    ]
    return None if any(item is None for item in parsed) else parsed


def value_mark(body: Any, key: str, ctx: CptContext) -> Mark:
    return _mark(body, key, ctx)
