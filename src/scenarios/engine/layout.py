"""How a pairwise product lays out its operands as stacks of matrices.

A pairwise product ``a,b->out`` multiplies stacks: ``x`` as (batch, rows, inner) and ``y``
as (batch, inner, columns), each dimension a group of axes merged (roles ``B``, ``M``,
``K`` and ``N``; the output is (``B``, ``M``, ``N``)). numpy's matmul reads a stack
whatever the strides of its dimensions, so an operand is read in place wherever the axes
of each of its groups merge into one dimension: its groups may lie in memory in any order,
each group's axes in memory's order. Both operands must take the axes they share (batch
and inner) in the same order. Products of small operands keep the equation's own orders
(``pairwise.py``); those with an operand of ARRANGED_CELLS or more are arranged here.

:func:`arrange` tries the orders of either operand's memory besides the equation's, and
keeps the one whose copies cost least: cells copied, times the reads of each cache line
where a copy walks its source's innermost axis too far apart to find the line again (a
copy of munin1's 1.1e7-cell table in such an order took four times as long). Reading an
operand in place spares its copy twice: the reverse pass writes each operand's adjoint laid
out as its stack (:func:`written`), as the operand itself where it was read in place, and
the step that made the operand then reads that adjoint in place too.

Example:
    >>> import numpy as np
    >>> x = np.ones((2, 3, 4)).transpose(0, 2, 1)  # "bkm", its memory "bmk"
    >>> y = np.ones((2, 4, 5))  # "bkn"
    >>> default = Arrangement(("b", "m", "k", "n"), "BMK", "BKN")
    >>> arrange(x, "bkm", y, "bkn", default)  # both read in place
    (Arrangement(groups=('b', 'm', 'k', 'n'), x_runs='BMK', y_runs='BKN'), (False, False))
    >>> x, y = np.ones((2, 3, 4)), np.ones((2, 4, 5))  # "amb" (batch "ab" split by "m")
    >>> arrange(x, "amb", y, "abn", Arrangement(("ab", "m", "", "n"), "BMK", "BKN"))[1]
    (True, False)
"""

from __future__ import annotations

from functools import lru_cache
from math import prod
from typing import NamedTuple

import numpy as np

from scenarios.engine.copies import contiguous, grouped

ROLES = "BMKN"  # batch, rows, inner, columns
X_ROLES, Y_ROLES, OUT_ROLES = "BMK", "BKN", "BMN"  # each stack's dimensions, in order
CACHE_LINE = 8  # cells of 8 bytes in a cache line
CACHED_CELLS = 2**19  # cells a copy makes before the lines it read are gone from the cache


class Arrangement(NamedTuple):
    """The axes of each group in the order the stacks take them (``groups``: batch, rows,
    inner, columns) and the order of each operand's runs in memory."""

    groups: tuple[str, str, str, str]
    x_runs: str
    y_runs: str

    def letters(self, runs: str) -> str:
        """The axes of ``runs``' groups, outermost first."""
        return "".join([self.groups[ROLES.index(r)] for r in runs])


class Stacking(NamedTuple):
    """One array's stack, worked out once: its axes (positions in its term) in the order
    its runs lay them out, how many each run merges, and the transpose from the runs to
    the stack's dimensions."""

    perm: tuple[int, ...]
    counts: tuple[int, ...]
    bounds: tuple[tuple[int, int], ...]  # each run's axes, as a slice of ``perm``
    to_stack: tuple[int, ...]
    back: tuple[int, ...]  # from the runs' axis order to the term's

    def stack(self, array: np.ndarray, copy: bool) -> np.ndarray:
        """``array`` as its stack of matrices: a copy laid out as the runs are (made in
        blocks where large) where ``copy``, else a view (its runs each merge)."""
        moved = array.transpose(self.perm)
        if copy:
            moved = contiguous(moved)
        shape = [prod(moved.shape[lo:hi]) for lo, hi in self.bounds]
        return moved.reshape(shape).transpose(self.to_stack)


@lru_cache(maxsize=4096)
def stacking(term: str, groups: tuple[str, ...], runs: str, roles: str) -> Stacking:
    """How an array on ``term`` is stacked with its runs in ``runs``' order, the stack's
    dimensions in ``roles``' order (``groups`` as in :class:`Arrangement`)."""
    letters = "".join([groups[ROLES.index(r)] for r in runs])
    perm = tuple([term.index(c) for c in letters])
    back = [0] * len(perm)
    for i, p in enumerate(perm):
        back[p] = i
    counts = tuple([len(groups[ROLES.index(r)]) for r in runs])
    bounds = tuple([(sum(counts[:i]), sum(counts[: i + 1])) for i in range(len(counts))])
    return Stacking(perm, counts, bounds, tuple([runs.index(r) for r in roles]), tuple(back))


