"""Contraction paths from a variable elimination order, as junction-tree engines plan.

An order is found once per model on the interaction graph of its factors (two variables are
neighbours when some factor holds both: the moral graph, for CPTs; see
:mod:`scenarios.engine.ordering`: min-weight, and min-fill where that is cheaper on large
networks). A query's path then follows that
order over the factors it keeps: every factor holding the next variable is multiplied in,
smallest first, and the variable summed out at the last of those products (a variable only
one factor holds is summed where that factor is next multiplied: one step fewer).
Restricting an order to part of the network never builds a larger table than the whole network
would, so one search serves every evidence shape (new findings remove variables; pruning
removes factors), and the largest table of a path is known before anything is allocated.

Paths are lists of :class:`Merge`: slots ``0..n-1`` are the operands, each merge appends one.

Example:
    >>> sizes = {"a": 2, "b": 2, "c": 2, "d": 2}
    >>> rank = elimination_order(["ab", "bc", "cd"], sizes)
    >>> [m.equation for m in order_path(["ab", "bc", "cd"], "d", sizes, rank)]
    ['ab,bc->c', 'c,cd->d']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from scenarios.core.named import lazy_module
from scenarios.engine.ordering import (
    FILL_CELLS,
    elimination_order,
    fill_orders,
    min_weight_order,
)
from scenarios.engine.pairwise import is_tiny

if TYPE_CHECKING:  # imported for its greedy path alone (scenarios.core.named)
    import opt_einsum as oe
else:
    oe = lazy_module("opt_einsum")

# A query's own order is searched (see searched_path) while its trials have cost less than
# running the cheapest path found so far: a trial (an order and its path) takes about as long
# as a query's forward and reverse passes over TRIAL_CELLS cells per index of the problem
# (munin1's queries, 180 indices: 8 ms a trial; 6.9 ns a cell).
TRIAL_CELLS = 6_400
SEARCH_TRIALS = 64  # and never more trials than this (a plan's first use tries min-fill only)


class Merge(NamedTuple):
    """One step: the slots multiplied (and summed), their subscripts and the result's."""

    inputs: tuple[int, ...]
    terms: tuple[str, ...]
    output: str
    cells: int  # of the table it builds

    @property
    def equation(self) -> str:
        return ",".join(self.terms) + "->" + self.output

    def products(self, sizes: Mapping[str, int]) -> int:
        """Its multiply-adds: the cells of every axis it touches."""
        return math.prod([sizes[c] for c in set("".join(self.terms))])


def order_path(
    subscripts: Sequence[str],
    output: str,
    sizes: Mapping[str, int],
    rank: Mapping[str, int] | None = None,
    innermost: str = "",
    batch: str = "",
) -> list[Merge]:
    """Merges that sum out every index not in ``output`` in the order ``rank`` (default: a
    min-weight order of these factors), then multiply what is left into ``output``. Every
    intermediate holding the index ``innermost`` (a batch axis laid out last) keeps it last.
    The factors holding an index are multiplied and summed in one merge where all their
    axes span a tiny table (:func:`~scenarios.engine.pairwise.is_tiny`) and no factor has
    the axis ``batch`` (see :meth:`_Path._tiny`), else pairwise.
    (Multiplying the factors without a batch axis first, once, was tried: fewer products on
    paper, but slower on every bundled network.)"""
    if rank is None:  # a query's own order, tried beside the model's: min-weight alone
        rank = elimination_order(subscripts, sizes, fill=False)
    path = _Path(subscripts, output, sizes, innermost, batch)
    kept = set(output)
    present = {c for sub in subscripts for c in sub}
    for index in sorted(present - kept, key=lambda c: rank.get(c, len(rank))):
        if len(path.where[index]) > 1:  # held by one factor: summed where that one merges
            path.merge(path.smallest(path.where[index]), index)
    path.finish()
    return path.merges


def searched_path(
    subscripts: Sequence[str],
    output: str,
    sizes: Mapping[str, int],
    innermost: str = "",
    trials: int = SEARCH_TRIALS,
    batch: str = "",
) -> list[Merge]:
    """The cheapest path found for these factors (see :func:`order_path`): min-weight's
    order's (see :mod:`~scenarios.engine.ordering`), or, where the largest table that order
    builds before summing (a clique) is over FILL_CELLS, min-fill's or a randomized min-fill
    order's whose path beats it (:meth:`PathCost.beats`): at most ``trials`` orders (the
    first is min-fill's), tried while they cost less than a run of the best path
    (TRIAL_CELLS). With one trial, :func:`~scenarios.engine.ordering.elimination_order`'s
    (min-fill where its cliques hold fewer cells: no path built to compare). Found once per
    problem (kept across plans and engines)."""
    used = dict.fromkeys("".join(subscripts))
    sized = tuple((c, sizes[c]) for c in used)
    return list(_searched(tuple(subscripts), output, sized, innermost, trials, batch))


