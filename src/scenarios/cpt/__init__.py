"""CPT builders: turn the ``cpt:`` entry of a variable into a plain probability array.

A root variable's ``cpt`` is its prior, ``{state: p}``. A child's ``cpt`` is a mapping with one
builder key, optionally with ``overrides`` (explicit rows that replace what a parametric builder
produced for some parent combinations):

- ``table``: explicit rows (:mod:`scenarios.cpt.table`)
- ``noisy_or`` / ``noisy_max``: canonical gates (:mod:`scenarios.cpt.noisy`)
- ``ranked``: truncated normal around a weighted function (:mod:`scenarios.cpt.ranked`)
- ``influences``: qualitative influences, ordered logit (:mod:`scenarios.cpt.influences`)

Every builder returns an array of shape ``(*parent_cards, card)`` that the engine and
``to_pgmpy()`` use unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from scenarios.core.text import did_you_mean
from scenarios.core.yamltree import LocatedDict, Mark
from scenarios.cpt.influences import build_influences
from scenarios.cpt.noisy import build_noisy_max, build_noisy_or
from scenarios.cpt.ranked import build_ranked
from scenarios.cpt.table import (
    CptContext,
    apply_overrides,
    build_prior,
    build_row_counts,
    build_table,
    format_combination,
    parse_row,
)

Builder = Callable[[Any, CptContext, Mark], "np.ndarray | None"]

BUILDERS: dict[str, Builder] = {
    "table": build_table,
    "noisy_or": build_noisy_or,
    "noisy_max": build_noisy_max,
    "ranked": build_ranked,
    "influences": build_influences,
}
OVERRIDES = "overrides"

__all__ = [
    "BUILDERS",
    "CptContext",
    "build_cpt",
    "build_row_counts",
    "check_rows",
    "format_combination",
]


def build_cpt(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """Build the CPT array (shape ``(*parent_cards, card)``) or record problems and return None."""
    if not ctx.parents:
        return build_prior(spec, ctx, at)
    kinds = [k for k in spec if k != OVERRIDES] if isinstance(spec, LocatedDict) else []
    if len(kinds) != 1:
        ctx.error(
            "a variable with parents needs 'cpt' with exactly one of: "
            + ", ".join(BUILDERS)
            + (f" (found {', '.join(kinds)})" if kinds else ""),
            at,
            "write 'cpt:' then e.g. 'table:' with one row per combination of parent "
            "states (see docs/model-format.md)",
        )
        return None
    kind = kinds[0]
    builder = BUILDERS.get(kind)
    if builder is None:
        ctx.error(
            f"unknown CPT kind '{kind}'.{did_you_mean(kind, list(BUILDERS))}",
            spec.key_marks[kind],
            f"use one of: {', '.join(BUILDERS)}",
        )
        return None
    table = builder(spec[kind], ctx, spec.value_marks[kind])
    if OVERRIDES not in spec or table is None:
        return table
    if kind == "table":
        ctx.error(
            "'overrides' only go with a parametric builder",
            spec.key_marks[OVERRIDES],
            "edit the table's rows directly",
        )
        return None
    return apply_overrides(table, spec[OVERRIDES], ctx, spec.value_marks[OVERRIDES])


def check_rows(spec: Any, ctx: CptContext) -> None:
    """Check each explicit row's numbers when the table as a whole cannot be built (e.g. a
    parent is unknown), so that those problems are reported in the same run."""
    table = spec.get("table") if isinstance(spec, LocatedDict) else None
    if isinstance(table, LocatedDict):
        for key, row in table.items():
            parse_row(row, ctx, table.value_marks[key], f"row '{key}'")
