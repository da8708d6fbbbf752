"""Every compiled pairwise product equals numpy's einsum, on each of its ways: a stack of
matrix products, one einsum with the shared axes last (many tiny products, as a batch of
evidence sets makes), one einsum along rows where a long shared axis is already last in
both operands and the result (a batch laid out last), and the operands swapped where that
axis is on the first operand only."""

from __future__ import annotations

from functools import partial
from unittest.mock import patch

import numpy as np
import opt_einsum
from hypothesis import event, given, settings
from hypothesis import strategies as st

from scenarios.engine import pairwise
from scenarios.engine.pairwise import compile_einsum
from scenarios.engine.symbols import symbol

LETTERS = "abcdef"
WIDE = "z"  # an axis both operands share and keep: a batch of evidence sets


@st.composite
def products(draw):
    sizes = {c: draw(st.integers(1, 3)) for c in LETTERS}
    sizes[WIDE] = draw(st.sampled_from([1, 5, pairwise.WIDE_BATCH, pairwise.WIDE_BATCH + 37]))
    a = "".join(draw(st.permutations(sorted(draw(st.sets(st.sampled_from(LETTERS), max_size=4))))))
    b = "".join(draw(st.permutations(sorted(draw(st.sets(st.sampled_from(LETTERS), max_size=4))))))
    on = draw(st.sampled_from(["", "a", "b", "ab"]))  # which terms hold the wide axis
    last = draw(st.booleans())  # last everywhere (a batch laid out last), else anywhere
    if "a" in on:
        a = _insert(a, WIDE, len(a) if last else draw(st.integers(0, len(a))))
    if "b" in on:
        b = _insert(b, WIDE, len(b) if last else draw(st.integers(0, len(b))))
    present = sorted(set(a + b))
    out = "".join(draw(st.permutations([c for c in present if c == WIDE or draw(st.booleans())])))
    if last and WIDE in out:
        out = out.replace(WIDE, "") + WIDE
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.uniform(0.1, 1.0, [sizes[c] for c in a])
    y = rng.uniform(0.1, 1.0, [sizes[c] for c in b])
    return f"{a},{b}->{out}", x, y


def _insert(term: str, c: str, at: int) -> str:
    return term[:at] + c + term[at:]


@settings(max_examples=400, deadline=None)
@given(products())
def test_a_compiled_product_is_numpys_einsum(case):
    equation, x, y = case
    product = compile_einsum(equation, {})
    np.testing.assert_allclose(product(x, y), np.einsum(equation, x, y), rtol=1e-12, atol=1e-300)
    assert product(x, y).shape == np.einsum(equation, x, y).shape


def test_the_wide_way_is_taken_for_many_tiny_products_only(monkeypatch):
    einsum, calls = np.einsum, []
    monkeypatch.setattr(pairwise.np, "einsum", lambda *a: calls.append(a) or einsum(*a))
    rng = np.random.default_rng(0)
    product = compile_einsum("zab,zbc->zac", {})
    x, y = rng.random((pairwise.WIDE_BATCH, 2, 3)), rng.random((pairwise.WIDE_BATCH, 3, 2))
    np.testing.assert_allclose(product(x, y), np.matmul(x, y), rtol=1e-12)
    assert len(calls) == 1  # 12 products of 2 x 3 x 2 for each of 256 members: one einsum
    x, y = rng.random((4, 2, 3)), rng.random((4, 3, 2))
    np.testing.assert_allclose(product(x, y), np.matmul(x, y), rtol=1e-12)
    x, y = rng.random((pairwise.WIDE_BATCH, 8, 8)), rng.random((pairwise.WIDE_BATCH, 8, 8))
    np.testing.assert_allclose(product(x, y), np.matmul(x, y), rtol=1e-12)
    assert len(calls) == 1  # a few members, or larger products: matrix products


def test_a_batch_laid_out_last_runs_along_rows_or_as_one_matrix_product(monkeypatch):
    """Shared by both operands: one einsum, nothing transposed; on one operand only: one
    matrix product with that operand second, so the batch axis comes out last and
    contiguous (the next step reads along it)."""
    rng = np.random.default_rng(0)
    rows = pairwise.BATCH_ROWS
    x, y, shared = rng.random((2, 3, rows)), rng.random((3, 4, rows)), rng.random((3, 4))
    expected = np.einsum("abz,bcz->acz", x, y), np.einsum("abz,bc->acz", x, shared)
    einsum, calls = np.einsum, []
    monkeypatch.setattr(pairwise.np, "einsum", lambda *a: calls.append(a) or einsum(*a))
    got = compile_einsum("abz,bcz->acz", {})(x, y)
    np.testing.assert_allclose(got, expected[0], rtol=1e-12)
    assert len(calls) == 1
    got = compile_einsum("abz,bc->acz", {})(x, shared)
    np.testing.assert_allclose(got, expected[1], rtol=1e-12)
    assert len(calls) == 1 and got.strides[-1] == got.itemsize


