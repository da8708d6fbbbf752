"""The reverse pass: each operand's adjoint is the product of all other operands summed down to
that operand's axes (checked against a direct einsum), per batch member when there is a batch."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from scenarios.engine import adjoint as adjoint_module
from scenarios.engine import pairwise
from scenarios.engine import plan as plan_module
from scenarios.engine.adjoint import AdjointPlan
from scenarios.engine.contraction import Contractor

LETTERS = "abcde"
BATCH = "z"


@st.composite
def factor_graphs(draw, largest_axis: int = 3, axes_per_factor: int = 3):
    sizes = {c: draw(st.integers(1, largest_axis)) for c in LETTERS}
    count = draw(st.integers(1, 5))
    batched = draw(st.booleans())
    batch_size = draw(st.integers(1, 4))
    subscripts, arrays = [], []
    for _ in range(count):
        axes = "".join(
            draw(st.lists(st.sampled_from(LETTERS), max_size=axes_per_factor, unique=True))
        )
        on_batch = batched and draw(st.booleans())
        sub = (BATCH if on_batch else "") + axes
        shape = ((batch_size,) if on_batch else ()) + tuple(sizes[c] for c in axes)
        seed = draw(st.integers(0, 2**32 - 1))
        subscripts.append(sub)
        arrays.append(np.random.default_rng(seed).uniform(0.1, 1.0, shape))
    return subscripts, arrays


def compile_shape(sub: str, array: np.ndarray) -> tuple[int, ...]:
    return (1, *array.shape[1:]) if sub.startswith(BATCH) else array.shape


@settings(max_examples=300, deadline=None)
@given(factor_graphs(), st.sampled_from([0, plan_module.BATCH_LAST_CELLS]))
def test_adjoints_are_products_of_the_other_operands(graph, batch_last_cells):
    """In both layouts: the batch axis first, or (small tables) last."""
    subscripts, arrays = graph
    shapes = [compile_shape(s, a) for s, a in zip(subscripts, arrays, strict=True)]
    with patch.object(plan_module, "BATCH_LAST_CELLS", batch_last_cells):
        plan = AdjointPlan(subscripts, shapes, BATCH)
    assert plan.batch_last == (batch_last_cells > 0 and any(BATCH in s for s in subscripts))
    z, _, adjoints = plan.run(arrays)
    out = plan.output
    np.testing.assert_allclose(z, np.einsum(",".join(subscripts) + "->" + out, *arrays), rtol=1e-12)
    # adjoints come in the plan's layout (a small batch runs with its axis last), held on
    # the axes they vary along
    size = next((a.shape[0] for s, a in zip(subscripts, arrays, strict=True) if BATCH in s), 1)
    subscripts = plan.subscripts
    arrays = [plan.laid_out(i, a) for i, a in enumerate(arrays)]
    for i, sub in enumerate(subscripts):
        others = [s for j, s in enumerate(subscripts) if j != i]
        rest = [a for j, a in enumerate(arrays) if j != i]
        target = plan.adjoint_subscript(sub)
        full = plan.full_adjoint(i, adjoints[i], size)
        expected = np.einsum(
            ",".join([*others, target]) + "->" + target, *rest, np.ones(full.shape)
        )
        np.testing.assert_allclose(full, expected, rtol=1e-12)
        held = plan.held_subscript(i)
        assert np.shape(adjoints[i]) == tuple(full.shape[target.index(c)] for c in held)


@settings(max_examples=150, deadline=None)
@given(
    factor_graphs(largest_axis=7, axes_per_factor=5),
    st.booleans(),
    st.sampled_from([0, pairwise.ARRANGED_CELLS]),
)
def test_reverse_products_from_the_kept_matrices_are_the_adjoints(graph, scaled, laid_out):
    """Tables too large for numpy's einsum run as matrix products; their reverse pass
    multiplies the kept matrices the other way round (and, from the second run, drops the
    intermediates nothing else reads). Every adjoint equals the reverse einsums', in the
    first run and in later ones, rescaled or not."""
    subscripts, arrays = graph
    shapes = [compile_shape(s, a) for s, a in zip(subscripts, arrays, strict=True)]
    plan = AdjointPlan(subscripts, shapes, BATCH)
    with (  # 0: every adjoint of an operand read in place is laid out as it is, and every
        patch.object(pairwise, "ARRANGED_CELLS", laid_out),  # operand with contracted axes
        patch.object(pairwise, "SPLIT_CELLS", laid_out),  # among its batch axes read in place
    ):
        first = plan.run(arrays, scaled)
        second = plan.run(arrays, scaled)
    mirrored = [r.mirrored for step in plan._steps for r in step.backward if r is not None]
    event(f"reverse products from kept matrices: {sum(mirrored) > 0}")
    with patch.object(adjoint_module, "kept_terms", lambda product: None):
        by_einsum = AdjointPlan(subscripts, shapes, BATCH).run(arrays, scaled)
    for found in (first, second):
        np.testing.assert_allclose(found[0], by_einsum[0], rtol=1e-12)
        for mine, theirs in zip(found[2], by_einsum[2], strict=True):
            np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-300)


@settings(max_examples=150, deadline=None)
@given(factor_graphs(), st.data())
def test_only_the_adjoints_asked_for_are_made_and_they_are_the_same(graph, data):
    """A query reads the adjoints of its targets' leaves only: the others are skipped (a few
    targets on a large network cost less), and those made equal the full pass's."""
    subscripts, arrays = graph
    shapes = [compile_shape(s, a) for s, a in zip(subscripts, arrays, strict=True)]
    plan = AdjointPlan(subscripts, shapes, BATCH)
    needed = data.draw(st.sets(st.integers(0, len(arrays) - 1)))
    z_all, _, every = plan.run(arrays)
    z, _, some = plan.run(arrays, needed=needed)
    np.testing.assert_allclose(z, z_all, rtol=1e-12)
    for i in range(len(arrays)):
        if i in needed:
            np.testing.assert_allclose(some[i], every[i], rtol=1e-12)
        elif i not in plan_inputs_of_root(plan):
            assert some[i] is None


