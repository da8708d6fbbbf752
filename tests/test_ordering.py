"""Elimination orders: every index ranked once, min-fill kept only where it builds fewer
cells than min-weight, and found on grid-like networks where min-weight is far off."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.engine import ordering
from scenarios.engine.ordering import elimination_order, order_cost

LETTERS = "abcdefghij"


@st.composite
def graphs(draw):
    sizes = {c: draw(st.integers(1, 4)) for c in LETTERS}
    terms = draw(
        st.lists(st.sets(st.sampled_from(LETTERS), min_size=1, max_size=4), min_size=1, max_size=8)
    )
    return ["".join(sorted(t)) for t in terms], sizes


@settings(max_examples=200, deadline=None)
@given(graphs(), st.sampled_from([0, ordering.FILL_CELLS]))
def test_an_order_ranks_every_index_once_and_never_costs_more_than_min_weight(graph, fill_cells):
    subscripts, sizes = graph
    with patch.object(ordering, "FILL_CELLS", fill_cells):
        rank = elimination_order(subscripts, sizes)
    weight_only = elimination_order(subscripts, sizes, fill=False)
    present = {c for s in subscripts for c in s}
    assert set(rank) == present and sorted(rank.values()) == list(range(len(present)))
    g = ordering._graph(subscripts)
    assert order_cost(g, sizes, rank)[0] <= order_cost(g, sizes, weight_only)[0]


def grid(side: int) -> list[str]:
    """A binary grid's families, each cell a child of the cells above and to its left."""
    cell = {(r, c): chr(0x100 + r * side + c) for r in range(side) for c in range(side)}
    return [
        cell[r, c] + (cell[r - 1, c] if r else "") + (cell[r, c - 1] if c else "")
        for r in range(side)
        for c in range(side)
    ]


def test_a_grid_is_ordered_by_min_fill_where_min_weight_builds_far_larger_tables():
    families = grid(10)
    sizes = dict.fromkeys("".join(families), 2)
    g = ordering._graph(families)
    weight = order_cost(g, sizes, elimination_order(families, sizes, fill=False))
    with patch.object(ordering, "FILL_CELLS", 2**10):
        chosen = order_cost(g, sizes, elimination_order(families, sizes))
    assert chosen[0] < weight[0] and chosen[1] < weight[1]
    with patch.object(ordering, "FILL_CELLS", 2**62):  # small networks: min-weight alone
        assert order_cost(g, sizes, elimination_order(families, sizes)) == weight
