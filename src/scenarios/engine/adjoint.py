"""All marginals from one contraction by a reverse pass.

An :class:`AdjointPlan` (a :class:`~scenarios.engine.plan.ContractionPlan` with its reverse
pass) contracts every factor to
Z = P(evidence) and then walks the path backwards: the derivative of Z with respect to one
factor is the product of all the *other* factors summed down to that factor's axes, so
``adjoint * factor`` is the unnormalized joint of the factor's variables with the evidence. The
backward sweep costs about twice the forward one, so all posteriors cost about three
contractions instead of one per target (Darwiche's differential approach on a contraction tree).
Where a forward step ran as a stack of matrix products, its reverse products multiply the same
stacks the other way round (:func:`~scenarios.engine.pairwise.adjoint`): no operand is laid
out for a matrix product twice.
An adjoint is held only on the axes it varies along (below, the CPT's adjoint does not vary
with ``b``, which nothing else holds), never broadcast to its factor's shape.

Example:
    >>> import numpy as np
    >>> plan = AdjointPlan(["a", "ab"], [(2,), (2, 2)], batch="")
    >>> z, _, adjoints = plan.run([np.array([0.3, 0.7]), np.array([[0.9, 0.1], [0.2, 0.8]])])
    >>> float(z), plan.held_subscript(1), adjoints[1].round(2).tolist()
    (1.0, 'a', [0.3, 0.7])
    >>> plan.full_adjoint(1, adjoints[1], 1).round(2).tolist()
    [[0.3, 0.3], [0.7, 0.7]]
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np

from scenarios.engine.pairwise import (
    Einsum,
    Kept,
    adjoint,
    compile_einsum,
    grid,
    kept_terms,
    runs_as_einsum,
)
from scenarios.engine.plan import ContractionPlan, Reverse, Step


class Incoming:
    """The adjoint of a step's output, and the stacks of matrices its forward product kept
    (None where it kept none); laid out as that product's result once, when first asked."""

    def __init__(self, adjoint: np.ndarray, kept: Kept | None):
        self.adjoint, self.kept = adjoint, kept
        self._grid: np.ndarray | None = None

    def grid(self, product: Einsum) -> np.ndarray:
        if self._grid is None:
            assert self.kept is not None
            self._grid = grid(product, self.adjoint, self.kept)
        return self._grid


