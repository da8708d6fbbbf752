"""How a batch of evidence sets is cut into chunks, by what the contraction plans cost.

A batch enters each observed variable as a vector with one row per set, so every table its
elimination touches carries the batch axis. Sets that observe the same variables share all the
rest; a batch whose sets observe many different variables makes almost every table batched
(andes: 1,000 sets with 5 random findings each observe 217 variables). Sets are therefore sorted
by the variables they observe and cut into chunks of the size that costs least per set:
``(steps * STEP_CELLS + shared) / size + batched``, from the plan of the chunk's first sets
(shared: products computed once per chunk; batched: products computed per set, a product being
a cell of every axis a step touches; steps: Python calls).
Sizes are probed by doubling, priced from the shapes of the chunk's factors (no evidence vector
is made to price one), so a batch of n sets costs log2(n) path orders to cut.

Example:
    >>> signature_order([{"b": "x"}, {"a": "y"}, {"b": "z"}], {"a": 0, "b": 1})
    [1, 0, 2]
    >>> chunk_size(lambda size: (1000, 100 * size, 40), 64)  # batched cost grows with size
    32
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

STEP_CELLS = 1_500  # one compiled step's Python overhead in batched products (fitted on andes)

Cost = tuple[int, int, int]  # shared products, batched products per set, steps


def signature_order(items: Sequence[Any], position: Mapping[str, int]) -> list[int]:
    """Indices of ``items`` (each a mapping keyed by observed variable, or an object with
    ``observed``), sets observing the same variables together, in model order."""

    keys = [
        sorted([position[n] for n in getattr(item, "observed", item) if n in position])
        for item in items
    ]
    return sorted(range(len(items)), key=keys.__getitem__)


def chunk_size(cost: Callable[[int], Cost], count: int) -> int:
    """The chunk size (a power of two, or ``count``) with the least estimated cost per set."""
    best, best_size, size = math.inf, 1, 1
    while True:
        shared, batched, steps = cost(size)
        per_set = (steps * STEP_CELLS + shared) / size + batched
        if per_set < best:
            best, best_size = per_set, size
        if size >= count:
            return best_size
        size = min(2 * size, count)
