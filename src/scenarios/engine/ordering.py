"""Elimination orders of an interaction graph: min-weight, and min-fill where it pays.

Two variables are neighbours when some factor holds both (the moral graph, for CPTs).
Eliminating a variable joins its neighbours into one table (a clique): min-weight eliminates
first the variable whose table is smallest, min-fill the one whose elimination adds the fewest
new neighbour pairs. Min-weight is fast and good on the networks of a few dozen variables
that cold queries are timed on; on grid-like networks min-fill does better (an 18 x 18 binary
grid, each cell a child of the cells above and to its left: a largest table of 2^29 cells
against 2^32; pgmpy's link: 2^24 against 2^27, and a cold query 598 -> 425 ms; pigs: 3^11
against 3^12, a warm query 25 -> 16.5 ms), so where min-weight's largest table is over
``FILL_CELLS`` min-fill is found too and the order whose tables hold fewer cells in all is
kept (munin1 keeps min-weight's). Greedy min-fill is no cure for large grids: a 22 x 22 one
still needs a 2^35-cell table (its treewidth is about 23). :func:`fill_orders` gives
min-fill's order and then randomized ones for a query's search (see
:func:`scenarios.engine.elimination.searched_path`): a greedy order is one guess, and on
munin1's queries one in a few dozen randomized min-fill orders builds 3x fewer cells.

Example:
    >>> rank = elimination_order(["ab", "bc", "cd"], {"a": 2, "b": 2, "c": 2, "d": 2})
    >>> sorted(rank, key=rank.get)
    ['a', 'b', 'c', 'd']
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Callable, Iterable, Iterator, Mapping

# min-weight's largest table above which min-fill is tried too (cells). pigs (2^19.0):
# largest table 3^12 -> 3^11 (pyAgrum's largest clique), warm query 25 -> 16.5 ms, cold
# 54 -> 62 ms; below it finding min-fill costs a cold query more than its tables save
# (insurance 2.2 -> 2.9 ms, andes 29 -> 36 ms, their warm queries no faster than 6%)
FILL_CELLS = 2**19

# How far a randomized min-fill order strays from min-fill: each index's fill is multiplied by
# (-log u)^-NOISE, u uniform (a Gumbel perturbation of its logarithm). On munin1's queries,
# in the same number of trials, 0.3 found cheaper orders than 0.5, 1.0 or noise among ties.
NOISE = 0.3

Graph = dict[str, set[str]]
Key = Callable[[Graph, str], tuple[float, ...]]


def elimination_order(
    subscripts: Iterable[str], sizes: Mapping[str, int], fill: bool = True
) -> dict[str, int]:
    """The rank of every index: min-weight (ties: fewest neighbours, then first seen), or
    (with ``fill``) min-fill where that order builds fewer cells and min-weight's largest
    table is over FILL_CELLS."""
    graph, weight, rank, tables = _min_weight(subscripts, sizes)
    if not fill or max(tables, default=0) <= FILL_CELLS:
        return rank
    other, other_tables = _greedy(graph, _fill_key(weight, {}), reach=True)
    return other if sum(other_tables) < sum(tables) else rank


def min_weight_order(
    subscripts: Iterable[str], sizes: Mapping[str, int]
) -> tuple[dict[str, int], int]:
    """Min-weight's order (as :func:`elimination_order` without ``fill``), and the cells of
    the largest table (a clique) it builds."""
    _, _, rank, tables = _min_weight(subscripts, sizes)
    return rank, max(tables, default=0)


def _min_weight(
    subscripts: Iterable[str], sizes: Mapping[str, int]
) -> tuple[Graph, Key, dict[str, int], list[int]]:
    """The interaction graph, min-weight's key on it, its order and its tables' cells."""
    graph = _graph(subscripts)
    weight = _weight_key(graph, sizes)
    return (graph, weight, *_greedy(graph, weight, reach=False))


def fill_orders(subscripts: Iterable[str], sizes: Mapping[str, int]) -> Iterator[dict[str, int]]:
    """Min-fill's order, then randomized ones: each index's fill scaled by a random factor
    (see NOISE), drawn from the seeds 0, 1, 2, ... (the same orders every run); ties broken
    as min-weight's."""
    graph = _graph(subscripts)
    weight = _weight_key(graph, sizes)
    yield _greedy(graph, _fill_key(weight, {}), reach=True)[0]
    for seed in range(2**31):
        draw = random.Random(seed)
        scale = {c: (-math.log(1.0 - draw.random())) ** -NOISE for c in graph}
        yield _greedy(graph, _fill_key(weight, scale), reach=True)[0]