def plan_inputs_of_root(plan: AdjointPlan) -> set[int]:
    """Leaves no step takes (a lone operand that is the result itself) get the root's ones."""
    taken = {i for step in plan._steps for i in step.inputs}
    return set(range(len(plan.subscripts))) - taken


def test_marginals_of_a_chain_by_hand():
    """rain -> wet: P(rain | wet=wet) = 0.16 / 0.24 and P(wet) = [0.76, 0.24]."""
    contractor = Contractor(["rain", "wet"])
    prior, cpt = np.array([0.8, 0.2]), np.array([[0.9, 0.1], [0.2, 0.8]])
    z, _, joints = contractor.marginals(
        [(prior, ("rain",)), (cpt, ("rain", "wet"))], {"rain": 0, "wet": 1}
    )
    assert float(z) == 1.0
    np.testing.assert_allclose(joints["wet"], [0.76, 0.24], rtol=1e-15)
    z, _, joints = contractor.marginals([(prior, ("rain",)), (cpt[:, 1], ("rain",))], {"rain": 0})
    np.testing.assert_allclose(z, 0.24, rtol=1e-15)
    np.testing.assert_allclose(joints["rain"] / z, [0.08 / 0.24, 0.16 / 0.24], rtol=1e-15)


def test_batched_marginals_are_chunked_without_changing_answers(monkeypatch):
    import scenarios.engine.contraction as contraction

    rng = np.random.default_rng(0)
    prior = rng.dirichlet(np.ones(3), size=50)
    cpt = rng.dirichlet(np.ones(2), size=3)
    operands = [(prior, (contraction.BATCH, "a")), (cpt, ("a", "b"))]
    whole = Contractor(["a", "b"]).marginals(operands, {"a": 0, "b": 1})
    monkeypatch.setattr(contraction, "BATCH_CELLS", 7)
    chunked = Contractor(["a", "b"]).marginals(operands, {"a": 0, "b": 1})
    np.testing.assert_allclose(chunked[0], whole[0], rtol=1e-15)
    for name in ("a", "b"):
        np.testing.assert_allclose(chunked[2][name], whole[2][name], rtol=1e-15)
    np.testing.assert_allclose(whole[2]["b"], prior @ cpt, rtol=1e-12)


@settings(max_examples=300, deadline=None)
@given(factor_graphs(largest_axis=7, axes_per_factor=4), st.booleans(), st.data())
def test_marginals_of_leaves_are_their_sums_of_the_whole_product(graph, scaled, data):
    """Each (leaf, axis) asked gets the whole product summed to that axis (and the batch),
    up to a positive factor per batch member when ``scaled``: taken in one einsum with its
    step where that step runs as numpy's einsum, from the adjoint otherwise, and leaves
    asked for two axes (or twice) get each."""
    subscripts, arrays = graph
    shapes = [compile_shape(s, a) for s, a in zip(subscripts, arrays, strict=True)]
    plan = AdjointPlan(subscripts, shapes, BATCH)
    choices = [(i, c) for i, sub in enumerate(subscripts) for c in sub if c != BATCH]
    if not choices:
        return
    wanted = data.draw(st.lists(st.sampled_from(choices), min_size=1, max_size=6))
    z, _, joints = plan.marginals(arrays, wanted, scaled)
    fused = [r.tiny for step in plan._steps for r in step.backward]
    event(f"some step runs as numpy's einsum: {any(fused)}; all do: {all(fused)}")
    lead = BATCH if any(BATCH in s for s in subscripts) else ""
    whole = ",".join(subscripts)
    np.testing.assert_allclose(z, np.einsum(f"{whole}->{lead}", *arrays), rtol=1e-12)
    for (_, axis), joint in zip(wanted, joints, strict=True):
        expected = np.einsum(f"{whole}->{lead}{axis}", *arrays)
        if scaled:  # up to a positive factor per batch member
            joint = joint / joint.sum(axis=-1, keepdims=True)
            expected = expected / expected.sum(axis=-1, keepdims=True)
        np.testing.assert_allclose(joint, expected, rtol=1e-10)
