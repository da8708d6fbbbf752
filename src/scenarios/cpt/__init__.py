"""CPT builders: turn the ``cpt:`` entry of a variable into a plain probability array.

A root variable's ``cpt`` is its prior, ``{state: p}``. A child's ``cpt`` is a mapping with one
builder key; today that is ``table`` (explicit rows). Parametric builders join under the same key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from scenarios.cpt.table import CptContext, build_prior, build_table, format_combination, parse_row
from scenarios.model.schema import did_you_mean
from scenarios.model.yamltree import LocatedDict, Mark

Builder = Callable[[Any, CptContext, Mark], "np.ndarray | None"]

BUILDERS: dict[str, Builder] = {"table": build_table}

__all__ = ["BUILDERS", "CptContext", "build_cpt", "check_rows", "format_combination"]


def build_cpt(spec: Any, ctx: CptContext, at: Mark) -> np.ndarray | None:
    """Build the CPT array (shape ``(*parent_cards, card)``) or record problems and return None."""
    if not ctx.parents:
        return build_prior(spec, ctx, at)
    if not isinstance(spec, LocatedDict) or len(spec) != 1:
        ctx.error("a variable with parents needs 'cpt' with exactly one of: "
                  + ", ".join(BUILDERS), at, "write 'cpt:' then 'table:' with one row per "
                  "combination of parent states")
        return None
    (kind, body), = spec.items()
    builder = BUILDERS.get(kind)
    if builder is None:
        ctx.error(f"unknown CPT kind '{kind}'.{did_you_mean(kind, list(BUILDERS))}",
                  spec.key_marks[kind], f"use one of: {', '.join(BUILDERS)}")
        return None
    return builder(body, ctx, spec.value_marks[kind])


def check_rows(spec: Any, ctx: CptContext) -> None:
    """Check each explicit row's numbers when the table as a whole cannot be built (e.g. a
    parent is unknown), so that those problems are reported in the same run."""
    table = spec.get("table") if isinstance(spec, LocatedDict) else None
    if isinstance(table, LocatedDict):
        for key, row in table.items():
            parse_row(row, ctx, table.value_marks[key], f"row '{key}'")