class AdjointPlan(ContractionPlan):
    """A contraction to the batch axis (or to a scalar) with its reverse pass."""

    def __init__(
        self,
        subscripts: Sequence[str],
        shapes: Sequence[tuple[int, ...]],
        batch: str,
        rank: Mapping[str, int] | None = None,
        planner: str = "order",
        rows: bool = True,
        tiny: dict[str, Einsum] | None = None,
        search: bool = False,
    ):
        batched = bool(batch) and any(s.startswith(batch) for s in subscripts)
        output = batch if batched else ""
        super().__init__(subscripts, shapes, output, batch, rank, planner, rows, tiny, search)
        self.member_cells += self.cells  # values and adjoints are held at once; every
        self.cells *= 2  # adjoint is per batch member
        self._marginals: dict[tuple[int, str | None, bool], Einsum] = {}
        # the axes each slot's adjoint is held on: only those it varies along (an operand's
        # axes that nothing else holds are summed on their own, its adjoint is constant there)
        self._held: dict[int, str] = {self._root: self.output}

    def _reverse(self, step: Step, k: int) -> Reverse:
        """How the adjoint of input ``k`` of ``step`` is made (see :class:`Reverse`), and the
        axes it is held on recorded."""
        terms = step.terms
        target = self.adjoint_subscript(terms[k])
        incoming = self._held[step.output]
        reachable = incoming + "".join(_others(terms, k))
        kept = "".join([c for c in target if c in reachable])
        self._held[step.inputs[k]] = kept
        matrix_terms = kept_terms(step.forward)
        mirrored = (
            matrix_terms is not None
            and incoming == self._subs[step.output]
            and matrix_terms[k] == kept
        )
        others = tuple(_others(list(step.inputs), k))
        # a tiny step's reverse products are tiny too, unless its output's adjoint has the
        # batch axis (every adjoint of a batched plan: a shared factor's too)
        tiny = runs_as_einsum(step.forward) and not (self._batch and self._batch in incoming)
        return Reverse(kept, mirrored, None, tiny, others)

    def _reverse_einsum(self, step: Step, k: int, reverse: Reverse) -> Reverse:
        """``reverse`` with its einsum compiled: the output's adjoint times the others."""
        equation = ",".join([self._held[step.output], *_others(step.terms, k)])
        equation += "->" + reverse.kept
        einsum = compile_einsum(equation, self._sizes, self._batch, self._tiny)
        return reverse._replace(einsum=einsum)

    def held_subscript(self, slot: int) -> str:
        """The axes the adjoint of ``slot`` (as :meth:`run` returns it) is held on."""
        return self._held.get(slot, self.adjoint_subscript(self._subs[slot]))

    def adjoint_subscript(self, sub: str) -> str:
        """Adjoints keep the batch axis even where the operand has none: each batch member has
        its own adjoint of a shared factor."""
        if not self.output or self.batch in sub:
            return sub
        return sub + self.batch if self.batch_last else self.batch + sub

    def marginal(
        self, leaf: int, symbol: str, adjoint: np.ndarray, operand: np.ndarray
    ) -> np.ndarray:
        """Sum ``adjoint * operand`` of one leaf down to the axis ``symbol`` (and the batch):
        one compiled einsum (numpy's own for small tables, a matrix product per batch member
        for a batch)."""
        sub = self.subscripts[leaf]
        key = (leaf, symbol, False)
        out = symbol + self.output if self.batch_last else self.output + symbol
        if key not in self._marginals:
            equation = f"{self.held_subscript(leaf)},{sub}->{out}"
            self._marginals[key] = compile_einsum(equation, self._sizes, self._batch, self._tiny)
        joint = self._marginals[key](adjoint, self.laid_out(leaf, operand))
        return np.asarray(self.given_layout(joint, out))

    def leaf_joint(self, leaf: int, adjoint: np.ndarray, operand: np.ndarray) -> np.ndarray:
        """``adjoint * operand`` of one leaf on all of its own axes (batch first): the
        unnormalized joint of the leaf's variables with the evidence (a CPT's family)."""
        key = (leaf, None, False)
        sub = self.subscripts[leaf]
        kept = sub.replace(self.output, "") if self.output else sub
        out = kept + self.output if self.batch_last else self.output + kept
        if key not in self._marginals:
            equation = f"{self.held_subscript(leaf)},{sub}->{out}"
            self._marginals[key] = compile_einsum(equation, self._sizes, self._batch, self._tiny)
        joint = self._marginals[key](adjoint, self.laid_out(leaf, operand))
        return np.asarray(self.given_layout(joint, out))

    def run(
        self,
        operands: Sequence[np.ndarray],
        scaled: bool = False,
        needed: Collection[int] | None = None,
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Z and log Z (per batch member) and the adjoint of every operand (in the plan's
        layout: read them with :meth:`marginal` and :meth:`leaf_joint`; broadcast views where
        an adjoint does not vary along an axis).

        With ``scaled`` every intermediate and every adjoint is rescaled to a maximum of 1 as
        it is made: log Z stays exact where Z itself would underflow, and each adjoint is then
        known only up to a positive factor per batch member, which normalizing a marginal
        removes. With ``needed``, only those operands get their adjoint (the others None):
        evidence vectors, for one, are never read back.
        """
        z, log_z, adjoints, _ = self._passes(operands, scaled, needed, {})
        return z, log_z, adjoints

    def marginals(
        self,
        operands: Sequence[np.ndarray],
        wanted: Sequence[tuple[int, str]],
        scaled: bool = False,
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Z, log Z and, for each (leaf, axis) in ``wanted``, the leaf's unnormalized
        marginal on that axis (batch first; see :meth:`marginal`): one forward and one
        reverse pass. A leaf asked once whose adjoint would be an einsum of its step's
        output adjoint and the other inputs gets its marginal from one einsum of those and
        itself, its adjoint never made (not where ``scaled``: adjoints are rescaled)."""
        asked: dict[int, str | None] = {}
        for leaf, symbol in wanted:  # None: asked for more than one axis
            asked[leaf] = None if leaf in asked else symbol
        fused = {} if scaled else {leaf: s for leaf, s in asked.items() if s is not None}
        z, log_z, adjoints, found = self._passes(operands, scaled, asked.keys(), fused)
        joints = [
            found[leaf] if leaf in found else self.marginal(leaf, s, adjoints[leaf], operands[leaf])
            for leaf, s in wanted
        ]
        return z, log_z, joints

    def _passes(
        self,
        operands: Sequence[np.ndarray],
        scaled: bool,
        needed: Collection[int] | None,
        fused: Mapping[int, str],
    ) -> tuple[np.ndarray, np.ndarray, list[Any], dict[int, np.ndarray]]:
        """:meth:`run`, and the marginals of the leaves in ``fused`` that :meth:`marginals`
        makes in one einsum (those leaves get no adjoint)."""
        if self._steps and not self._steps[-1].backward:  # planned when first run
            for step in reversed(self._steps):
                step.backward = [self._reverse(step, k) for k in range(len(step.inputs))]
        matrices: list[Kept | None] = []
        values, log_scale = self._forward(operands, True, scaled, matrices)
        leaves = len(operands)
        adjoints: list[Any] = [None] * len(values)
        adjoints[self._root] = np.ones((self._batch_size(values[:leaves]),) if self.output else ())
        found: dict[int, np.ndarray] = {}
        for index in range(len(self._steps) - 1, -1, -1):
            step = self._steps[index]
            incoming = Incoming(adjoints[step.output], matrices[index])
            for k, slot in enumerate(step.inputs):
                if slot < leaves and needed is not None and slot not in needed:
                    continue  # a leaf whose adjoint nobody reads
                if slot in fused and step.backward[k].tiny:
                    found[slot] = self._fused_marginal(step, k, fused[slot], values, incoming)
                    continue
                reduced = self._adjoint(step, k, values, incoming)
                if scaled:
                    reduced = self.rescale(reduced, self._held[slot])[0]
                adjoints[slot] = reduced
            adjoints[step.output] = None
            for i in step.inputs:
                if i >= leaves:
                    values[i] = None
        root = np.asarray(values[self._root])
        with np.errstate(divide="ignore"):
            log_z = np.asarray(np.log(root) + log_scale, dtype=float)
        return (np.exp(log_z) if scaled else root), log_z, adjoints[:leaves], found

    def _fused_marginal(
        self, step: Step, k: int, symbol: str, values: list[Any], incoming: Incoming
    ) -> np.ndarray:
        """The marginal on ``symbol`` of leaf input ``k`` of ``step``: its output's adjoint
        and the step's inputs (the leaf among them), in one einsum."""
        key = (step.inputs[k], symbol, True)
        out = symbol + self.output if self.batch_last else self.output + symbol
        if key not in self._marginals:
            equation = ",".join([self._held[step.output], *step.terms]) + "->" + out
            self._marginals[key] = compile_einsum(equation, self._sizes, self._batch, self._tiny)
        joint = self._marginals[key](incoming.adjoint, *[values[i] for i in step.inputs])
        return np.asarray(self.given_layout(joint, out))

    def _adjoint(self, step: Step, k: int, values: list[Any], incoming: Incoming) -> np.ndarray:
        """The adjoint of input ``k`` of ``step``: from the matrices its forward product
        multiplied where it kept them, else an einsum of the output's adjoint and the other
        inputs."""
        reverse = step.backward[k]
        if reverse.mirrored and incoming.kept is not None:
            return adjoint(step.forward, k, incoming.grid(step.forward), incoming.kept)
        if reverse.einsum is None:
            reverse = step.backward[k] = self._reverse_einsum(step, k, reverse)
        assert reverse.einsum is not None
        return np.asarray(reverse.einsum(incoming.adjoint, *[values[i] for i in reverse.others]))

    def full_adjoint(self, slot: int, adjoint: np.ndarray, size: int) -> np.ndarray:
        """An adjoint as :meth:`run` holds it, broadcast over all of its operand's axes."""
        target = self.adjoint_subscript(self._subs[slot])
        shape = tuple(size if c == self.batch else self._sizes[c] for c in target)
        return np.broadcast_to(self._aligned(slot, adjoint, size), shape)

    def _aligned(self, slot: int, adjoint: np.ndarray, size: int) -> np.ndarray:
        """A held adjoint with axes of length 1 where its operand has axes it lacks."""
        held = self.held_subscript(slot)
        target = self.adjoint_subscript(self._subs[slot])
        lengths = [size if c == self.batch else self._sizes[c] for c in target]
        return np.asarray(adjoint).reshape(
            [n if c in held else 1 for n, c in zip(lengths, target, strict=True)]
        )

    def _batch_size(self, operands: Sequence[np.ndarray]) -> int:
        for sub, op in zip(self.subscripts, operands, strict=True):
            if self.output and self.batch in sub:
                return int(op.shape[sub.index(self.batch)])
        return 1


def _others(items: list[Any], k: int) -> list[Any]:
    """The inputs of a step other than its ``k``-th."""
    return items[:k] + items[k + 1 :]
