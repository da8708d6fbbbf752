"""How a batch of evidence sets is cut into chunks, by what the contraction plans cost.

A batch enters each observed variable as a vector with one row per set, so every table its
elimination touches carries the batch axis. Sets that observe the same variables share all the
rest; a batch whose sets observe many different variables makes almost every table batched
(andes: 1,000 sets with 5 random findings each observe 217 variables). Sets are therefore sorted
by the variables they observe and cut into chunks of the size that costs least per set:
``(steps * step + shared) / size + batched``, from the plans of the chunks (shared: products
computed once per chunk; batched: products computed per set, a product being a cell of every
axis a step touches; steps: Python calls, each costing ``step`` products, more where the
batch runs in rows: see :class:`Cost`).
Sizes are probed by doubling, each priced on the first chunk it would cut (pricing more
chunks cost more than it saved on the bundled networks), from the shapes of its factors
alone: no evidence vector is made to price one.

Example:
    >>> signature_order([{"b": "x"}, {"a": "y"}, {"b": "z"}], {"a": 0, "b": 1})
    [1, 0, 2]
    >>> chunk_size(lambda size: 1000 / size + 100 * size, 64)  # per-set cost by size
    4
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

STEP_CELLS = 1_500  # one compiled step's Python overhead in batched products (fitted on andes)
STEP_ROWS_CELLS = 3_500  # the same where the batch runs along rows (fitted on Khorasan)


class Cost(NamedTuple):
    """What a forward and reverse pass over a chunk costs, in products."""

    shared: int  # computed once per chunk
    batched: int  # computed for each set
    steps: int  # Python calls
    rows: bool  # the batch axis laid out last (products along rows of sets)

    def per_set(self, size: int) -> float:
        step = STEP_ROWS_CELLS if self.rows else STEP_CELLS
        return (self.steps * step + self.shared) / size + self.batched


def observed_in(item: Any) -> Iterable[str]:
    """The variables a set observes: a mapping's keys, or an Evidence's ``observed`` (a
    plain dict is checked first: the common case, without the abstract-class check)."""
    return item if type(item) is dict or isinstance(item, Mapping) else item.observed


def signature_order(items: Sequence[Any], position: Mapping[str, int]) -> list[int]:
    """Indices of ``items`` (each a mapping keyed by observed variable, or an object with
    ``observed``), sets observing the same variables together, ordered by the sorted
    positions of what they observe (sets sharing their first observed variables are near
    each other: measured cheaper to batch than other orders). A set's key is a string of one
    character per position: strings are not tracked by the garbage collector, while 10,000
    kept lists made it walk every set, most of this function's time."""
    letter = {n: chr(i) for n, i in position.items()}.get
    keys = []
    for item in items:
        names = observed_in(item)
        keys.append("".join(sorted([letter(n, "") for n in names])))
    return sorted(range(len(items)), key=keys.__getitem__)


def observed_so_far(items: Sequence[Any], order: Sequence[int]) -> Callable[[int], list[str]]:
    """The variables the first ``n`` sets (in ``order``) observe, for any ``n``: read once."""
    seen: dict[str, int] = {}  # variable -> how many sets came before the first to observe it
    for k, i in enumerate(order):
        item = items[i]
        for name in observed_in(item):
            seen.setdefault(name, k)
    return lambda n: [name for name, first in seen.items() if first < n]


def chunk_size(per_set: Callable[[int], float], count: int, smallest: int = 1) -> int:
    """The chunk size (a power of two from ``smallest``, or ``count``) with the least
    estimated cost per set (each size priced costs a path search)."""
    best, best_size, size = math.inf, 1, min(smallest, count)
    while True:
        cost = per_set(size)
        if cost < best:
            best, best_size = cost, size
        if size >= count:
            return best_size
        size = min(2 * size, count)
