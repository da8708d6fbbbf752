"""Pairwise einsums compiled to transpose + batched matrix product.

Network factors have many small axes (andes: up to 17 binary ones). ``numpy.einsum`` walks
such arrays element by element, and opt_einsum hands it every product that shares an axis
with the output (a "Hadamard" index, like a batch axis). Grouping the axes into batch, left,
contracted and right blocks turns every pairwise product into one ``numpy.matmul`` call.

Example:
    >>> import numpy as np
    >>> product = compile_einsum("zab,zbc->zca", {})
    >>> x, y = np.ones((4, 2, 3)), np.ones((4, 3, 5))
    >>> product(x, y).shape, float(product(x, y)[0, 0, 0])
    ((4, 5, 2), 3.0)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import partial
from math import prod
from string import ascii_letters
from typing import TYPE_CHECKING, Any

import numpy as np

from scenarios.core.named import lazy_module
from scenarios.engine.copies import BLOCK_CELLS, contiguous, grouped
from scenarios.engine.layout import (
    Arrangement,
    Matrices,
    arrange,
    arranged_adjoint,
    arranged_grid,
    arranged_product,
    stacked_products,
)
from scenarios.engine.split import Split, split_adjoint, split_grid, split_product

if TYPE_CHECKING:  # for products neither matmul nor einsum takes (scenarios.core.named)
    import opt_einsum as oe
else:
    oe = lazy_module("opt_einsum")


class _Pairwise:
    """``a,b->out`` where no index repeats within a term."""

    __slots__ = (
        "a_sum",
        "b_sum",
        "a_perm",
        "b_perm",
        "blocks",
        "terms",
        "wide",
        "rows",
        "arrangement",
        "out_perm",
        "_inverse",
    )

    def __init__(self, a: str, b: str, out: str):  # plain loops: built for every new step
        a_sum, b_sum, a_kept, b_kept = [], [], "", ""
        for i, c in enumerate(a):
            if c in b or c in out:
                a_kept += c
            else:
                a_sum.append(i)
        for i, c in enumerate(b):
            if c in a or c in out:
                b_kept += c
            else:
                b_sum.append(i)
        batch, contracted, left = "", "", ""
        for c in a_kept:
            if c not in b_kept:
                left += c
            elif c in out:
                batch += c
            else:
                contracted += c
        right = "".join([c for c in b_kept if c not in a_kept])
        self.a_sum, self.b_sum = tuple(a_sum), tuple(b_sum)
        self.a_perm = tuple([a_kept.index(c) for c in batch + left + contracted])
        self.b_perm = tuple([b_kept.index(c) for c in batch + contracted + right])
        result = batch + left + right
        perm = tuple([result.index(c) for c in out])
        self.out_perm = None if perm == tuple(range(len(perm))) else perm  # None: as it comes
        self._inverse: Inverses | None = None  # made when first used
        self.blocks = (len(batch), len(left), len(contracted))
        self.terms = (a_kept, b_kept, out, left + right + batch)
        self.wide: tuple[list[int], list[int], list[int], tuple[int, ...], list[int]] | None = None
        # the output's last index is last in both terms too (a batch laid out last)
        self.rows = bool(out) and a_kept.endswith(out[-1]) and b_kept.endswith(out[-1])
        # the stacks as the terms lay them out: batch, then rows or columns, then inner
        self.arrangement = Arrangement((batch, left, contracted, right), "BMK", "BKN")

    def _wide(self) -> tuple[list[int], list[int], list[int], tuple[int, ...], list[int]]:
        """For many tiny products: one einsum whose result has the shared axes last (numpy
        then runs its innermost loop along them), seen through a view in the order asked;
        last, the output's own indices (for operands already laid out that way). Made on
        first use: compiling a step is most of a cold query."""
        if self.wide is None:
            a_kept, b_kept, out, last = self.terms
            number = {c: i for i, c in enumerate(dict.fromkeys(a_kept + b_kept))}
            self.wide = (
                [number[c] for c in a_kept],
                [number[c] for c in b_kept],
                [number[c] for c in last],
                tuple([last.index(c) for c in out]),
                [number[c] for c in out],
            )
        return self.wide

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.keeping(x, y)[0]

    def keeping(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Kept | None]:
        """The product, and the stacks of matrices it multiplied (None where it ran as an
        einsum): the reverse pass multiplies the same ones (see :meth:`adjoint`)."""
        if self.a_sum:
            x = x.sum(axis=self.a_sum)
        if self.b_sum:
            y = y.sum(axis=self.b_sum)
        if self.rows and x.shape[-1] >= BATCH_ROWS:
            a, b, _, _, out = self._wide()  # rows of batch members: numpy's inner loop runs
            return np.asarray(np.einsum(x, a, y, b, out)), None  # along them, no copies made
        xt, yt = x.transpose(self.a_perm), y.transpose(self.b_perm)
        nb, nl, nc = self.blocks
        batch, left = xt.shape[:nb], xt.shape[nb : nb + nl]
        inner, right = xt.shape[nb + nl :], yt.shape[nb + nc :]
        pb, pl, pi, pr = prod(batch), prod(left), prod(inner), prod(right)
        if pb >= WIDE_BATCH and pl * pi * pr <= SMALL_PRODUCT:
            a, b, last, order, _ = self._wide()
            return np.asarray(np.einsum(x, a, y, b, last).transpose(order)), None
        if pl == 1 and pr == 1:  # a stack of dot products: one einsum, no copies (barley's
            a, b, _, _, out = self._wide()  # warm query 4.8 -> 2.5 ms, munin1's 0.91 -> 0.78 s)
            return np.asarray(np.einsum(x, a, y, b, out)), None
        if max(x.size, y.size) >= ARRANGED_CELLS or x.size + y.size >= SPLIT_CELLS:
            return self._arranged(x, y)
        xm, ym = _stack(xt, (nb, nl, nc), (pb, pl, pi)), _stack(yt, (nb, nc, -1), (pb, pi, pr))
        kept = Matrices(xm, ym, None, (batch, left, inner, right), {})
        shaped = stacked_products(xm, ym).reshape((*batch, *left, *right))
        return (shaped if self.out_perm is None else shaped.transpose(self.out_perm)), kept

    def _arranged(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, Kept]:
        """A product of large operands, laid out by their memory (see
        :func:`~scenarios.engine.layout.arrange`)."""
        a, b, out, _ = self.terms
        arrangement, copied = arrange(x, a, y, b, self.arrangement)
        if copied[x.size < y.size] and x.size + y.size >= SPLIT_CELLS:
            done = split_product(x, a, y, b, out)
            if done is not None:  # the larger operand in place, some axes summed after
                return done
        return arranged_product(x, a, y, b, out, arrangement, copied)

    def grid(self, incoming: np.ndarray, kept: Kept) -> np.ndarray:
        """``incoming`` (laid out as this product's output) as the stack of matrices the
        product wrote: a view where its memory allows, else a copy."""
        if isinstance(kept, Split):
            return split_grid(incoming, self.terms[2], kept)
        if kept.arrangement is not None:
            return arranged_grid(incoming, self.terms[2], kept)
        if self._inverse is None:
            to_result = None if self.out_perm is None else _inverse(self.out_perm)
            self._inverse = to_result, _inverse(self.a_perm), _inverse(self.b_perm)
        moved = incoming if self._inverse[0] is None else incoming.transpose(self._inverse[0])
        batch, rows, _, columns = kept.lengths
        groups = (len(batch), len(rows), len(columns))
        return _stack(moved, groups, (len(kept.left), kept.left.shape[1], kept.right.shape[2]))

    def adjoint(self, k: int, grid: np.ndarray, kept: Kept) -> np.ndarray:
        """The derivative of the sum of ``grid * product`` (``grid`` from :meth:`grid`) with
        respect to operand ``k``, on that operand's kept axes in its term's order (a view):
        ``grid`` times the other stack of matrices ``kept``, transposed."""
        if isinstance(kept, Split):
            return split_adjoint(k, grid, kept)
        if kept.arrangement is not None:
            return arranged_adjoint(k, grid, self.terms[k], kept)
        assert self._inverse is not None  # made by grid()
        batch, rows, inner, columns = kept.lengths
        if k == 0:
            a, b, shape = grid, kept.right.transpose(0, 2, 1), (*batch, *rows, *inner)
        else:
            a, b, shape = kept.left.transpose(0, 2, 1), grid, (*batch, *inner, *columns)
        return stacked_products(a, b).reshape(shape).transpose(self._inverse[1 + k])


def _stack(array: np.ndarray, groups: tuple[int, ...], shape: tuple[int, ...]) -> np.ndarray:
    """``array`` reshaped to ``shape``, its axes merged ``groups[i]`` at a time (-1: the rest):
    a view where memory allows, else a copy made in blocks (:func:`contiguous`)."""
    if array.size < BLOCK_CELLS:  # numpy's own reshape: no checks in Python for small ones
        return array.reshape(shape)
    counts = tuple(array.ndim - sum(groups) - 1 if n < 0 else n for n in groups)
    return (array if grouped(array, counts) else contiguous(array)).reshape(shape)


Inverses = tuple[tuple[int, ...] | None, tuple[int, ...], tuple[int, ...]]


def _inverse(perm: tuple[int, ...]) -> tuple[int, ...]:
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return tuple(inverse)


Kept = Matrices | Split  # what a product keeps for the reverse pass
# Products whose operands hold this many cells together read the larger in place where it
# holds contracted axes among its batch axes (:mod:`~scenarios.engine.split`).
SPLIT_CELLS = 2**20


# Products with an operand this large lay their operands out by memory (see
# :func:`~scenarios.engine.layout.arrange`); smaller ones as their equation's terms are.
ARRANGED_CELLS = 2**16


# Products shared along the innermost axis of both operands and the result (a batch laid
# out last) this long run as one einsum along those rows; a stack of tiny matrix products is
# 2-15x slower there. (Where only one operand has the batch axis, one matrix product is.)
BATCH_ROWS = 32
WIDE_BATCH = 256  # products shared over this many cells (a batch of evidence sets, ...)
SMALL_PRODUCT = 16  # ... that are this small each: an einsum beats a stack of tiny matmuls


class _Single:
    """``a->out``: sum the axes not kept, then order the rest."""

    def __init__(self, a: str, out: str):
        self.summed = tuple(i for i, c in enumerate(a) if c not in out)
        kept = "".join(c for c in a if c in out)
        self.perm = tuple(kept.index(c) for c in out)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if self.summed:
            x = x.sum(axis=self.summed)
        return x.transpose(self.perm)


Einsum = Callable[..., np.ndarray]
_COMPILED: dict[str | tuple[Any, ...], Einsum] = {}
CACHE_SIZE = 50_000  # compiled einsums kept across plans and engines (they hold no data)


def compile_einsum(
    equation: str,
    sizes: Mapping[str, int],
    long: str = "",
    tiny: dict[str, Einsum] | None = None,
) -> Einsum:
    """A callable for ``equation``: matmul-based for one or two operands whose terms have no
    repeated index, opt_einsum otherwise. Compiled once per equation (and shapes) and kept:
    plans for new evidence shapes share most of their steps with earlier ones.

    A product over at most TINY_CELLS cells (by ``sizes``; never one holding the index
    ``long``, a batch axis sized only when it runs) is left to ``numpy.einsum``, whatever
    its operands: nothing to compile. Those are kept in ``tiny`` (one model's: the same
    equation in another model may be over larger tables), where given."""
    compiled = None if tiny is None else tiny.get(equation)
    if compiled is None:
        compiled = _COMPILED.get(equation)
    if compiled is not None:
        return compiled
    held = set(equation)
    held -= _PUNCTUATION
    if is_tiny(held, sizes, long) and einsum_takes(equation.count(",") + 1, len(held)):
        compiled = _tiny(equation, held)
        if tiny is not None:
            tiny[equation] = compiled
        return compiled
    terms, out = equation.split("->")
    inputs = terms.split(",")
    plain = len(inputs) <= 2 and all([len(set(t)) == len(t) for t in (*inputs, out)])
    key = equation if plain else (equation, *(sizes[c] for c in terms if c != ","))
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= CACHE_SIZE:
            _COMPILED.clear()
        compiled = _COMPILED[key] = _compile(inputs, out, sizes, plain)
    return compiled


_PUNCTUATION = frozenset(",->")
EINSUM_OPERANDS = 32  # numpy.einsum takes at most this many operands


def is_tiny(indices: Collection[str], sizes: Mapping[str, int], long: str = "") -> bool:
    """Whether a product over ``indices`` is small enough for ``numpy.einsum`` (see
    TINY_CELLS): at most TINY_CELLS cells, and no index ``long`` (sized only when it runs)."""
    if long and long in indices:
        return False
    return prod([sizes.get(c, TINY_CELLS + 1) for c in indices]) <= TINY_CELLS


def runs_as_einsum(product: Einsum) -> bool:
    """Whether ``product`` (from :func:`compile_einsum`) is ``numpy.einsum`` on its equation:
    a tiny product, which any other product over the same indices would be too."""
    return isinstance(product, partial)


def einsum_takes(operands: int, indices: int) -> bool:
    """Whether ``numpy.einsum`` can run a product of that many operands over that many
    distinct indices: few enough operands, and indices that can all be renamed to letters."""
    return operands <= EINSUM_OPERANDS and indices <= len(ascii_letters)


# A product over at most this many cells runs as numpy.einsum: faster than a matrix product
# at this size, nothing to compile (k=5, cold/warm CPU ms: alarm 2.37/1.00 -> 1.92/0.85,
# win95pts 5.85/2.24 -> 4.72/1.97; 4,096 made andes' warm queries 7% slower again)
TINY_CELLS = 1024


def _tiny(equation: str, indices: set[str]) -> Einsum:
    """numpy.einsum on ``equation``, its indices renamed to letters where they are not."""
    if not equation.isascii():
        letters = dict(zip(indices, ascii_letters, strict=False))
        equation = "".join(letters.get(c, c) for c in equation)
    return partial(_EINSUM, equation)


# numpy.einsum's kernel without the wrapper that checks ``out`` and ``optimize`` (0.7 of a
# tiny product's 2 us); numpy.einsum itself where numpy names the kernel otherwise
_EINSUM: Einsum = getattr(
    getattr(getattr(np, "_core", None), "multiarray", None), "c_einsum", np.einsum
)


class _Swapped:
    """``a,b->out`` computed as ``b,a->out``: where the output's last index is on the first
    operand only (a batch laid out last, the other operand shared), so that it comes out of
    the matrix product last (contiguous, as the next steps read it) instead of first."""

    def __init__(self, a: str, b: str, out: str):
        self.product = _Pairwise(b, a, out)

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return self.product(y, x)


def keeping(product: Einsum, *operands: np.ndarray) -> tuple[np.ndarray, Kept | None]:
    """``product(*operands)`` and, for a matrix product, the stacks of matrices it
    multiplied (for :func:`adjoint`); None for the others (einsums, opt_einsum expressions,
    sums of one operand)."""
    if isinstance(product, _Pairwise):
        return product.keeping(*operands)
    if isinstance(product, _Swapped):
        x, y = operands
        return product.product.keeping(y, x)
    return product(*operands), None


def kept_terms(product: Einsum) -> tuple[str, str] | None:
    """The axes of each operand a matrix product keeps (its term without the axes it sums
    on their own), in the order the operands are given; None for other products."""
    if isinstance(product, _Pairwise):
        return product.terms[0], product.terms[1]
    if isinstance(product, _Swapped):
        return product.product.terms[1], product.product.terms[0]
    return None


def adjoint(product: Einsum, k: int, grid: np.ndarray, kept: Kept) -> np.ndarray:
    """The adjoint of operand ``k`` of a matrix product that ran by :func:`keeping` (on the
    axes :func:`kept_terms` gives), from its output's adjoint laid out by :func:`grid`."""
    pairwise, swapped = _matrix_product(product)
    return pairwise.adjoint(swapped ^ k, grid, kept)


def grid(product: Einsum, incoming: np.ndarray, kept: Kept) -> np.ndarray:
    """The adjoint of a matrix product's output (in the output's order) laid out as the
    product wrote its result: a view where it already is, else a copy (made once per step,
    for both operands' adjoints)."""
    return _matrix_product(product)[0].grid(incoming, kept)


def _matrix_product(product: Einsum) -> tuple[_Pairwise, int]:
    """The pairwise product behind ``product`` and 1 where it takes its operands swapped."""
    if isinstance(product, _Swapped):
        return product.product, 1
    if not isinstance(product, _Pairwise):
        raise TypeError(f"{product!r} keeps no matrices")
    return product, 0


def _compile(inputs: list[str], out: str, sizes: Mapping[str, int], plain: bool) -> Einsum:
    if plain and len(inputs) == 1:
        return _Single(inputs[0], out)
    if plain and out and out[-1] in inputs[0] and out[-1] not in inputs[1]:
        return _Swapped(inputs[0], inputs[1], out)
    if plain:
        return _Pairwise(inputs[0], inputs[1], out)
    shapes = [tuple(sizes[c] for c in term) for term in inputs]
    expression: Einsum = oe.contract_expression(",".join(inputs) + "->" + out, *shapes)
    return expression


def clear_compiled() -> None:
    """Forget every compiled einsum (benchmarks of a cold start call this)."""
    _COMPILED.clear()