@lru_cache(maxsize=64)
def _searched(
    subscripts: tuple[str, ...],
    output: str,
    sizes: tuple[tuple[str, int], ...],
    innermost: str,
    trials: int,
    batch: str,
) -> tuple[Merge, ...]:
    size = dict(sizes)
    factors = [s for s in subscripts if s]
    if trials <= 1:  # (a plan's first use) min-fill where its cliques hold fewer cells
        rank = elimination_order(factors, size)
        return tuple(order_path(subscripts, output, size, rank, innermost, batch))
    rank, largest = min_weight_order(factors, size)
    path = order_path(subscripts, output, size, rank, innermost, batch)
    if largest <= FILL_CELLS:  # as elimination_order: small tables, min-weight's
        return tuple(path)
    best = PathCost.of(path, size)
    orders = fill_orders(factors, size)
    for trial in range(trials):
        if trial * TRIAL_CELLS * len(size) > best.cells:
            break  # the search has cost what running the best path costs
        other = order_path(subscripts, output, size, next(orders), innermost, batch)
        cost = PathCost.of(other, size)
        if cost.beats(best):
            path, best = other, cost
    return tuple(path)


def forget_searched() -> None:
    """Forget every searched path (benchmarks of a cold start call this)."""
    _searched.cache_clear()


class PathCost(NamedTuple):
    """What running a path costs: the cells of every table it builds, its multiply-adds
    (:meth:`Merge.products`), and its largest table."""

    cells: int
    products: int
    largest: int

    @classmethod
    def of(cls, merges: Sequence[Merge], sizes: Mapping[str, int]) -> PathCost:
        largest, cells = largest_table(merges)
        return cls(cells, sum([m.products(sizes) for m in merges]), largest)

    def beats(self, other: PathCost) -> bool:
        """Whether this path is to be run rather than ``other``'s: fewer cells, no more
        products and no larger a table (no more memory). A query's time goes mostly with
        the cells (munin1's queries: 6.9 ns a cell, R^2 0.86 over 46 paths), but a path of
        fewer cells and 2.6x the products ran 1.3x slower: neither alone ranks munin1's
        paths as their times do."""
        return (
            self.cells < other.cells
            and self.products <= other.products
            and self.largest <= other.largest
        )


def greedy_path(subscripts: Sequence[str], output: str, sizes: Mapping[str, int]) -> list[Merge]:
    """opt_einsum's greedy path as merges: a second opinion for tests and comparisons."""
    equation = ",".join(subscripts) + "->" + output
    shapes = [tuple(sizes[c] for c in sub) for sub in subscripts]
    _, info = oe.contract_path(equation, *shapes, shapes=True, optimize="greedy")
    slots = list(range(len(subscripts)))
    merges = []
    for positions, _, einsum, *_ in info.contraction_list:
        terms, result = einsum.split("->")
        cells = math.prod(sizes[c] for c in result)
        inputs = tuple(slots.pop(p) for p in positions)
        merges.append(Merge(inputs, tuple(terms.split(",")), result, cells))
        slots.append(len(subscripts) + len(merges) - 1)
    return merges


def peak_cells(merges: Sequence[Merge], subscripts: Sequence[str], sizes: Mapping[str, int]) -> int:
    """Cells held at the busiest step of a forward pass that frees each intermediate when it
    is used: the intermediates alive, a copy of each input of the step (a transposed operand
    is copied for its matrix product) and the step's result. The leaves are the caller's.

    >>> sizes = {"a": 2, "b": 3, "c": 4}
    >>> peak_cells(order_path(["ab", "bc"], "c", sizes), ["ab", "bc"], sizes)  # 6 + 12 + 4
    22
    """
    size = [math.prod(sizes[c] for c in sub) for sub in subscripts]
    leaves, alive, peak = len(subscripts), 0, 1
    for merge in merges:
        out = merge.cells
        peak = max(peak, alive + sum(size[i] for i in merge.inputs) + out)
        alive += out - sum(size[i] for i in merge.inputs if i >= leaves)
        size.append(out)
    return peak


def largest_table(merges: Sequence[Merge]) -> tuple[int, int]:
    """Cells of the largest table the merges build, and of all of them together."""
    cells = [m.cells for m in merges]
    return max([1, *cells]), max(1, sum(cells))


# Where multiplying the first two of a variable's factors (the smallest, or the last product
# and the next smallest) would build more cells than this, the pair with the smallest
# product goes first; below it no pairs are searched (that cost hailfinder's cold queries 30%).
PAIRING_CELLS = 2**20