@settings(max_examples=200, deadline=None)
@given(products(), st.booleans())
def test_a_tiny_product_is_numpys_einsum_whatever_its_indices_are_called(case, wide_names):
    """Products over at most TINY_CELLS cells run as numpy.einsum, their indices renamed to
    letters where they are not (a network of more than 52 variables has other symbols)."""
    equation, x, y = case
    named = {c: chr(0x100 + i) if wide_names else c for i, c in enumerate(LETTERS + WIDE)}
    renamed = "".join(named.get(c, c) for c in equation)
    sizes = dict(zip(equation.split("->")[0].replace(",", ""), [*x.shape, *y.shape], strict=True))
    sizes = {named[c]: n for c, n in sizes.items()}
    kept: dict[str, pairwise.Einsum] = {}
    pairwise.clear_compiled()  # none compiled by the matmul way for another size
    product = compile_einsum(renamed, sizes, tiny=kept)
    np.testing.assert_allclose(product(x, y), np.einsum(equation, x, y), rtol=1e-12, atol=1e-300)
    assert np.shape(product(x, y)) == np.einsum(equation, x, y).shape
    cells = int(np.prod(list(sizes.values())))
    assert (renamed in kept) == (cells <= pairwise.TINY_CELLS)
    if WIDE in equation:  # an index sized only when it runs (a batch axis): never tiny
        long = compile_einsum(renamed, sizes, long=named[WIDE], tiny={})
        assert not isinstance(long, partial)


def _order(array: np.ndarray) -> list[int]:
    """The axes of ``array`` (longer than 1) from the largest stride to the smallest."""
    long = [i for i in range(array.ndim) if array.shape[i] > 1]
    return sorted(long, key=lambda i: -array.strides[i])


def _laid_out(array: np.ndarray, order: list[int]) -> np.ndarray:
    """``array`` as it is, seen through memory laid out in another axis order."""
    if array.ndim == 0:
        return array
    inverse = [int(i) for i in np.argsort(order)]
    return np.ascontiguousarray(array.transpose(order)).transpose(inverse)


@settings(max_examples=300, deadline=None)
@given(
    products(),
    st.randoms(use_true_random=False),
    st.sampled_from([0, pairwise.ARRANGED_CELLS]),
    st.sampled_from([0, pairwise.SPLIT_CELLS]),
)
def test_the_reverse_products_are_the_derivatives_whatever_the_layouts(case, rnd, laid_out, split):
    """A matrix product's reverse pass (its kept matrices multiplied the other way round,
    the output's adjoint laid out as it wrote its result) equals the derivative of
    sum(incoming * product) with respect to each operand, however the operands and the
    incoming adjoint are laid out in memory (views, copies in any axis order), and whether
    an adjoint is written as its operand is laid out (large operands read in place) or
    as the product's matrices are, and whether a larger operand with contracted axes among
    its batch axes is read in place (those axes summed after the products)."""
    equation, x, y = case
    with (  # 0: every size takes those ways
        patch.object(pairwise, "ARRANGED_CELLS", laid_out),
        patch.object(pairwise, "SPLIT_CELLS", split),
    ):
        _check_reverse_products(equation, x, y, rnd)


def _check_reverse_products(equation, x, y, rnd):
    product = compile_einsum(equation, {})
    x = _laid_out(x, rnd.sample(range(x.ndim), x.ndim))
    y = _laid_out(y, rnd.sample(range(y.ndim), y.ndim))
    result, kept = pairwise.keeping(product, x, y)
    np.testing.assert_allclose(result, np.einsum(equation, x, y), rtol=1e-12, atol=1e-300)
    terms = pairwise.kept_terms(product)
    if kept is None:
        return
    assert terms is not None
    (a, b), out = equation.split("->")[0].split(","), equation.split("->")[1]
    rng = np.random.default_rng(rnd.getrandbits(32))
    incoming = _laid_out(
        rng.uniform(0.1, 1.0, result.shape), rnd.sample(range(result.ndim), result.ndim)
    )
    grid = pairwise.grid(product, incoming, kept)
    x_kept = np.einsum(f"{a}->{terms[0]}", x)  # the axes x alone holds summed first
    y_kept = np.einsum(f"{b}->{terms[1]}", y)
    expected = [
        np.einsum(f"{out},{terms[1]}->{terms[0]}", incoming, y_kept),
        np.einsum(f"{out},{terms[0]}->{terms[1]}", incoming, x_kept),
    ]
    for k in (0, 1):
        found = pairwise.adjoint(product, k, grid, kept)
        np.testing.assert_allclose(found, expected[k], rtol=1e-12, atol=1e-300)
        if isinstance(kept, pairwise.Split):
            event("a split product")
        operand = _read_in_place(product, kept, k, (x, y)[k])
        if operand is not None:
            event("an adjoint laid out as its operand")
            assert _order(found) == _order(operand)


