"""Compiled contraction paths: a pairwise path fixed once (from an elimination order, see
:mod:`scenarios.engine.elimination`), every step compiled (see :mod:`scenarios.engine.pairwise`),
what it will hold known before it runs, and a rescaled run for sums that would underflow.
:mod:`scenarios.engine.adjoint` adds the reverse pass; :mod:`scenarios.engine.contraction`
caches plans per shape and cuts batches into chunks.

Example:
    >>> import numpy as np
    >>> plan = ContractionPlan(["a", "ab"], [(2,), (2, 2)], "b")
    >>> plan([np.array([0.3, 0.7]), np.array([[0.9, 0.1], [0.2, 0.8]])]).round(2).tolist()
    [0.41, 0.59]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from scenarios.core import limits
from scenarios.engine.elimination import (
    SEARCH_TRIALS,
    Merge,
    PathCost,
    greedy_path,
    largest_table,
    order_path,
    peak_cells,
    searched_path,
)
from scenarios.engine.ordering import FILL_CELLS
from scenarios.engine.pairwise import Einsum, Kept, compile_einsum, keeping


@dataclass
class Step:
    """One contraction of the path: operand slots in, one slot out, the compiled einsum, and
    (for adjoint plans) how each input's adjoint is made (:class:`Reverse`)."""

    inputs: tuple[int, ...]
    terms: list[str]
    output: int
    forward: Einsum
    backward: list[Reverse] = field(default_factory=list)


class Reverse(NamedTuple):
    """How the adjoint of one input of a step is made: ``kept``, the axes it is held on;
    ``mirrored``, whether it can be the forward product's matrices multiplied the other way
    round (see :func:`~scenarios.engine.pairwise.adjoint`); ``einsum``, the product of the
    output's adjoint and the other inputs (slots ``others``) otherwise (compiled when first
    needed); ``tiny``, whether the step's products run as ``numpy.einsum`` (a leaf's
    marginal can then be taken in the same einsum, see
    :meth:`~scenarios.engine.adjoint.AdjointPlan.marginals`)."""

    kept: str
    mirrored: bool
    einsum: Einsum | None
    tiny: bool
    others: tuple[int, ...]


REPLAN_CELLS = 2**16  # above this, a plan also tries an order of its own factors (cells)
# A batch whose tables are this small per member (cells) is laid out with the batch axis
# last: every product then runs along rows of batch members (numpy's inner loops over
# contiguous memory) where a batch axis first makes a stack of tiny matrix products.
BATCH_LAST_CELLS = 2**12


