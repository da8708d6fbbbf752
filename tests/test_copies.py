"""Copies made in blocks are numpy's copies, and the check of which reshapes are views agrees
with numpy's reshape, on any layout: transposed, sliced, broadcast, in extended precision."""

from __future__ import annotations

from math import prod
from unittest.mock import patch

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from scenarios.engine import copies
from scenarios.engine.copies import contiguous, grouped


@st.composite
def layouts(draw):
    """An array seen through a transpose, a slice with steps and a broadcast axis."""
    shape = draw(st.lists(st.integers(1, 5), min_size=1, max_size=6))
    dtype = draw(st.sampled_from([np.float64, np.longdouble, np.float32]))
    base = np.arange(prod(shape), dtype=dtype).reshape(shape)
    if draw(st.booleans()):  # every other cell of one axis
        axis = draw(st.integers(0, len(shape) - 1))
        index = [slice(None)] * len(shape)
        index[axis] = slice(None, None, draw(st.integers(1, 2)))
        base = base[tuple(index)]
    if draw(st.booleans()):  # an axis of stride 0
        base = np.broadcast_to(base[..., None], (*base.shape, draw(st.integers(1, 3))))
    order = draw(st.permutations(range(base.ndim)))
    return base.transpose(order)


@settings(max_examples=400, deadline=None)
@given(layouts())
def test_a_copy_in_blocks_is_numpys_copy(array):
    with patch.object(copies, "BLOCK_CELLS", 0):
        copy = contiguous(array)
    event(f"blocks of {copies._block_axes(array)} axes")
    assert copy.flags.c_contiguous and copy.dtype == array.dtype
    np.testing.assert_array_equal(copy, np.ascontiguousarray(array))
    if not array.flags.c_contiguous:
        assert not np.may_share_memory(copy, array)


@settings(max_examples=400, deadline=None)
@given(layouts(), st.data())
def test_grouped_says_whether_numpys_reshape_is_a_view(array, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, array.ndim), max_size=3)))
    bounds = [0, *cuts, array.ndim]
    groups = tuple(b - a for a, b in zip(bounds, bounds[1:], strict=False))
    shape = [prod(array.shape[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    reshaped = array.reshape(shape)
    is_view = reshaped.size == 0 or np.may_share_memory(reshaped, array)
    if grouped(array, groups):
        assert is_view
        event("a view")
    else:
        assert not is_view or any(n == 0 for n in array.shape)
