"""A contraction path from a variable elimination order, as junction-tree engines plan: for
networks where opt_einsum's greedy path builds huge intermediates (munin, link), eliminating
one variable at a time, cheapest first (min-weight: the smallest table its elimination builds),
keeps every intermediate at the size of a clique.

The path is in opt_einsum's form (positions in the current operand list; the operands named
are removed and their product appended), so ``oe.contract_path(..., optimize=path)`` checks
it and reports its cost like any other.

Example:
    >>> elimination_path(["ab", "bc", "cd"], "d", {"a": 2, "b": 2, "c": 2, "d": 2})
    [(0,), (0, 2), (0, 1)]
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence


def elimination_path(
    subscripts: Sequence[str], output: str, sizes: dict[str, int]
) -> list[tuple[int, ...]]:
    """Pairwise steps that sum out every index not in ``output``, min-weight first; then the
    factors left (over output indices only) are multiplied together."""
    plan = _Eliminator(subscripts, output, sizes)
    heap = [(plan.weight(v), v) for v in plan.where if v not in plan.keep]
    heapq.heapify(heap)
    eliminated: set[str] = set()
    while heap:
        cost, index = heapq.heappop(heap)
        if index in eliminated or not plan.where[index]:  # summed with a pair already
            continue
        now = plan.weight(index)
        if now > cost + 1e-12:  # stale: its neighbourhood grew since it was pushed
            heapq.heappush(heap, (now, index))
            continue
        merged = plan.eliminate(index)
        eliminated.add(index)
        for v in plan.scopes[merged] - plan.keep - eliminated:
            heapq.heappush(heap, (plan.weight(v), v))
    while len(plan.current) > 1:
        plan.merge(plan.smallest(plan.current)[:2])
    return plan.path


class _Eliminator:
    """The factors' scopes as elimination proceeds, and the path so far."""

    def __init__(self, subscripts: Sequence[str], output: str, sizes: dict[str, int]):
        self.sizes = sizes
        self.scopes: dict[int, frozenset[str]] = {i: frozenset(s) for i, s in enumerate(subscripts)}
        self.current = list(self.scopes)  # factor ids in opt_einsum's operand order
        self.where: dict[str, set[int]] = {}
        for i, scope in self.scopes.items():
            for index in scope:
                self.where.setdefault(index, set()).add(i)
        self.keep = frozenset(output)
        self.path: list[tuple[int, ...]] = []

    def weight(self, index: str) -> float:
        """log of the size of the table eliminating ``index`` builds."""
        union = frozenset().union(*(self.scopes[f] for f in self.where[index]))
        return math.fsum(math.log(self.sizes[c]) for c in union)

    def smallest(self, ids) -> list[int]:
        return sorted(ids, key=lambda f: (len(self.scopes[f]), f))

    def eliminate(self, index: str) -> int:
        """Multiply the factors holding ``index`` pairwise, smallest first, summing it out at
        the last step; the id of the factor made."""
        factors = self.smallest(self.where[index])
        while len(factors) > 2:
            factors = self.smallest([self.merge(factors[:2]), *factors[2:]])
        return self.merge(factors)  # the last step sums index out

    def merge(self, ids: list[int]) -> int:
        self.path.append(tuple(sorted(self.current.index(f) for f in ids)))
        union = frozenset().union(*(self.scopes[f] for f in ids))
        # as opt_einsum does: an index no other factor holds, and not an output, is summed
        scope = frozenset(
            i for i in union if i in self.keep or any(f not in ids for f in self.where[i])
        )
        new = max(self.scopes) + 1
        for f in ids:
            self.current.remove(f)
            for index in self.scopes.pop(f):
                self.where[index].discard(f)
        self.scopes[new] = scope
        self.current.append(new)
        for index in scope:
            self.where[index].add(new)
        return new