def _weight_key(graph: Graph, sizes: Mapping[str, int]) -> Key:
    """Min-weight's key: the cells of the table eliminating an index builds, then its
    neighbours, then the order the index was first seen in."""
    first = {c: i for i, c in enumerate(graph)}

    def weight(g: Graph, index: str) -> tuple[float, ...]:
        near = g[index]
        return (sizes[index] * math.prod([sizes[c] for c in near]), len(near), first[index])

    return weight


def _fill_key(weight: Key, scale: Mapping[str, float]) -> Key:
    """Min-fill's key: the pairs of an index's neighbours not yet joined (times the index's
    ``scale``, 1 where it has none), then ``weight``'s."""

    def fills(g: Graph, index: str) -> tuple[float, ...]:
        near = g[index]
        missing = sum(len(near - g[c]) - 1 for c in near) // 2
        return (missing * scale.get(index, 1.0), *weight(g, index))

    return fills


def order_cost(graph: Graph, sizes: Mapping[str, int], rank: Mapping[str, int]) -> tuple[int, int]:
    """Cells of all the tables eliminating in ``rank`` builds, and of the largest."""
    g = {c: set(near) for c, near in graph.items()}
    total = largest = 0
    for index in sorted(rank, key=rank.__getitem__):
        near = g.pop(index)
        cells = sizes[index] * math.prod([sizes[c] for c in near])
        total, largest = total + cells, max(largest, cells)
        _join(g, index, near)
    return total, largest


def _graph(subscripts: Iterable[str]) -> Graph:
    graph: Graph = {}
    for sub in subscripts:
        for index in sub:
            graph.setdefault(index, set()).update(sub)
    for index, near in graph.items():
        near.discard(index)
    return graph


def _greedy(graph: Graph, key: Key, reach: bool) -> tuple[dict[str, int], list[int]]:
    """Eliminate the index of least ``key`` each time; a key is recomputed only for the
    indices an elimination changes: its neighbours, and with ``reach`` (a key that counts
    missing pairs among an index's neighbours, as min-fill's does) every index next to both
    ends of a pair the elimination joins. The order, and the cells of each table it builds
    (the weight, the last three entries of a key, is the table's cells)."""
    g = {c: set(near) for c, near in graph.items()}
    current = {c: key(g, c) for c in g}
    heap = [(k, c) for c, k in current.items()]
    heapq.heapify(heap)
    rank: dict[str, int] = {}
    tables: list[int] = []
    while heap:
        score, index = heapq.heappop(heap)
        if index in rank or current[index] != score:
            continue  # eliminated, or stale: its neighbourhood changed since it was pushed
        rank[index] = len(rank)
        tables.append(int(score[-3]))
        near = g.pop(index)
        joined = [(a, b) for a in near for b in near - g[a] if a < b] if reach else []
        _join(g, index, near)
        changed = set(near).union(*(g[a] & g[b] for a, b in joined))
        for c in changed:
            current[c] = key(g, c)
            heapq.heappush(heap, (current[c], c))
    return rank, tables


def _join(g: Graph, index: str, near: set[str]) -> None:
    """Remove ``index`` and join its neighbours into a clique."""
    for c in near:
        around = g[c]
        around.discard(index)
        around.update(near)
        around.discard(c)
