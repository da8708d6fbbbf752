"""Compiled contraction paths, and all marginals from one contraction by a reverse pass.

A :class:`ContractionPlan` fixes a pairwise path once (from an elimination order, see
:mod:`scenarios.engine.elimination`) and compiles every step (see
:mod:`scenarios.engine.pairwise`). An :class:`AdjointPlan` contracts every factor to
Z = P(evidence) and then walks the path backwards: the derivative of Z with respect to one
factor is the product of all the *other* factors summed down to that factor's axes, so
``adjoint * factor`` is the unnormalized joint of the factor's variables with the evidence. The
backward sweep costs about twice the forward one, so all posteriors cost about three
contractions instead of one per target (Darwiche's differential approach on a contraction tree).

Example:
    >>> import numpy as np
    >>> plan = AdjointPlan(["a", "ab"], [(2,), (2, 2)], batch="")
    >>> z, _, adjoints = plan.run([np.array([0.3, 0.7]), np.array([[0.9, 0.1], [0.2, 0.8]])])
    >>> float(z), adjoints[1].round(2).tolist()
    (1.0, [[0.3, 0.3], [0.7, 0.7]])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from scenarios.core import limits
from scenarios.engine.elimination import (
    Merge,
    greedy_path,
    largest_table,
    order_path,
    peak_cells,
)
from scenarios.engine.pairwise import Einsum, compile_einsum


@dataclass
class _Step:
    """One contraction of the path: operand slots in, one slot out, the compiled einsum, and
    (for adjoint plans) one compiled einsum per input with the axes it keeps."""

    inputs: tuple[int, ...]
    terms: list[str]
    output: int
    forward: Einsum
    backward: list[tuple[Einsum, tuple[int, ...]]] = field(default_factory=list)


REPLAN_CELLS = 2**16  # above this, a plan also tries an order of its own factors (cells)


class ContractionPlan:
    """``subscripts -> output`` along a path of pairwise merges, every step compiled.

    The path follows the elimination order ``rank`` (index -> position; default: a min-weight
    order of these factors), or opt_einsum's greedy search with ``planner="greedy"``. Where
    the model's order builds more than REPLAN_CELLS, an order of this query's own factors
    (findings removed, barren parts pruned) is tried too, and the cheaper path kept.
    ``shapes`` give the batch axis (always first where present) size 1; operands may carry any
    batch size at run time. ``largest``, ``cells`` and ``peak`` are per batch member: the
    largest intermediate, the sum of all of them, and what a forward pass holds at its
    busiest step (:func:`~scenarios.engine.elimination.peak_cells`), known before anything
    runs.
    """

    def __init__(
        self,
        subscripts: Sequence[str],
        shapes: Sequence[tuple[int, ...]],
        output: str,
        batch: str = "",
        rank: Mapping[str, int] | None = None,
        planner: str = "order",
    ):
        self.subscripts = list(subscripts)
        self.output = output
        self.batch = batch
        self._sizes: dict[str, int] = {}
        for sub, shape in zip(subscripts, shapes, strict=True):
            self._sizes.update(zip(sub, shape, strict=True))
        if planner == "greedy":
            merges = greedy_path(self.subscripts, output, self._sizes)
        else:
            merges = order_path(self.subscripts, output, self._sizes, rank)
            if rank is not None and largest_table(merges, self._sizes)[1] > REPLAN_CELLS:
                merges = self._cheaper(merges, order_path(self.subscripts, output, self._sizes))
        self._subs = list(subscripts)  # subscript of every slot, leaves first
        self._steps = [self._step(m) for m in merges]
        self._root = len(self._subs) - 1
        self.largest, self.cells = largest_table(merges, self._sizes)
        self.peak = peak_cells(merges, self.subscripts, self._sizes)
        self.leaf_cells = sum(math.prod(self.shape(sub)) for sub in self.subscripts)

    def _cheaper(self, model_path: list[Merge], own_path: list[Merge]) -> list[Merge]:
        """``own_path`` where it builds fewer cells in all and no larger a table (so the
        model's order still bounds every table), else ``model_path``."""
        base_largest, base_cells = largest_table(model_path, self._sizes)
        own_largest, own_cells = largest_table(own_path, self._sizes)
        better = own_cells < base_cells and own_largest <= base_largest
        return own_path if better else model_path

    def _step(self, merge: Merge) -> _Step:
        terms, result = merge.equation.split("->")
        in_subs = terms.split(",")
        forward = compile_einsum(merge.equation, self._sizes)
        self._subs.append(result)
        return _Step(merge.inputs, in_subs, len(self._subs) - 1, forward)

    def shape(self, sub: str) -> tuple[int, ...]:
        return tuple(self._sizes[c] for c in sub)

    def __call__(self, operands: Sequence[np.ndarray]) -> np.ndarray:
        return self._forward(operands, keep=False)[0][self._root]

    def scaled(self, operands: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """The result divided by a positive scale, and the log of that scale (per batch member):
        every intermediate is rescaled to a maximum of 1, so nothing underflows on the way."""
        values, log_scale = self._forward(operands, keep=False, scaled=True)
        return np.asarray(values[self._root], dtype=float), np.asarray(log_scale, dtype=float)

    def _forward(
        self, operands: Sequence[np.ndarray], keep: bool, scaled: bool = False
    ) -> tuple[list, np.ndarray]:
        """Every slot's value and the log scale taken out of them (0 unless ``scaled``);
        intermediates already used are dropped unless ``keep``."""
        values: list = [*operands, *([None] * len(self._steps))]
        log_scale = np.zeros(())
        if scaled:  # in extended precision every table is twice the size, leaves copied too
            held = (self.cells if keep else self.peak) + self.leaf_cells
            limits.check_memory(
                2 * held * 8 * _members(operands, self.subscripts, self.batch) / 2**20,
                "this query's rescaled tables (its probabilities are below the smallest float)",
                "add evidence or ask for fewer targets, which prunes the network",
            )
            # leaves too, in extended precision where the platform has it (x86:
            # exponents to 1e-4951), so products of tiny entries within one step survive
            for i, sub in enumerate(self.subscripts):
                leaf = np.asarray(values[i], dtype=np.longdouble)
                values[i], log_peak = self.rescale(leaf, sub)
                log_scale = log_scale + log_peak
        leaves = len(operands)
        for step in self._steps:
            result = step.forward(*[values[i] for i in step.inputs])
            if scaled:
                result, log_peak = self.rescale(result, self._subs[step.output])
                log_scale = log_scale + log_peak
            values[step.output] = result
            if not keep:
                for i in step.inputs:
                    if i >= leaves:
                        values[i] = None
        return values, log_scale

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


class AdjointPlan(ContractionPlan):
    """A contraction to the batch axis (or to a scalar) with its reverse pass."""

    def __init__(
        self,
        subscripts: Sequence[str],
        shapes: Sequence[tuple[int, ...]],
        batch: str,
        rank: Mapping[str, int] | None = None,
        planner: str = "order",
    ):
        batched = bool(batch) and any(s.startswith(batch) for s in subscripts)
        super().__init__(subscripts, shapes, batch if batched else "", batch, rank, planner)
        for step in self._steps:
            step.backward = [self._backward_einsum(step, k) for k in range(len(step.inputs))]
        self.cells *= 2  # values and adjoints are held at once
        self._marginals: dict[tuple[int, str | None], Einsum] = {}

    def _backward_einsum(self, step: _Step, k: int) -> tuple[Einsum, tuple[int, ...]]:
        others = [s for j, s in enumerate(step.terms) if j != k]
        target = self.adjoint_subscript(step.terms[k])
        incoming = self.adjoint_subscript(self._subs[step.output])
        reachable = set(incoming).union(*others)
        kept = "".join(c for c in target if c in reachable)
        equation = ",".join([incoming, *others]) + "->" + kept
        einsum = compile_einsum(equation, self._sizes)
        return einsum, tuple(target.index(c) for c in kept)

    def adjoint_subscript(self, sub: str) -> str:
        """Adjoints keep the batch axis even where the operand has none: each batch member has
        its own adjoint of a shared factor."""
        return sub if not self.output or self.batch in sub else self.batch + sub

    def marginal(
        self, leaf: int, symbol: str, adjoint: np.ndarray, operand: np.ndarray
    ) -> np.ndarray:
        """Sum ``adjoint * operand`` of one leaf down to the axis ``symbol`` (and the batch)."""
        key = (leaf, symbol)
        if key not in self._marginals:
            sub = self.subscripts[leaf]
            equation = f"{self.adjoint_subscript(sub)},{sub}->{self.output}{symbol}"
            self._marginals[key] = compile_einsum(equation, self._sizes)
        return np.asarray(self._marginals[key](adjoint, operand))

    def leaf_joint(self, leaf: int, adjoint: np.ndarray, operand: np.ndarray) -> np.ndarray:
        """``adjoint * operand`` of one leaf on all of its own axes (batch first): the
        unnormalized joint of the leaf's variables with the evidence (a CPT's family)."""
        key = (leaf, None)
        if key not in self._marginals:
            sub = self.subscripts[leaf]
            kept = sub.replace(self.output, "") if self.output else sub
            equation = f"{self.adjoint_subscript(sub)},{sub}->{self.output}{kept}"
            self._marginals[key] = compile_einsum(equation, self._sizes)
        return np.asarray(self._marginals[key](adjoint, operand))

    def run(
        self, operands: Sequence[np.ndarray], scaled: bool = False
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Z and log Z (per batch member) and the adjoint of every operand (batch axis first
        when the plan has one; broadcast views where an adjoint does not vary along an axis).

        With ``scaled`` every intermediate and every adjoint is rescaled to a maximum of 1 as
        it is made: log Z stays exact where Z itself would underflow, and each adjoint is then
        known only up to a positive factor per batch member, which normalizing a marginal
        removes.
        """
        values, log_scale = self._forward(operands, keep=True, scaled=scaled)
        size = self._batch_size(operands)
        adjoints: list = [None] * len(values)
        adjoints[self._root] = np.ones((size,) if self.output else ())
        for step in reversed(self._steps):
            for k, (einsum, axes) in enumerate(step.backward):
                others = [values[i] for j, i in enumerate(step.inputs) if j != k]
                reduced = np.asarray(einsum(adjoints[step.output], *others))
                slot = step.inputs[k]
                if scaled:
                    reduced = self.rescale(reduced, self._kept_subscript(slot, axes))[0]
                adjoints[slot] = self._expand(reduced, axes, slot, size)
            adjoints[step.output] = None
            for i in step.inputs:
                if i >= len(operands):
                    values[i] = None
        root = np.asarray(values[self._root])
        with np.errstate(divide="ignore"):
            log_z = np.asarray(np.log(root) + log_scale, dtype=float)
        return (np.exp(log_z) if scaled else root), log_z, adjoints[: len(operands)]

    def _kept_subscript(self, slot: int, axes: tuple[int, ...]) -> str:
        target = self.adjoint_subscript(self._subs[slot])
        return "".join(target[i] for i in axes)

    def _expand(
        self, reduced: np.ndarray, axes: tuple[int, ...], slot: int, size: int
    ) -> np.ndarray:
        """Broadcast an adjoint over the axes its operand sums out on its own."""
        target = self.adjoint_subscript(self._subs[slot])
        if len(axes) == len(target):
            return reduced
        shape = tuple(size if c == self.batch else self._sizes[c] for c in target)
        view = reduced.reshape([shape[i] if i in axes else 1 for i in range(len(target))])
        return np.broadcast_to(view, shape)

    def _batch_size(self, operands: Sequence[np.ndarray]) -> int:
        for sub, op in zip(self.subscripts, operands, strict=True):
            if self.output and sub.startswith(self.batch):
                return op.shape[0]
        return 1


def _members(operands: Sequence[np.ndarray], subscripts: Sequence[str], batch: str) -> int:
    """The batch size of the operands (1 without a batch axis)."""
    for sub, op in zip(subscripts, operands, strict=True):
        if batch and sub.startswith(batch):
            return int(np.shape(op)[0])
    return 1