class ContractionPlan:
    """``subscripts -> output`` along a path of pairwise merges, every step compiled.

    The path follows the elimination order ``rank`` (index -> position; default: an order of
    these factors, see :func:`~scenarios.engine.elimination.searched_path`), or
    opt_einsum's greedy search with ``planner="greedy"``. Where the model's order builds more
    than REPLAN_CELLS, an order of this query's own factors (findings removed, barren parts
    pruned) is tried too, and kept where its path is leaner (:meth:`_leaner`).
    ``shapes`` give the batch axis (always first where present) size 1; operands may carry any
    batch size at run time, and get results with it first (``member_cells``: the cells of
    the tables each member has its own of); ``batch_last`` says the plan runs them with the
    batch axis last (chosen where the batch's tables are small, see BATCH_LAST_CELLS, and
    ``rows``: its batches are long). ``largest``, ``cells`` and ``peak`` are per batch
    member: the largest intermediate, the sum of all of them, and what a forward pass holds at its
    busiest step (:func:`~scenarios.engine.elimination.peak_cells`), known before anything
    runs. ``tiny``: where the products small enough for ``numpy.einsum`` are kept (one
    model's; see :func:`~scenarios.engine.pairwise.compile_einsum`).
    """

    def __init__(
        self,
        subscripts: Sequence[str],
        shapes: Sequence[tuple[int, ...]],
        output: str,
        batch: str = "",
        rank: Mapping[str, int] | None = None,
        planner: str = "order",
        rows: bool = True,
        tiny: dict[str, Einsum] | None = None,
        search: bool = False,
    ):
        self.batch = batch
        self._tiny = tiny
        self._trials = SEARCH_TRIALS if search else 1  # of the query's own order
        self.searchable = False  # whether a search of its own order could find a leaner path
        self.uses = 0  # how many times its contractor handed it out to run
        self._sizes: dict[str, int] = {}
        for sub, shape in zip(subscripts, shapes, strict=True):
            self._sizes.update(zip(sub, shape, strict=True))
        self._given = list(subscripts)  # as the caller lays out operands: batch axis first
        batched = bool(batch) and any(batch in sub for sub in subscripts)
        self._batch = batch if batched else ""
        merges = self._path(list(subscripts), output, rank, planner, False)
        self.batch_last = (
            rows and planner == "order" and batched and largest_table(merges)[0] <= BATCH_LAST_CELLS
        )
        if self.batch_last:  # long rows of batch members innermost: see BATCH_LAST_CELLS
            subscripts, output = [_last(s, batch) for s in subscripts], _last(output, batch)
            merges = self._path(list(subscripts), output, rank, planner, True)
        self.subscripts, self.output = list(subscripts), output
        self._subs = list(subscripts)  # subscript of every slot, leaves first
        self._steps = [self._step(m) for m in merges]
        self._root = len(self._subs) - 1
        self.largest, self.cells = largest_table(merges)
        # the tables each batch member has its own of (the others are made once per run)
        self.member_cells = max(1, self.cells - self._shared_cells(merges))
        self._merges = merges

    @cached_property
    def cost(self) -> PathCost:
        """What running the forward pass costs (per batch member)."""
        return PathCost.of(self._merges, self._sizes)

    @cached_property
    def peak(self) -> int:
        """What a forward pass holds at its busiest step (cells per batch member)."""
        return peak_cells(self._merges, self.subscripts, self._sizes)

    @cached_property
    def leaf_cells(self) -> int:
        """The cells of the leaves (per batch member)."""
        return sum(math.prod(self.shape(sub)) for sub in self.subscripts)

    def _path(
        self,
        subscripts: list[str],
        output: str,
        rank: Mapping[str, int] | None,
        planner: str,
        batch_last: bool,
    ) -> list[Merge]:
        if planner == "greedy":
            return greedy_path(subscripts, output, self._sizes)
        innermost, sizes = self._batch if batch_last else "", self._sizes
        if rank is None:  # min-weight, min-fill or a search (see searched_path)
            return self._own_path(subscripts, output, innermost)
        merges = order_path(subscripts, output, sizes, rank, innermost, self._batch)
        if largest_table(merges)[1] > REPLAN_CELLS:
            own = self._own_path(subscripts, output, innermost)
            if self._leaner(own, merges):
                merges = own
        return merges

    def _own_path(self, subscripts: list[str], output: str, innermost: str) -> list[Merge]:
        """The path of an order of these factors: min-weight's or min-fill's, or with
        ``search`` the cheapest a search finds (see
        :func:`~scenarios.engine.elimination.searched_path`); ``searchable`` records that
        a search would run where none did (the path's largest table is over FILL_CELLS,
        so min-weight's clique is too)."""
        path = searched_path(subscripts, output, self._sizes, innermost, self._trials, self._batch)
        self.searchable |= self._trials == 1 and largest_table(path)[0] > FILL_CELLS
        return path

    def _leaner(self, path: list[Merge], than: list[Merge]) -> bool:
        """Whether ``path`` is to be run rather than ``than`` (see
        :meth:`~scenarios.engine.elimination.PathCost.beats`)."""
        if largest_table(path)[1] >= largest_table(than)[1]:
            return False  # no fewer cells: nothing else need be counted
        return PathCost.of(path, self._sizes).beats(PathCost.of(than, self._sizes))

    def _shared_cells(self, merges: Sequence[Merge]) -> int:
        if not self._batch:
            return 0
        return sum(m.cells for m in merges if self._batch not in m.output)

    def laid_out(self, leaf: int, operand: np.ndarray) -> np.ndarray:
        """A leaf operand (batch axis first, as callers give it) in the plan's layout: with
        ``batch_last``, a contiguous copy with the batch axis last."""
        if self.batch_last and self.batch in self._given[leaf]:
            moved = np.moveaxis(operand, self._given[leaf].index(self.batch), -1)
            return np.ascontiguousarray(moved)
        return operand

    def given_layout(self, result: np.ndarray, sub: str) -> np.ndarray:
        """A result whose axes are ``sub`` in the plan's layout, batch axis back first."""
        if self.batch_last and self.batch in sub:
            return np.moveaxis(result, sub.index(self.batch), 0)
        return result

    def _step(self, merge: Merge) -> Step:
        forward = compile_einsum(merge.equation, self._sizes, self._batch, self._tiny)
        self._subs.append(merge.output)
        return Step(merge.inputs, list(merge.terms), len(self._subs) - 1, forward)

    def shape(self, sub: str) -> tuple[int, ...]:
        return tuple(self._sizes[c] for c in sub)

    def __call__(self, operands: Sequence[np.ndarray]) -> np.ndarray:
        result = np.asarray(self._forward(operands, keep=False)[0][self._root])
        return self.given_layout(result, self.output)

    def scaled(self, operands: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The result divided by a positive scale, and the log of that scale (per batch member):
        every intermediate is rescaled to a maximum of 1, so nothing underflows on the way."""
        values, log_scale = self._forward(operands, keep=False, scaled=True)
        result = self.given_layout(np.asarray(values[self._root], dtype=float), self.output)
        return result, np.asarray(log_scale, dtype=float)

    def _forward(
        self,
        operands: Sequence[np.ndarray],
        keep: bool,
        scaled: bool = False,
        matrices: list[Kept | None] | None = None,
    ) -> tuple[list[Any], np.ndarray]:
        """Every slot's value and the log scale taken out of them (0 unless ``scaled``);
        intermediates already used are dropped unless ``keep``. Leaves are laid out as the
        plan runs them (see :meth:`laid_out`). With ``matrices``, each step's stacks of
        matrices are kept there (None where it made none), and an intermediate whose reverse
        products need only those is dropped."""
        laid = [self.laid_out(i, op) for i, op in enumerate(operands)]
        values: list[Any] = [*laid, *([None] * len(self._steps))]
        log_scale = np.zeros(())
        if scaled:
            log_scale = self._scaled_leaves(values, keep)
        leaves = len(operands)
        for step in self._steps:
            if matrices is None:
                result = step.forward(*[values[i] for i in step.inputs])
            else:
                result, kept = keeping(step.forward, *[values[i] for i in step.inputs])
                matrices.append(kept)
                if kept is not None:
                    _drop_mirrored(step, values, leaves)
            if scaled:
                result, log_peak = self.rescale(result, self._subs[step.output])
                log_scale = log_scale + log_peak
            values[step.output] = result
            if not keep:
                for i in step.inputs:
                    if i >= leaves:
                        values[i] = None
        return values, log_scale

    def _scaled_leaves(self, values: list[Any], keep: bool) -> np.ndarray:
        """Rescale the leaves in ``values`` (in place) and return the log of their scales."""
        # in extended precision every table is twice the size, leaves copied too
        held = (self.cells if keep else self.peak) + self.leaf_cells
        limits.check_memory(
            2
            * held
            * 8
            * _members(values[: len(self.subscripts)], self.subscripts, self.batch)
            / 2**20,
            "this query's rescaled tables (its probabilities are below the smallest float)",
            "add evidence or ask for fewer targets, which prunes the network",
        )
        # leaves too, in extended precision where the platform has it (x86:
        # exponents to 1e-4951), so products of tiny entries within one step survive
        log_scale = np.zeros(())
        for i, sub in enumerate(self.subscripts):
            leaf = np.asarray(values[i], dtype=np.longdouble)
            values[i], log_peak = self.rescale(leaf, sub)
            log_scale = log_scale + log_peak
        return log_scale

    def rescale(self, array: np.ndarray, sub: str) -> tuple[np.ndarray, np.ndarray]:
        """``array`` divided by its maximum (per batch member when ``sub`` has the batch axis)
        and the log of that maximum; all-zero members are left as they are (log 0 = 0)."""
        array = np.asarray(array)
        if self.batch and self.batch in sub:
            axis = sub.index(self.batch)
            moved = np.moveaxis(array, axis, 0).reshape(array.shape[axis], -1)
            peak = moved.max(axis=1) if moved.shape[1] else np.ones(moved.shape[0])
            peak = np.where(peak > 0, peak, 1.0)
            shape = [1] * array.ndim
            shape[axis] = -1
            return array / peak.reshape(shape), np.log(peak)
        peak = float(array.max()) if array.size else 1.0
        peak = peak if peak > 0 else 1.0
        return array / peak, np.log(peak)


def _drop_mirrored(step: Step, values: list[Any], leaves: int) -> None:
    """Drop the intermediate inputs of a step no reverse product reads: each one whose
    partner's adjoint is made from the kept matrices."""
    if len(step.backward) != 2:
        return
    for j, i in enumerate(step.inputs):
        if i >= leaves and step.backward[1 - j].mirrored:
            values[i] = None


def _members(operands: Sequence[np.ndarray], subscripts: Sequence[str], batch: str) -> int:
    """The batch size of the operands (1 without a batch axis)."""
    for sub, op in zip(subscripts, operands, strict=True):
        if batch and batch in sub:
            return int(np.shape(op)[sub.index(batch)])
    return 1


def _last(sub: str, index: str) -> str:
    """``sub`` with ``index`` (where it has it) moved to the end."""
    return sub.replace(index, "") + index if index in sub else sub