class Matrices(NamedTuple):
    """The operands of a pairwise product as it multiplied them: ``left`` (batch, rows,
    inner) and ``right`` (batch, inner, columns) stacks of matrices; the arrangement of
    their axes and every axis's length (``shape``), or, for the equation's own layout
    (``arrangement`` None), the lengths of the batch, rows, inner and columns axes."""

    left: np.ndarray
    right: np.ndarray
    arrangement: Arrangement | None
    lengths: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]
    shape: dict[str, int]


def arranged_product(
    x: np.ndarray,
    a: str,
    y: np.ndarray,
    b: str,
    out: str,
    arrangement: Arrangement,
    copied: tuple[bool, bool],
) -> tuple[np.ndarray, Matrices]:
    """``einsum(a,b->out)`` as stacks laid out by ``arrangement`` (each operand copied
    where ``copied`` says), and the stacks it multiplied."""
    shape = dict(zip(a, x.shape, strict=True))
    shape.update(zip(b, y.shape, strict=True))
    groups = arrangement.groups
    xm = stacking(a, groups, arrangement.x_runs, X_ROLES).stack(x, copied[0])
    ym = stacking(b, groups, arrangement.y_runs, Y_ROLES).stack(y, copied[1])
    held = arrangement.letters(OUT_ROLES)
    shaped = stacked_products(xm, ym).reshape([shape[c] for c in held])
    kept = Matrices(xm, ym, arrangement, ((), (), (), ()), shape)
    return shaped.transpose([held.index(c) for c in out]), kept


def arranged_grid(incoming: np.ndarray, out: str, kept: Matrices) -> np.ndarray:
    """The adjoint of an arranged product's output (on ``out``) as a stack of matrices
    (batch, rows, columns) in the product's orders: a view where each group merges."""
    assert kept.arrangement is not None
    groups = kept.arrangement.groups
    runs, cost = _runs(incoming, out, groups, OUT_ROLES)
    return stacking(out, groups, runs, OUT_ROLES).stack(incoming, cost > 0)


def arranged_adjoint(k: int, grid: np.ndarray, term: str, kept: Matrices) -> np.ndarray:
    """The adjoint of operand ``k`` (on its ``term``) of an arranged product: ``grid`` (from
    :func:`arranged_grid`) times the other stack transposed, laid out as the operand's
    stack (as the operand itself where it was read in place)."""
    arrangement = kept.arrangement
    assert arrangement is not None
    if k == 0:
        a, b, runs, roles = grid, kept.right.swapaxes(1, 2), arrangement.x_runs, X_ROLES
    else:
        a, b, runs, roles = kept.left.swapaxes(1, 2), grid, arrangement.y_runs, Y_ROLES
    return written(a, b, term, kept.shape, runs, roles, arrangement.groups)


def arrange(
    x: np.ndarray, a: str, y: np.ndarray, b: str, default: Arrangement
) -> tuple[Arrangement, tuple[bool, bool]]:
    """The arrangement whose copies cost least (:func:`_copy_cost`) among the group
    orders of ``default``, of ``x``'s memory and of ``y``'s (``default`` on a tie); and
    whether each operand is copied in it."""
    role = {c: ROLES[i] for i, group in enumerate(default.groups) for c in group}
    options = dict.fromkeys([default.groups, _orders(x, a, y, b, role), _orders(y, b, x, a, role)])
    best: tuple[float, Arrangement, tuple[bool, bool]] | None = None
    for groups in options:
        x_runs, x_cost = _runs(x, a, groups, X_ROLES)
        y_runs, y_cost = _runs(y, b, groups, Y_ROLES)
        if best is None or x_cost + y_cost < best[0]:
            best = x_cost + y_cost, Arrangement(groups, x_runs, y_runs), (x_cost > 0, y_cost > 0)
    assert best is not None
    return best[1], best[2]


