"""What every writer of another tool's format shares: names spelt as identifiers
(:mod:`scenarios.io.names`), shortest round-trip floats, this tool's notes on a variable (one
percent-encoded JSON property, with the variable's position in the model so that order
survives readers that sort), and a layout for formats that draw the network.

Example:
    >>> exact(0.1), exact(1e-20), exact(1.0)
    ('0.1', '1e-20', '1')
"""

from __future__ import annotations

import numpy as np

from scenarios.io.names import encode_name
from scenarios.model.graph import topological_order
from scenarios.model.schema import Model, Variable


def exact(x: float) -> str:
    """The shortest text that reads back as the same float (``1`` rather than ``1.0``)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def exact_row(values: np.ndarray, separator: str = " ") -> str:
    return separator.join(exact(x) for x in np.asarray(values, dtype=float).ravel())


def names_of(var: Variable) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The variable's name, states and parents, spelt as identifiers."""
    return (
        encode_name(var.name),
        tuple(encode_name(s) for s in var.states),
        tuple(encode_name(p) for p in var.parents),
    )


def grid_positions(model: Model) -> dict[str, tuple[int, int]]:
    """A centre (x, y) per variable for formats that store one: causes above effects, one
    row per depth in the graph, left to right in model order."""
    parents = {n: v.parents for n, v in model.variables.items()}
    depth: dict[str, int] = {}
    for name in topological_order(parents):
        depth[name] = 1 + max((depth[p] for p in parents[name]), default=-1)
    column: dict[int, int] = {}
    out = {}
    for name in model.variables:
        row = depth[name]
        column[row] = column.get(row, 0) + 1
        out[name] = (column[row] * 160, 60 + row * 100)
    return out


def first_option(var: Variable) -> bool:
    """Whether a table is probability 1 on the first state in every row: a decision's table
    where the file gave none (:mod:`scenarios.io.influence_blocks`), written as none."""
    return bool((var.cpt[..., 0] == 1.0).all())
