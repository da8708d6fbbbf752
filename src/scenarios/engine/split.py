"""Products whose larger operand has contracted axes among its batch axes, read in place.

A pairwise product runs as a stack of matrix products: each operand's batch axes, then its
rows (or columns) and the contracted axes, each group one dimension. A large intermediate is
laid out for the step that made it, and the step reading it may contract an axis that sits
among its batch axes (munin1: a table of 1.1e7 cells whose second axis is summed next).
Copying it into the stacks' layout, and its adjoint back in the reverse pass, cost more than
the products. Here such an axis stays where it is, as a batch dimension of both operands, and
the products are summed along it afterwards: the larger operand is read as it lies, the
smaller one laid out to match (a copy where it is not already), and the reverse pass
multiplies the same stacks the other way round, the output's adjoint broadcast along the
summed dimensions.

Example:
    >>> import numpy as np
    >>> x = np.arange(120.0).reshape(3, 4, 2, 5).transpose(1, 0, 2, 3)  # memory "aqdb"
    >>> y = np.ones((3, 4, 2, 5, 2))
    >>> result, kept = split_product(x, "qadb", y, "aqdbc", "adc")  # q, b contracted
    >>> bool(np.allclose(result, np.einsum("qadb,aqdbc->adc", x, y))), kept.groups
    (True, ('a', 'q', 'd'))
"""

from __future__ import annotations

from math import prod
from typing import NamedTuple

import numpy as np

from scenarios.engine.copies import contiguous, grouped
from scenarios.engine.layout import stacked_products

SUMMED_CELLS = 16  # contracted axes left among the batch axes hold at most this many cells


class Split(NamedTuple):
    """A product as :func:`split_product` ran it: the stacks ``x`` (groups..., rows, inner)
    and ``y`` (groups..., inner, columns); each operand's axes in the order its stack holds
    them, and that order's lengths; each operand where its stack is a view of it; the batch
    groups' axes and which groups are summed; the axes of the rows and of the columns."""

    x: np.ndarray
    y: np.ndarray
    orders: tuple[tuple[int, ...], tuple[int, ...]]
    shapes: tuple[tuple[int, ...], tuple[int, ...]]
    views: tuple[np.ndarray | None, np.ndarray | None]
    groups: tuple[str, ...]
    summed: tuple[int, ...]
    rows: str
    columns: str


def split_product(
    x: np.ndarray, a: str, y: np.ndarray, b: str, out: str
) -> tuple[np.ndarray, Split] | None:
    """``einsum(a,b->out)`` with the larger operand read in place, its contracted axes that
    lie among its batch axes summed after the products (see the module's docstring); None
    where its layout has another shape (its own axes apart, or more than SUMMED_CELLS cells
    of contracted axes to sum after, or products before their sum larger than the operand
    whose copy they spare: memory stays within what the plan was checked for), or where it
    would be copied all the same."""
    role = {c: ("B" if c in out else "C") if c in b else "L" for c in a}
    role.update({c: "R" for c in b if c not in a})
    sizes = dict(zip(a, x.shape, strict=True)) | dict(zip(b, y.shape, strict=True))
    x_larger = x.size >= y.size
    found = _batch_then_core(*((x, a, "L") if x_larger else (y, b, "R")), role)
    if found is None:
        return None
    groups, inner, own = found
    summed = tuple(i for i, g in enumerate(groups) if role[g[0]] == "C")
    spread = prod(sizes[c] for i in summed for c in groups[i])
    if spread > SUMMED_CELLS or spread * prod(sizes[c] for c in out) > max(x.size, y.size):
        return None  # the products before their sum no larger than the copy they spare
    rows = own if x_larger else "".join(c for c in a if role[c] == "L")
    columns = "".join(c for c in b if role[c] == "R") if x_larger else own
    counts = tuple(len(g) for g in groups)
    xs, x_order = _stacked(x, a, "".join(groups) + rows + inner, (*counts, len(rows)), sizes)
    ys, y_order = _stacked(y, b, "".join(groups) + inner + columns, (*counts, len(inner)), sizes)
    if not np.may_share_memory(xs if x_larger else ys, x if x_larger else y):
        return None  # the larger one copied all the same: the plain product does as well
    kept = Split(
        xs,
        ys,
        (x_order, y_order),
        (tuple(x.shape[i] for i in x_order), tuple(y.shape[i] for i in y_order)),
        (_view_of(xs, x), _view_of(ys, y)),
        groups,
        summed,
        rows,
        columns,
    )
    product = stacked_products(xs, ys)
    if summed:
        product = product.sum(axis=summed)
    held = "".join(g for i, g in enumerate(groups) if i not in summed) + rows + columns
    shaped = product.reshape([sizes[c] for c in held])
    return shaped.transpose([held.index(c) for c in out]), kept


