"""Transposing copies of large tables, made in blocks.

numpy copies a transposed array element by element along the result's innermost axis; where
the source's innermost axes are laid out as the result's (a block of a few contiguous cells
each), each of those runs is a handful of cells and the copy is bound by the loop's overhead
(munin1's tables of 1e7 cells copied at 1-3 GB/s). :func:`contiguous` copies such a table
with each block as one element (a void item of the block's bytes): the same bytes in the
same places, in about half the time.

Example:
    >>> import numpy as np
    >>> view = np.arange(24.0).reshape(2, 3, 4).transpose(1, 0, 2)  # blocks of 4 cells
    >>> bool((contiguous(view) == np.ascontiguousarray(view)).all())
    True
    >>> grouped(view, (1, 1, 1)), grouped(view, (2, 1))
    (True, False)
"""

from __future__ import annotations

from math import prod

import numpy as np

BLOCK_CELLS = 2**16  # tables smaller than this are copied by numpy as they are


def contiguous(array: np.ndarray) -> np.ndarray:
    """A C-contiguous copy of ``array`` (values and shape as they are; ``array`` itself where
    it is C-contiguous already), its innermost axes that memory already lays out as the copy
    will copied as blocks."""
    block = _block_axes(array)
    if array.size < BLOCK_CELLS or block == 0 or block == array.ndim:
        return np.ascontiguousarray(array)
    cells = prod(array.shape[-block:])
    first: tuple[object, ...] = (Ellipsis, *([0] * block))
    outer = array[first]  # type: ignore[index]  # each block's first cell
    interface = dict(outer.__array_interface__)
    width = cells * array.itemsize
    interface.update(typestr=f"|V{width}", descr=[("", f"|V{width}")], strides=outer.strides)
    blocks = np.asarray(_Interface(interface, outer))
    return np.ascontiguousarray(blocks).view(array.dtype).reshape(array.shape)


def grouped(array: np.ndarray, groups: tuple[int, ...]) -> bool:
    """Whether ``array``'s axes, taken ``groups[i]`` at a time in order, each merge into one
    dimension without a copy (what ``reshape`` to the groups' products would make a view of)."""
    start = 0
    for count in groups:
        axes = [i for i in range(start, start + count) if array.shape[i] != 1]
        for outer, inner in zip(axes, axes[1:], strict=False):
            if array.strides[outer] != array.strides[inner] * array.shape[inner]:
                return False
        start += count
    return True


def _block_axes(array: np.ndarray) -> int:
    """How many of ``array``'s innermost axes memory lays out as a C-contiguous block."""
    expected, count = array.itemsize, 0
    for i in range(array.ndim - 1, -1, -1):
        if array.shape[i] != 1 and array.strides[i] != expected:
            break
        expected *= array.shape[i]
        count += 1
    return count


class _Interface:
    """An object exposing an array interface (numpy reads it with ``np.asarray``), keeping
    the array whose memory it describes alive."""

    def __init__(self, interface: dict[str, object], base: np.ndarray):
        self.__array_interface__ = interface
        self.base = base