def written(
    a: np.ndarray,
    b: np.ndarray,
    term: str,
    shape: dict[str, int],
    runs: str,
    roles: str,
    groups: tuple[str, ...],
) -> np.ndarray:
    """The stacked products ``a @ b`` (dimensions in ``roles``' order) written into a new
    array laid out as ``runs``; returned on ``term``'s axes (a view of it). matmul writes
    row-major matrices only: where the columns are not innermost, it writes the
    transposed products."""
    how = stacking(term, groups, runs, roles)
    held = np.empty([shape[term[i]] for i in how.perm], dtype=np.result_type(a, b))
    lengths = [prod([shape[c] for c in groups[ROLES.index(r)]]) for r in runs]
    target = held.reshape(lengths).transpose(how.to_stack)
    if target.shape[2] > 1 and target.strides[2] != held.itemsize:
        stacked_products(b.swapaxes(1, 2), a.swapaxes(1, 2), target.swapaxes(1, 2))
    else:
        stacked_products(a, b, target)
    return held.transpose(how.back)


def stacked_products(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Stacks of matrix products (into ``out`` where given); an outer product (inner length
    1) as a broadcast multiply, which streams where numpy's matmul loops over tiny vectors.
    The pairwise products use it too."""
    if a.shape[-1] == 1:
        return np.asarray(np.multiply(a, b, out=out))
    return np.asarray(np.matmul(a, b, out=out))


def _orders(
    z: np.ndarray, term: str, other: np.ndarray, other_term: str, role: dict[str, str]
) -> tuple[str, str, str, str]:
    """Each group's axes in the order ``z``'s memory holds them (``other``'s for the group
    ``z`` lacks), axes of length one last."""
    memory = _memory(z, term) + "".join([c for c in _memory(other, other_term) if c not in term])
    return (
        "".join([c for c in memory if role[c] == "B"]),
        "".join([c for c in memory if role[c] == "M"]),
        "".join([c for c in memory if role[c] == "K"]),
        "".join([c for c in memory if role[c] == "N"]),
    )


def _memory(z: np.ndarray, term: str) -> str:
    """``term``'s axes from the largest stride to the smallest, those of length one last."""
    long = sorted([i for i in range(z.ndim) if z.shape[i] > 1], key=lambda i: -z.strides[i])
    return "".join([term[i] for i in long] + [c for i, c in enumerate(term) if z.shape[i] == 1])


def _runs(z: np.ndarray, term: str, groups: tuple[str, ...], roles: str) -> tuple[str, float]:
    """The runs ``z`` is read in with ``groups``' orders: memory's where it lies so (cost
    0), else ``roles``' own, a copy costed by :func:`_copy_cost`."""
    seen = _seen_runs(z, term, groups, roles)
    if seen is not None:
        return seen, 0.0
    return roles, _copy_cost(z, term, groups, roles)


def _seen_runs(z: np.ndarray, term: str, groups: tuple[str, ...], roles: str) -> str | None:
    """The order in which ``z``'s memory holds its groups (each group's axes in
    ``groups``' order merging into one dimension), outermost first; None where they do
    not merge. matmul reads any such stack, a batch run innermost too (it copies each
    matrix then: still faster than a copy of the whole operand first)."""
    how = stacking(term, groups, roles, roles)
    if not grouped(z.transpose(how.perm), how.counts):
        return None  # a group's axes are not one run
    innermost: list[tuple[int, str]] = []
    for r, (lo, hi) in zip(roles, how.bounds, strict=True):
        long = [i for i in how.perm[lo:hi] if z.shape[i] > 1]
        if long:
            innermost.append((z.strides[long[-1]], r))
    innermost.sort(reverse=True)
    found = "".join([r for _, r in innermost])
    return "".join([r for r in roles if r not in found]) + found


def _copy_cost(z: np.ndarray, term: str, groups: tuple[str, ...], runs: str) -> float:
    """What copying ``z`` into ``runs``' layout costs: its cells, times the reads of each
    of its cache lines from memory. numpy copies in the copy's order; where it steps along
    ``z``'s innermost axis more than CACHED_CELLS cells apart, the line read for one step
    is gone by the next, and each of its cells costs a read of its own."""
    letters = "".join([groups[ROLES.index(r)] for r in runs])
    apart = 1
    for c in reversed(letters):  # innermost first
        i = term.index(c)
        if z.shape[i] > 1 and z.strides[i] == z.itemsize:
            return z.size * (min(z.shape[i], CACHE_LINE) if apart > CACHED_CELLS else 1)
        apart *= z.shape[i]
    return float(z.size)
