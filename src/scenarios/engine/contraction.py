"""Cached contractions of named factors, with a batch axis split into memory-bounded chunks.

A :class:`Contractor` turns factors named by variable into einsum subscripts, plans a path once
per (equation, shapes) along the model's elimination order and reuses it. A batch axis (draws of
the CPTs, or evidence sets) is always the first axis of the operands that have it; it is sized 1
for planning, so a batch follows the path of a single query, and batches are cut into chunks
whose largest intermediate stays under ``BATCH_CELLS``.

Example:
    >>> import numpy as np
    >>> c = Contractor(["rain", "wet"])
    >>> prior, cpt = np.array([0.8, 0.2]), np.array([[0.9, 0.1], [0.2, 0.8]])
    >>> c.contract([(prior, ("rain",)), (cpt, ("rain", "wet"))], ("wet",)).round(2).tolist()
    [0.76, 0.24]
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from typing import Any, TypeVar

import numpy as np

from scenarios.core import limits
from scenarios.engine.adjoint import AdjointPlan
from scenarios.engine.batching import Cost
from scenarios.engine.elimination import Merge, largest_table, order_path
from scenarios.engine.ordering import FILL_CELLS, elimination_order
from scenarios.engine.pairwise import BATCH_ROWS, Einsum
from scenarios.engine.plan import BATCH_LAST_CELLS, ContractionPlan
from scenarios.engine.symbols import symbol
from scenarios.engine.whole_joint import marginals_by_joint, small_enough

BATCH = "\0draw"  # the name of the batch axis (not a valid variable name)
BATCH_CELLS = 2**21  # cells of one batched run's tables (16 MiB of float64: larger runs left
# the caches and were slower on the Khorasan sweep, smaller ones paid more Python per set)

Operand = tuple[np.ndarray, tuple[str, ...]]  # an array and the names of its axes
Plan = TypeVar("Plan", ContractionPlan, AdjointPlan)


def check_memory(cells: int, what: str) -> None:
    """Refuse, before allocating anything, a contraction whose tables (per batch member; a
    batch is cut into chunks) would need more than the memory limit."""
    limits.check_memory(
        cells * 8 / 2**20,
        f"this query's memory for {what}",
        "add evidence or ask for fewer targets, which prunes the network",
    )


class Contractor:
    """Contractions over the variables ``names`` (plus the batch axis), paths cached."""

    def __init__(
        self,
        names: Sequence[str],
        families: Sequence[Sequence[str]] = (),
        cards: Mapping[str, int] | None = None,
    ):
        self._symbols = {n: symbol(i) for i, n in enumerate(names)}
        self._symbols[BATCH] = symbol(len(names))
        self._expressions: dict[tuple[Any, ...], ContractionPlan] = {}
        self._plans: dict[tuple[Any, ...], AdjointPlan] = {}
        self._families = [self._subscript(f) for f in families]
        self._cards = {self._symbols[n]: c for n, c in (cards or {}).items()}
        self._rank: dict[str, int] | None = None
        self._tiny: dict[str, Einsum] = {}  # products numpy.einsum runs, by this model's sizes
        self.planner = "order"  # or "greedy": opt_einsum's path, for comparisons

    @property
    def rank(self) -> dict[str, int] | None:
        """One elimination order for every query (found at the first, then kept), from the
        ``families`` (a CPT's parents and variable); None without them: each plan finds its
        own."""
        if self._rank is None and self._families:
            self._rank = elimination_order(self._families, self._cards)
        return self._rank

    def _new_plan(self, make: Callable[[Mapping[str, int] | None], Plan]) -> Plan:
        """``make(rank)``, along the model's order, except for the first plan (a cold
        query's): its own factors' order (found sooner), and the model's too only where
        its own builds a table over FILL_CELLS (planning twice cost andes' cold query 20 ->
        29 ms): the model's unless its own path beats it. A ``searchable`` plan (a search
        of its own order could find a leaner path) is made again with the search at its
        second use: a query asked once (the command line's) never pays for a search, one
        asked again runs the path it found (munin1: 2-4x fewer cells, at most one run's
        cost)."""
        if self._rank is not None or self._expressions or self._plans or not self._families:
            return make(self.rank)
        plan = make(None)
        if plan.largest <= FILL_CELLS:
            return plan
        other = make(self.rank)
        return plan if plan.cost.beats(other.cost) else other

    def contract(self, operands: Sequence[Operand], outputs: tuple[str, ...]) -> np.ndarray:
        """Sum the product of ``operands`` down to the axes ``outputs``."""
        plan, arrays, batched = self._plan(operands, outputs)
        return self._chunked(lambda ops: np.asarray(plan(ops)), arrays, batched, plan.peak)

    def contract_scaled(
        self, operands: Sequence[Operand], outputs: tuple[str, ...]
    ) -> tuple[np.ndarray, np.ndarray]:
        """The same sum divided by a positive scale (per batch member), and the log of that
        scale: for sums that would underflow (see ContractionPlan.scaled)."""
        plan, arrays, batched = self._plan(operands, outputs)
        batch = BATCH in outputs

        def run(ops: list[np.ndarray]) -> np.ndarray:
            value, log_scale = plan.scaled(ops)
            rows = np.asarray(value).reshape(
                -1 if batch else 1,
                int(np.prod(self._out_shape(operands, outputs[1:] if batch else outputs))),
            )
            logs = np.broadcast_to(log_scale, (rows.shape[0],))[:, None]
            return np.concatenate([logs, rows], axis=1)

        table = self._chunked(run, arrays, batched, plan.peak)
        if batch:
            shape = (table.shape[0], *self._out_shape(operands, outputs[1:]))
            return table[:, 1:].reshape(shape), table[:, 0]
        return table[0, 1:].reshape(self._out_shape(operands, outputs)), table[0, 0]

    def plan(self, operands: Sequence[Operand], outputs: tuple[str, ...]) -> ContractionPlan:
        """The plan of a contraction, made (and checked against the memory limit) now; a
        look, not a use (see :meth:`_new_plan`)."""
        return self._plan(operands, outputs, used=False)[0]

    def _plan(
        self, operands: Sequence[Operand], outputs: tuple[str, ...], used: bool = True
    ) -> tuple[ContractionPlan, list[np.ndarray], list[bool]]:
        subscripts, arrays, batched, shapes = self._prepare(operands)
        rows = _long_batch(arrays, batched)
        key = (tuple(subscripts), shapes, outputs, rows)
        plan = self._expressions.get(key)
        if plan is None or (used and plan.searchable and plan.uses):  # see _new_plan
            output, batch = self._subscript(outputs), self._symbols[BATCH]
            search = plan is not None
            plan = self._new_plan(
                lambda rank: ContractionPlan(
                    subscripts, shapes, output, batch, rank, self.planner, rows, self._tiny, search
                )
            )
            check_memory(plan.peak, "the tables it holds at once")
            self._expressions[key] = plan
        plan.uses += used
        return plan, arrays, batched

    @staticmethod
    def _out_shape(operands: Sequence[Operand], outputs: Sequence[str]) -> tuple[int, ...]:
        sizes = {a: n for array, axes in operands for a, n in zip(axes, array.shape, strict=True)}
        return tuple(sizes[o] for o in outputs)

    def marginals(
        self, operands: Sequence[Operand], wanted: dict[str, int], scaled: bool = False
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Z, log Z and, for each variable in ``wanted`` (name -> index of an operand with
        that axis), its unnormalized marginal: one forward and one reverse pass over a single
        path. With a batch axis Z has shape ``(batch,)`` and each marginal ``(batch, states)``.
        With ``scaled`` the marginals are known up to a positive factor per batch member.
        """
        apart = _apart([axes for _, axes in operands])
        if apart:
            return self._marginals_apart(operands, wanted, scaled, apart)
        return self._marginals_joined(operands, wanted, scaled)

    def _marginals_joined(
        self, operands: Sequence[Operand], wanted: dict[str, int], scaled: bool
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """:meth:`marginals` of operands none of which stands apart (see :func:`_apart`)."""
        subscripts, arrays, batched, shapes = self._prepare(operands)
        if not scaled and not any(batched) and small_enough(subscripts, shapes):
            symbols = {name: self._symbols[name] for name in wanted}
            return marginals_by_joint(subscripts, arrays, symbols)
        plan = self._adjoint_plan(subscripts, shapes, _long_batch(arrays, batched))
        leaves = [(i, self._symbols[name]) for name, i in wanted.items()]

        def joints(ops: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
            z, log_z, marginals = plan.marginals(ops, leaves, scaled)
            found = []
            for joint in marginals:
                if scaled:  # known up to a factor: bring each to a maximum of 1 before float
                    peak = joint.max(axis=-1, keepdims=True)
                    joint = joint / np.where(peak > 0, peak, 1)
                found.append(np.asarray(joint, dtype=float))
            return z, log_z, found

        if not any(batched):
            z, log_z, found = joints(arrays)
            return z, log_z, dict(zip(wanted, found, strict=True))

        def run(ops: list[np.ndarray]) -> np.ndarray:  # one row per batch member
            z, log_z, found = joints(ops)
            return np.concatenate([z[:, None], log_z[:, None], *found], axis=-1)

        table = self._chunked(run, arrays, batched, plan.member_cells)
        z, log_z, start, out = table[..., 0], table[..., 1], 2, {}
        for name in wanted:
            card = operands[wanted[name]][0].shape[operands[wanted[name]][1].index(name)]
            out[name] = table[..., start : start + card]
            start += card
        return z, log_z, out

    def _marginals_apart(
        self, operands: Sequence[Operand], wanted: dict[str, int], scaled: bool, apart: list[int]
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """:meth:`marginals` with the operands that share no axis with any other (scalars, a
        childless variable's CPT sliced at its observed parents, ...) summed on their own: Z
        is the product of their sums and the rest's, and no plan has steps for them."""
        kept = [i for i in range(len(operands)) if i not in apart]
        z, log_z = np.ones(()), np.zeros(())
        out: dict[str, np.ndarray] = {}
        position = {i: j for j, i in enumerate(kept)}
        if kept:
            inner = {n: position[i] for n, i in wanted.items() if i in position}
            z, log_z, out = self._marginals_joined([operands[i] for i in kept], inner, scaled)
        totals = [float(operands[i][0].sum()) for i in apart]  # (unbatched: plain floats)
        logs = [math.log(t) if t > 0 else -math.inf for t in totals]
        z, log_z = np.asarray(z * math.prod(totals)), np.asarray(log_z + math.fsum(logs))
        for name, i in wanted.items():
            if i not in position:
                array, axes = operands[i]
                others = tuple(a for a, axis in enumerate(axes) if axis != name)
                out[name] = array.sum(axis=others) if others else np.array(array, dtype=float)
        return z, log_z, out

    def family_posteriors(
        self,
        operands: Sequence[Operand],
        leaves: Sequence[int],
        members: Sequence[np.ndarray] | None = None,
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """log Z per batch member and, for each operand in ``leaves`` (unbatched, e.g. a CPT),
        the posterior joint of its variables summed over the batch members (each member's
        joint normalized to 1; with ``members``, per leaf a boolean per batch member saying
        which ones count): the expected counts of EM's E-step, from one forward and one
        reverse pass per chunk. A chunk whose sums underflow is redone with rescaled steps; a
        member whose evidence is impossible gets log Z = -inf and adds nothing."""
        subscripts, arrays, batched, shapes = self._prepare(operands)
        plan = self._adjoint_plan(subscripts, shapes, _long_batch(arrays, batched))
        size = next(a.shape[0] for b, a in zip(batched, arrays, strict=True) if b)
        step = max(1, BATCH_CELLS // plan.member_cells)
        totals = [np.zeros(arrays[leaf].shape) for leaf in leaves]
        logs = []
        for start in range(0, size, step):
            ops = [
                a[start : start + step] if b else a for b, a in zip(batched, arrays, strict=True)
            ]
            _, log_z, adjoints = plan.run(ops, needed=leaves)
            if not np.isfinite(log_z).all():  # underflow, or impossible members: rescale
                _, log_z, adjoints = plan.run(ops, scaled=True, needed=leaves)
            logs.append(log_z)
            for k, (total, leaf) in enumerate(zip(totals, leaves, strict=True)):
                joint = plan.leaf_joint(leaf, adjoints[leaf], ops[leaf])
                mass = joint.reshape(len(joint), -1).sum(axis=1)
                counted = mass > 0
                if members is not None:
                    counted &= members[k][start : start + step]
                weight = np.divide(1.0, mass, out=np.zeros_like(mass), where=counted)
                total += np.tensordot(weight, joint, axes=1)
        return np.concatenate(logs), totals

    def _adjoint_plan(
        self, subscripts: list[str], shapes: tuple[Any, ...], rows: bool
    ) -> AdjointPlan:
        key = (tuple(subscripts), shapes, rows)
        plan = self._plans.get(key)
        if plan is None or (plan.searchable and plan.uses):  # see _new_plan
            batch, search = self._symbols[BATCH], plan is not None
            plan = self._new_plan(
                lambda rank: AdjointPlan(
                    subscripts, shapes, batch, rank, self.planner, rows, self._tiny, search
                )
            )
            check_memory(plan.cells, "the tables of its forward and reverse passes")
            self._plans[key] = plan
        plan.uses += 1
        return plan

    def batch_cost(self, operands: Sequence[Operand], replan: bool = False) -> Cost:
        """What a forward and reverse pass over ``operands`` would cost, without compiling:
        products computed once, products computed per batch member (every adjoint is
        batched), the number of steps, and whether the batch would run in rows (see
        BATCH_LAST_CELLS). A step's products are the cells of all the axes it touches (a sum
        over a long axis costs its length per cell written). With ``replan``, the cheaper of
        the model's order and the operands' own (as a plan that builds more than
        REPLAN_CELLS chooses)."""
        subscripts, _, _, shapes = self._prepare(operands)
        sizes = {
            c: n
            for sub, shape in zip(subscripts, shapes, strict=True)
            for c, n in zip(sub, shape, strict=True)
        }
        batch = self._symbols[BATCH]
        output = batch if batch in sizes else ""
        paths = [order_path(subscripts, output, sizes, self.rank, batch=batch)]
        if replan and self.rank is not None:
            paths.append(order_path(subscripts, output, sizes, batch=batch))
        costs = [_pass_cost(merges, sizes, batch) for merges in paths]
        return min(costs, key=lambda c: c.shared + c.batched + c.steps)

    def cached(self) -> int:
        """How many contraction paths and adjoint plans are compiled."""
        return len(self._expressions) + len(self._plans)

    def largest_table(self) -> int:
        """Cells of the largest intermediate table of any compiled plan (per batch member)."""
        plans = [*self._expressions.values(), *self._plans.values()]
        return max((p.largest for p in plans), default=0)

    def built_cells(self) -> int:
        """Cells of all the intermediate tables the compiled plans build (per batch
        member; an adjoint plan's reverse pass counted too)."""
        plans = [*self._expressions.values(), *self._plans.values()]
        return sum(p.cells for p in plans)

    def _prepare(
        self, operands: Sequence[Operand]
    ) -> tuple[list[str], list[np.ndarray], list[bool], tuple[tuple[int, ...], ...]]:
        subscripts = [self._subscript(axes) for _, axes in operands]
        arrays = [array for array, _ in operands]
        batched = [bool(axes) and axes[0] == BATCH for _, axes in operands]
        shapes = tuple(
            (1, *a.shape[1:]) if b else a.shape for b, a in zip(batched, arrays, strict=True)
        )
        return subscripts, arrays, batched, shapes

    def _subscript(self, axes: Sequence[str]) -> str:
        return "".join(self._symbols[a] for a in axes)

    @staticmethod
    def _chunked(
        run: Callable[[list[np.ndarray]], np.ndarray],
        arrays: list[np.ndarray],
        batched: list[bool],
        largest: int,
    ) -> np.ndarray:
        if not any(batched):
            return run(arrays)
        size = next(a.shape[0] for b, a in zip(batched, arrays, strict=True) if b)
        step = max(1, BATCH_CELLS // largest)
        parts = [
            run([a[i : i + step] if b else a for b, a in zip(batched, arrays, strict=True)])
            for i in range(0, size, step)
        ]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _apart(axes: Sequence[tuple[str, ...]]) -> list[int]:
    """The operands that share no axis with any other (none in a batch: the batch axis is
    shared by all of its members)."""
    held = Counter(chain.from_iterable(axes))
    if held[BATCH]:
        return []
    return [i for i, names in enumerate(axes) if all(held[a] == 1 for a in names)]


def _long_batch(arrays: Sequence[np.ndarray], batched: Sequence[bool]) -> bool:
    """Whether the batch is long enough to run along rows (see BATCH_ROWS)."""
    sizes = [a.shape[0] for a, b in zip(arrays, batched, strict=True) if b]
    return bool(sizes) and max(sizes) >= BATCH_ROWS


def _pass_cost(merges: Sequence[Merge], sizes: Mapping[str, int], batch: str) -> Cost:
    """What a forward and reverse pass along ``merges`` costs."""
    shared = batched = 0
    for merge in merges:
        cells = merge.products(sizes)
        batched += cells
        if any(batch in term for term in merge.terms):
            batched += cells
        else:
            shared += cells
    rows = batch in sizes and largest_table(merges)[0] <= BATCH_LAST_CELLS
    return Cost(shared, batched, len(merges) * 3, rows)
