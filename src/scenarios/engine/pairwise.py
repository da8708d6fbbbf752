"""Pairwise einsums compiled to transpose + batched matrix product.

Network factors have many small axes (andes: up to 17 binary ones). ``numpy.einsum`` walks
such arrays element by element, and opt_einsum hands it every product that shares an axis
with the output (a "Hadamard" index, like a batch axis). Grouping the axes into batch, left,
contracted and right blocks turns every pairwise product into one ``numpy.matmul`` call.

Example:
    >>> import numpy as np
    >>> product = compile_einsum("zab,zbc->zca")
    >>> x, y = np.ones((4, 2, 3)), np.ones((4, 3, 5))
    >>> product(x, y).shape, float(product(x, y)[0, 0, 0])
    ((4, 5, 2), 3.0)
"""

from __future__ import annotations

from collections.abc import Callable
from math import prod

import numpy as np
import opt_einsum as oe


class _Pairwise:
    """``a,b->out`` where no index repeats within a term."""

    def __init__(self, a: str, b: str, out: str):
        self.a_sum = tuple(i for i, c in enumerate(a) if c not in b and c not in out)
        self.b_sum = tuple(i for i, c in enumerate(b) if c not in a and c not in out)
        a = "".join(c for c in a if c in b or c in out)
        b = "".join(c for c in b if c in a or c in out)
        batch = [c for c in a if c in b and c in out]
        contracted = [c for c in a if c in b and c not in out]
        left = [c for c in a if c not in b]
        right = [c for c in b if c not in a]
        self.a_perm = tuple(a.index(c) for c in batch + left + contracted)
        self.b_perm = tuple(b.index(c) for c in batch + contracted + right)
        result = batch + left + right
        self.out_perm = tuple(result.index(c) for c in out)
        self.blocks = (len(batch), len(left), len(contracted))

    def __call__(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        if self.a_sum:
            x = x.sum(axis=self.a_sum)
        if self.b_sum:
            y = y.sum(axis=self.b_sum)
        x, y = x.transpose(self.a_perm), y.transpose(self.b_perm)
        nb, nl, nc = self.blocks
        batch, left = x.shape[:nb], x.shape[nb : nb + nl]
        inner, right = x.shape[nb + nl :], y.shape[nb + nc :]
        product = np.matmul(
            x.reshape(prod(batch), prod(left), prod(inner)),
            y.reshape(prod(batch), prod(inner), prod(right)),
        )
        return product.reshape((*batch, *left, *right)).transpose(self.out_perm)


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


def compile_einsum(equation: str, *shapes: tuple[int, ...]) -> Callable[..., np.ndarray]:
    """A callable for ``equation``: matmul-based for one or two operands whose terms have no
    repeated index, opt_einsum otherwise (``shapes`` are needed only then)."""
    terms, out = equation.split("->")
    inputs = terms.split(",")
    if all(len(set(t)) == len(t) for t in [*inputs, out]):
        if len(inputs) == 1:
            return _Single(inputs[0], out)
        if len(inputs) == 2:
            return _Pairwise(inputs[0], inputs[1], out)
    return oe.contract_expression(equation, *shapes)