def _read_in_place(product, kept, k: int, operand: np.ndarray) -> np.ndarray | None:
    """Operand ``k`` (given order; its axes summed on their own gone) where the product
    read it in place, no copy made, and laid its operands out by their memory (large ones
    do: small ones as their terms are); else None."""
    if isinstance(kept, pairwise.Split):
        return kept.views[k ^ isinstance(product, pairwise._Swapped)]
    stack = (kept.left, kept.right)[k ^ isinstance(product, pairwise._Swapped)]
    arranged = kept.arrangement is not None
    return operand if arranged and np.may_share_memory(stack, operand) else None


@st.composite
def contracted_among_batch(draw):
    """``x`` (the larger) laid out batch, contracted, batch, own, contracted: the contracted
    axis among the batch axes stays there (summed after the products); ``y`` any layout."""
    size = st.integers(2, 4)
    batch, among, own, inner, right = "ab", "q", "l", "s", "r"
    sizes = {c: draw(size) for c in batch + among + own + inner + right}
    sizes[own], sizes[right] = draw(st.integers(3, 5)), 2  # x the larger
    memory = [batch[0], among, batch[1], *draw(st.permutations([own, inner]))]
    term = "".join(draw(st.permutations(memory)))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x_memory = rng.uniform(0.1, 1.0, [sizes[c] for c in memory])
    x = x_memory.transpose([memory.index(c) for c in term])
    y_term = "".join(draw(st.permutations(batch + among + inner + right)))
    y = rng.uniform(0.1, 1.0, [sizes[c] for c in y_term])
    y = _laid_out(y, draw(st.permutations(range(y.ndim))))
    out = "".join(draw(st.permutations(batch + own + right)))
    return f"{term},{y_term}->{out}", x, y


@settings(max_examples=300, deadline=None)
@given(contracted_among_batch(), st.randoms(use_true_random=False), st.booleans())
def test_a_contracted_axis_among_batch_axes_is_summed_after_the_products(case, rnd, laid_out):
    """The larger operand is read in place (no copy), the products summed along the
    contracted axis it holds among its batch axes; forward and reverse products equal
    einsum's, its adjoint laid out as it is where asked."""
    equation, x, y = case
    with (
        patch.object(pairwise, "SPLIT_CELLS", 0),
        patch.object(pairwise, "ARRANGED_CELLS", 0 if laid_out else pairwise.ARRANGED_CELLS),
    ):
        product = compile_einsum(equation, {})
        result, kept = pairwise.keeping(product, x, y)
        _check_reverse_products(equation, x, y, rnd)
    np.testing.assert_allclose(result, np.einsum(equation, x, y), rtol=1e-12)
    assert isinstance(kept, pairwise.Split)
    assert np.may_share_memory(kept.x, x) or np.may_share_memory(kept.y, x)  # read in place
    assert kept.summed


def test_a_split_whose_products_outgrow_its_operands_is_not_made():
    """Summing after the products holds the products first: where that is larger than
    both operands (here q*a*b*l*r cells against a*q*b*l and a*b*q*r), the larger operand
    is copied as before, so memory stays within what the plan was checked for."""
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(3, 4, 3, 5)).transpose(0, 2, 1, 3)  # axes "abql", memory "aqbl"
    y = rng.uniform(size=(3, 3, 4, 2))  # "abqr"
    assert pairwise.split_product(x, "abql", y, "abqr", "ablr") is None
    with patch.object(pairwise, "SPLIT_CELLS", 0):
        product = compile_einsum("abql,abqr->ablr", {})
        result, kept = pairwise.keeping(product, x, y)
    assert not isinstance(kept, pairwise.Split)
    np.testing.assert_allclose(result, np.einsum("abql,abqr->ablr", x, y), rtol=1e-12)


@given(st.integers(0, 0x10FFFF - 2048))
def test_an_index_symbol_is_the_one_opt_einsum_gives(i):
    """Equations are written without importing opt_einsum, in the letters it would use, so
    that an expression it compiles takes them as they are."""
    assert symbol(i) == opt_einsum.get_symbol(i)