def split_grid(incoming: np.ndarray, out: str, kept: Split) -> np.ndarray:
    """The output's adjoint (axes in ``out``'s order) as the stack the products wrote, with
    length one along the summed groups: a view where it is laid out so, else a copy."""
    batch = "".join(g for i, g in enumerate(kept.groups) if i not in kept.summed)
    moved = incoming.transpose([out.index(c) for c in batch + kept.rows + kept.columns])
    counts = [0 if i in kept.summed else len(g) for i, g in enumerate(kept.groups)]
    if not grouped(moved, (*counts, len(kept.rows), len(kept.columns))):
        moved = contiguous(moved)
    lengths = [1 if i in kept.summed else n for i, n in enumerate(kept.x.shape[:-2])]
    return moved.reshape([*lengths, kept.x.shape[-2], kept.y.shape[-1]])


def split_adjoint(k: int, grid: np.ndarray, kept: Split) -> np.ndarray:
    """The adjoint of operand ``k`` (axes in its term's order): ``grid`` times the other
    stack transposed; written as the operand is laid out where its stack is a view of it."""
    a, b = (grid, kept.y.swapaxes(-1, -2)) if k == 0 else (kept.x.swapaxes(-1, -2), grid)
    stack, order, like = (kept.x, kept.y)[k], kept.orders[k], kept.views[k]
    inverse = tuple(int(i) for i in np.argsort(order))
    if like is not None:
        held = np.empty_like(like, dtype=np.result_type(a, b))
        target = held.transpose(order).reshape(stack.shape)
        if np.may_share_memory(target, held):
            stacked_products(a, b, target)
            return held
    return stacked_products(a, b).reshape(kept.shapes[k]).transpose(inverse)


def _view_of(stack: np.ndarray, operand: np.ndarray) -> np.ndarray | None:
    return operand if np.may_share_memory(stack, operand) else None


def _stacked(
    array: np.ndarray, term: str, order: str, counts: tuple[int, ...], sizes: dict[str, int]
) -> tuple[np.ndarray, tuple[int, ...]]:
    """``array`` with its axes in ``order``, taken ``counts[i]`` at a time and the rest as
    one dimension each merged: a view where memory allows, else a copy; and the positions
    in ``term`` of ``order``'s axes."""
    positions = tuple(term.index(c) for c in order)
    moved = array.transpose(positions)
    counts = (*counts, len(order) - sum(counts))
    if not grouped(moved, counts):
        moved = contiguous(moved)
    bounds = [sum(counts[:i]) for i in range(len(counts) + 1)]
    shape = [
        prod(sizes[c] for c in order[lo:hi]) for lo, hi in zip(bounds, bounds[1:], strict=False)
    ]
    return moved.reshape(shape), positions


def _batch_then_core(
    array: np.ndarray, term: str, own_role: str, role: dict[str, str]
) -> tuple[tuple[str, ...], str, str] | None:
    """Where ``array``'s memory holds batch and contracted axes first, then its own axes
    and contracted ones as two runs (in either order): the batch groups (maximal runs of
    batch or of contracted axes, outermost first; axes of length one last), the contracted
    axes that follow them and its own axes (in memory's order). None otherwise."""
    longer = [i for i in range(array.ndim) if array.shape[i] > 1]
    memory = [term[i] for i in sorted(longer, key=lambda i: -array.strides[i])]
    start, runs = len(memory), 0
    while start > 0 and role[memory[start - 1]] in (own_role, "C"):
        if start == len(memory) or role[memory[start - 1]] != role[memory[start]]:
            runs += 1
        if runs > 2:
            break
        start -= 1
    head, tail = memory[:start], memory[start:]
    if any(role[c] == own_role for c in head):
        return None
    groups: list[str] = []
    for c in head:
        if groups and role[groups[-1][-1]] == role[c]:
            groups[-1] += c
        else:
            groups.append(c)
    ones = [c for c in term if array.shape[term.index(c)] == 1]
    batch_ones = "".join(c for c in ones if role[c] == "B")
    if batch_ones:
        groups.append(batch_ones)
    inner = "".join(c for c in tail if role[c] == "C") + "".join(c for c in ones if role[c] == "C")
    own = "".join(c for c in tail if role[c] == own_role)
    own += "".join(c for c in ones if role[c] == own_role)
    return tuple(groups), inner, own
