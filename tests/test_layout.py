"""Stacks of matrices read in place wherever each group of axes merges, whatever order the
groups lie in memory; copies chosen by what they cost; adjoints written as the stacks lie."""

from __future__ import annotations

import numpy as np
from hypothesis import event, given, settings
from hypothesis import strategies as st

from scenarios.engine.layout import (
    X_ROLES,
    Y_ROLES,
    Arrangement,
    arrange,
    stacking,
    written,
)

ROLES_OF = {"B": "ab", "M": "m", "K": "kq", "N": "n"}  # the letters each group may hold


@st.composite
def grouped_operands(draw):
    """``x`` (batch, rows, inner) and ``y`` (batch, inner, columns), each laid out as its
    groups in any order, each group's axes in one order both operands share."""
    groups = {}
    for role, letters in ROLES_OF.items():
        held = draw(st.lists(st.sampled_from(letters), unique=True, max_size=len(letters)))
        groups[role] = "".join(held)
    groups["M"], groups["N"] = groups["M"] or "m", groups["N"] or "n"  # a matrix each
    sizes = {c: draw(st.integers(2, 3)) for c in "".join(groups.values())}
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))

    def laid_out(roles: str) -> tuple[np.ndarray, str]:
        runs = "".join(draw(st.permutations(roles)))
        memory = "".join(groups[r] for r in runs)
        term = "".join(draw(st.permutations(memory)))
        array = rng.uniform(0.1, 1.0, [sizes[c] for c in memory])
        return array.transpose([memory.index(c) for c in term]), term

    x, a = laid_out(X_ROLES)
    y, b = laid_out(Y_ROLES)
    ordered = (groups["B"], groups["M"], groups["K"], groups["N"])
    scrambled = tuple("".join(draw(st.permutations(g))) for g in ordered)
    return x, a, y, b, Arrangement(scrambled, X_ROLES, Y_ROLES)  # the equation's orders


@settings(max_examples=300, deadline=None)
@given(grouped_operands())
def test_operands_whose_groups_merge_are_read_in_place(case):
    """Whatever order the groups lie in and the equation names their axes in, operands
    whose groups each merge into one dimension (in orders both share) are not copied: the
    stacks are views, and the products are einsum's."""
    x, a, y, b, default = case
    arrangement, copied = arrange(x, a, y, b, default)
    assert copied == (False, False)
    groups = arrangement.groups
    xs = stacking(a, groups, arrangement.x_runs, X_ROLES).stack(x, False)
    ys = stacking(b, groups, arrangement.y_runs, Y_ROLES).stack(y, False)
    assert np.may_share_memory(xs, x) and np.may_share_memory(ys, y)
    batch, rows, inner, columns = groups
    expected = np.einsum(f"{a},{b}->{batch}{rows}{columns}", x, y)
    np.testing.assert_allclose((xs @ ys).reshape(expected.shape), expected, rtol=1e-12)


@settings(max_examples=300, deadline=None)
@given(grouped_operands(), st.data())
def test_adjoints_are_written_as_their_stacks_lie(case, data):
    """An adjoint (the output's adjoint times the other stack, transposed) equals einsum's
    and is laid out in memory as its operand's runs: as the operand itself where read in
    place."""
    x, a, y, b, default = case
    arrangement, _ = arrange(x, a, y, b, default)
    groups = arrangement.groups
    xs = stacking(a, groups, arrangement.x_runs, X_ROLES).stack(x, False)
    ys = stacking(b, groups, arrangement.y_runs, Y_ROLES).stack(y, False)
    shape = dict(zip(a, x.shape, strict=True)) | dict(zip(b, y.shape, strict=True))
    grid = np.random.default_rng(0).uniform(size=(xs.shape[0], xs.shape[1], ys.shape[2]))
    k = data.draw(st.sampled_from([0, 1]))
    if k == 0:
        found = written(grid, ys.swapaxes(1, 2), a, shape, arrangement.x_runs, X_ROLES, groups)
        expected = (grid @ ys.swapaxes(1, 2)).reshape(xs.shape)
        stack = stacking(a, groups, arrangement.x_runs, X_ROLES).stack(found, False)
    else:
        found = written(xs.swapaxes(1, 2), grid, b, shape, arrangement.y_runs, Y_ROLES, groups)
        expected = (xs.swapaxes(1, 2) @ grid).reshape(ys.shape)
        stack = stacking(b, groups, arrangement.y_runs, Y_ROLES).stack(found, False)
    np.testing.assert_allclose(stack, expected, rtol=1e-12)
    operand = (x, y)[k]
    long = [i for i in range(operand.ndim) if operand.shape[i] > 1]
    assert sorted(long, key=lambda i: -found.strides[i]) == sorted(
        long, key=lambda i: -operand.strides[i]
    )
    event(f"runs {(arrangement.x_runs, arrangement.y_runs)[k]}")


def test_the_cheaper_copy_is_made():
    """Where ``x`` must be copied whatever the orders, ``y`` is read in place with its own
    orders (x copied to match) unless that copy would walk x's innermost axis too far apart
    to find its cache lines again."""
    sizes = {"a": 4, "b": 3, "m": 5, "k": 2, "n": 6}
    x = np.empty([sizes[c] for c in "ambk"])  # batch "ab" split by "m": a copy whatever
    y = np.empty([sizes[c] for c in "bakn"]).transpose(1, 0, 2, 3)  # on "abkn", memory "bakn"
    default = Arrangement(("ab", "m", "k", "n"), X_ROLES, Y_ROLES)
    arrangement, copied = arrange(x, "ambk", y, "abkn", default)
    assert copied == (True, False) and arrangement.groups[0] == "ba"
    sizes = {"a": 8, "b": 2**17, "m": 2, "k": 3, "n": 2}  # x's innermost axis "a", and
    x = np.empty([sizes[c] for c in "bmka"]).transpose(3, 0, 1, 2)  # "ab" apart in it
    y = np.empty([sizes[c] for c in "abkn"])
    default = Arrangement(("ba", "m", "k", "n"), X_ROLES, Y_ROLES)
    arrangement, copied = arrange(x, "abmk", y, "abkn", default)
    assert copied == (True, True) and arrangement.groups[0] == "ba"  # not "ab": x's copy
    sizes["b"] = 2**10  # would step along "a" 2**17 * 6 cells apart; smaller, y is read
    x = np.empty([sizes[c] for c in "bmka"]).transpose(3, 0, 1, 2)  # in place
    y = np.empty([sizes[c] for c in "abkn"])
    arrangement, copied = arrange(x, "abmk", y, "abkn", default)
    assert copied == (True, False) and arrangement.groups[0] == "ab"