class _Path:
    """The factors alive as elimination proceeds (slot -> subscript), and the merges so far."""

    def __init__(
        self,
        subscripts: Sequence[str],
        output: str,
        sizes: Mapping[str, int],
        innermost: str,
        batch: str,
    ):
        self.sizes = sizes
        self.innermost = innermost
        self.batch = batch if batch and any(batch in sub for sub in subscripts) else ""
        self.subs: dict[int, str] = dict(enumerate(subscripts))
        self.cells = {s: math.prod(sizes[c] for c in sub) for s, sub in self.subs.items()}
        self.next = len(subscripts)
        self.output = output
        self.where: dict[str, set[int]] = {}
        for slot, sub in self.subs.items():
            for index in sub:
                self.where.setdefault(index, set()).add(slot)
        self.merges: list[Merge] = []

    def smallest(self, slots: Iterable[int]) -> list[int]:
        return sorted(slots, key=lambda s: (self.cells[s], s))

    def merge(self, slots: list[int], index: str) -> None:
        """Multiply ``slots``, summing ``index``: in one merge where their axes span a tiny
        table (one numpy.einsum call instead of one per pair: child's and alarm's queries
        take a third fewer steps), else pairwise, summing ``index`` at the last: first the
        pair whose product is the smallest table (ties: in the order given) where the first
        two would build more than PAIRING_CELLS, else the first two. Smallest operands first
        can build a table no other order needs (munin1: a 343-cell factor times a 2.2e5-cell
        one made 1.1e7 cells where the other pair made 3.1e6)."""
        if len(slots) > 2 and self._tiny(slots):
            self._step(slots, summed=index)
            return
        while len(slots) > 2:
            if self._product_cells((slots[0], slots[1])) <= PAIRING_CELLS:  # no search
                slots = [self._step(slots[:2], summed=""), *slots[2:]]  # (cold queries)
                continue
            pairs = [(a, b) for i, a in enumerate(slots) for b in slots[i + 1 :]]
            a, b = min(pairs, key=self._product_cells)
            product = self._step([a, b], summed="")
            slots = [s for s in slots if s not in (a, b)] + [product]
        self._step(slots, summed=index)

    def _tiny(self, slots: list[int]) -> bool:
        """Whether the product of ``slots`` runs as one numpy.einsum (see is_tiny), in a
        path without a batch axis: a batched plan's adjoints all hold the batch, so the
        reverse products of a merge of many would be many-operand einsums over it (the
        Khorasan sweep's peak memory 28 -> 38 MB); its Python per step is shared by the
        batch's members anyway."""
        if self.batch:
            return False
        return is_tiny(set("".join([self.subs[s] for s in slots])), self.sizes)

    def _product_cells(self, pair: tuple[int, int]) -> int:
        """Cells of the table multiplying the two slots builds (before any merge)."""
        a, b = pair
        where, sizes, output = self.where, self.sizes, self.output
        cells = 1
        for c in set(self.subs[a]).union(self.subs[b]):
            holders = where[c]  # held after this product: by another slot, or an output
            if c in output or len(holders) > (a in holders) + (b in holders):
                cells *= sizes[c]
        return cells

    def _step(self, slots: list[int], summed: str) -> int:
        where, output = self.where, self.output
        terms = [self.subs.pop(s) for s in slots]
        for s, term in zip(slots, terms, strict=True):
            for index in term:
                where[index].discard(s)
        if len(terms) != 2:
            joined = "".join(dict.fromkeys("".join(terms)))
            # ``summed`` and any index no other factor holds (and not an output) are summed
            kept = [c for c in joined if c != summed and (c in output or where[c])]
            return self._add(slots, terms, "".join(kept))
        a, b = terms  # outputs (the batch axis) first, then the matrix product's own order
        # (shared, each side's): fewer transposes and copies
        kept = [c for c in a if c != summed and (c in output or where[c])]
        kept += [c for c in b if c not in a and c != summed and (c in output or where[c])]
        ordered = sorted(kept, key=lambda c: (c not in output, (c not in b) + 2 * (c not in a)))
        if self.innermost in ordered:
            ordered.remove(self.innermost)
            ordered.append(self.innermost)
        return self._add(slots, terms, "".join(ordered))

    def _add(self, slots: list[int], terms: list[str], result: str) -> int:
        slot = self.next
        self.next += 1
        self.subs[slot] = result
        sizes = self.sizes
        self.cells[slot] = cells = math.prod([sizes[c] for c in result])
        for index in result:
            self.where[index].add(slot)
        self.merges.append(Merge(tuple(slots), tuple(terms), result, cells))
        return slot

    def finish(self) -> None:
        """Multiply the factors left (over output indices only) into ``output``."""
        slots = self.smallest(self.subs)
        while len(slots) > 2:
            slots = [self._step(slots[:2], summed=""), *slots[2:]]
        terms = [self.subs[s] for s in slots]
        if len(slots) == 2 or terms[0] != self.output:
            for s in slots:
                del self.subs[s]
            self._add(slots, terms, self.output)
