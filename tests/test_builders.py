"""Parametric CPT builders: hand-checked values, agreement between gates, properties, errors."""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import by_message
from scenarios import ModelError, parse_model
from scenarios.cpt.influences import STRENGTHS, influence_table
from scenarios.cpt.noisy import noisy_max_table, noisy_or_table
from scenarios.cpt.ranked import ranked_table, truncated_normal_bins, weighted

HEAD = """\
name: b
variables:
  a: {states: [off, on], cpt: {off: 0.5, on: 0.5}}
  b: {states: [low, medium, high], cpt: {low: 0.3, medium: 0.4, high: 0.3}}
"""


def child(body: str, states: str = "[low, medium, high]", extra: str = "") -> str:
    """A model whose variable 'c' has parents a and b and the given cpt body."""
    return (
        HEAD
        + f"  c:\n    states: {states}\n{extra}    parents: [a, b]\n    cpt:\n"
        + textwrap.indent(textwrap.dedent(body).strip("\n"), "      ")
        + "\n"
    )


def cpt_of(text: str) -> np.ndarray:
    return parse_model(text, "m.yaml").variables["c"].cpt


def errors(text: str) -> list[str]:
    with pytest.raises(ModelError) as info:
        parse_model(text, "m.yaml")
    return [str(d) for d in info.value.diagnostics]


# --- noisy-OR ------------------------------------------------------------------------------

NOISY_OR = """
noisy_or:
  leak: 0.1
  links: {a: 0.5, b: {medium: 0.2, high: 0.6}}
"""


def test_noisy_or_by_hand():
    table = cpt_of(child(NOISY_OR, states='["no", "yes"]'))
    assert table[0, 0].tolist() == pytest.approx([0.9, 0.1])
    assert table[1, 0, 1] == pytest.approx(1 - 0.9 * 0.5)
    assert table[1, 2, 1] == pytest.approx(1 - 0.9 * 0.5 * 0.4)
    assert table[0, 1, 1] == pytest.approx(1 - 0.9 * 0.8)


def test_noisy_or_matches_pgmpy_noisy_or_cpd():
    from pgmpy.factors.discrete import NoisyORCPD

    links = [0.3, 0.5, 0.8]
    reference = NoisyORCPD("y", links, ["x1", "x2", "x3"]).get_values()  # True first
    ours = noisy_or_table(0.0, [np.array([0.0, p]) for p in links], [2, 2, 2])
    flipped = ours[::-1, ::-1, ::-1, ::-1]  # our states are [absent, present]
    np.testing.assert_allclose(flipped.reshape(-1, 2).T, reference, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1), st.lists(st.tuples(st.integers(2, 4), st.data()), min_size=1, max_size=3))
def test_noisy_max_with_binary_child_equals_noisy_or(leak, parents):
    cards = [k for k, _ in parents]
    or_links, max_links = [], []
    for k, data in parents:
        p = np.array([0.0] + data.draw(st.lists(st.floats(0, 1), min_size=k - 1, max_size=k - 1)))
        or_links.append(p)
        max_links.append(np.stack([1 - p, p], axis=-1))
    np.testing.assert_allclose(
        noisy_max_table(np.array([1 - leak, leak]), max_links),
        noisy_or_table(leak, or_links, cards),
        atol=1e-12,
    )


# --- noisy-MAX -----------------------------------------------------------------------------

NOISY_MAX = """
noisy_max:
  leak: {low: 0.9, medium: 0.08, high: 0.02}
  links:
    a: {on: {low: 0.5, medium: 0.3, high: 0.2}}
    b:
      medium: {low: 0.6, medium: 0.3, high: 0.1}
      high: {low: 0.2, medium: 0.3, high: 0.5}
"""


def test_noisy_max_by_hand():
    table = cpt_of(child(NOISY_MAX))
    assert table[0, 0].tolist() == pytest.approx([0.9, 0.08, 0.02])
    # a=on, b=medium: P(Y<=y) = [0.9, 0.98] * [0.5, 0.8] * [0.6, 0.9]
    cumulative = [0.9 * 0.5 * 0.6, 0.98 * 0.8 * 0.9, 1.0]
    assert table[1, 1].tolist() == pytest.approx(np.diff(cumulative, prepend=0).tolist())


# --- ranked nodes --------------------------------------------------------------------------


def phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def test_ranked_single_parent_by_hand():
    sd = math.sqrt(0.05)
    table = ranked_table("wmean", 0.05, [1.0], [False], [2], 2)
    mu = 0.25  # parent state 0 of 2 sits at the midpoint of [0, 0.5]
    low = phi((0.5 - mu) / sd) - phi((0 - mu) / sd)
    total = phi((1 - mu) / sd) - phi((0 - mu) / sd)
    assert table[0, 0] == pytest.approx(low / total, abs=1e-12)
    assert table[1].tolist() == pytest.approx(table[0][::-1].tolist(), abs=1e-12)


def test_weighted_functions_by_hand():
    x, w = np.array([0.25, 0.75]), np.array([2.0, 1.0])
    assert weighted("wmean", w, x) == pytest.approx((0.5 + 0.75) / 3)
    assert weighted("wmin", w, x) == pytest.approx(min(1.25 / 3, 1.0 / 2))
    assert weighted("wmax", w, x) == pytest.approx(max(1.25 / 3, 1.0 / 2))


def test_ranked_from_yaml_with_reverse():
    table = cpt_of(
        child("""
        ranked:
          function: wmean
          variance: 0.02
          weights: {a: 1, b: {weight: 2, reverse: true}}
        """)
    )
    expected = truncated_normal_bins((0.25 + 2 * (1 - 0.5 / 3)) / 3, 0.02, 3)
    np.testing.assert_allclose(table[0, 0], expected, atol=1e-12)


# --- qualitative influences ----------------------------------------------------------------


def test_influences_by_hand():
    table = cpt_of(
        child("""
        influences:
          baseline: {low: 0.6, medium: 0.3, high: 0.1}
          parents:
            a: {effect: increases, strength: strong}
            b: {effect: decreases, strength: 0.8}
        """)
    )
    assert table[0, 0].tolist() == pytest.approx([0.6, 0.3, 0.1])
    logistic = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731
    logit = lambda p: math.log(p / (1 - p))  # noqa: E731
    c0, c1 = logistic(logit(0.6) - 2.0), logistic(logit(0.9) - 2.0)
    assert table[1, 0].tolist() == pytest.approx([c0, c1 - c0, 1 - c1])
    c0 = logistic(logit(0.6) + 0.8 * 0.5)  # b=medium is halfway, effect decreases
    assert table[0, 1, 0] == pytest.approx(c0)


def test_overrides_replace_rows_and_may_leave_parents_out():
    table = cpt_of(
        child(
            NOISY_MAX
            + """
overrides:
  "a=on, b=high": [0.2, 0.2, 0.6]
  "a=off": {low: 1.0, medium: 0.0, high: 0.0}
"""
        )
    )
    assert table[1, 2].tolist() == [0.2, 0.2, 0.6]
    assert table[0].tolist() == [[1.0, 0.0, 0.0]] * 3
    assert table[1, 1].tolist() == pytest.approx([0.27, 0.4356, 0.2944])


# --- properties ----------------------------------------------------------------------------

cards_strategy = st.lists(st.integers(2, 4), min_size=1, max_size=3)
distribution = st.lists(st.floats(0.01, 1), min_size=2, max_size=5).map(
    lambda v: np.array(v) / sum(v)
)


@settings(max_examples=300, deadline=None)
@given(distribution, cards_strategy, st.data())
def test_influences_rows_are_distributions_and_move_in_the_declared_direction(base, cards, data):
    signs = data.draw(
        st.lists(st.sampled_from([1.0, -1.0]), min_size=len(cards), max_size=len(cards))
    )
    betas = data.draw(
        st.lists(
            st.sampled_from(list(STRENGTHS.values())) | st.floats(0.05, 5),
            min_size=len(cards),
            max_size=len(cards),
        )
    )
    table = influence_table(base, [s * b for s, b in zip(signs, betas, strict=True)], cards)
    assert (table >= 0).all() and np.allclose(table.sum(-1), 1, atol=1e-12)
    cumulative = np.cumsum(table, axis=-1)[..., :-1]
    for axis, sign in enumerate(signs):
        step = np.diff(cumulative, axis=axis)  # parent one state up
        assert (sign * step <= 1e-12).all()  # increases: the child's cumulative falls


@settings(max_examples=200, deadline=None)
@given(
    cards_strategy,
    st.integers(2, 5),
    st.sampled_from(["wmean", "wmin", "wmax"]),
    st.floats(0.001, 0.5),
    st.data(),
)
def test_ranked_rows_are_distributions_and_increase_with_each_parent(cards, m, fn, var, data):
    weights = data.draw(st.lists(st.floats(0.1, 5), min_size=len(cards), max_size=len(cards)))
    table = ranked_table(fn, var, weights, [False] * len(cards), cards, m)
    assert (table >= 0).all() and np.allclose(table.sum(-1), 1, atol=1e-12)
    cumulative = np.cumsum(table, axis=-1)[..., :-1]
    for axis in range(len(cards)):
        assert (np.diff(cumulative, axis=axis) <= 1e-9).all()


@settings(max_examples=200, deadline=None)
@given(distribution, cards_strategy, st.data())
def test_noisy_max_rows_are_distributions(leak, cards, data):
    m = len(leak)
    links = []
    for k in cards:
        rows = [np.eye(m)[0]] + [
            data.draw(
                st.lists(st.floats(0.01, 1), min_size=m, max_size=m).map(
                    lambda v: np.array(v) / sum(v)
                )
            )
            for _ in range(k - 1)
        ]
        links.append(np.array(rows))
    table = noisy_max_table(leak, links)
    assert (table >= 0).all() and np.allclose(table.sum(-1), 1, atol=1e-12)


# --- parameter errors, each located ---------------------------------------------------------


@pytest.mark.parametrize(
    "body, states, needle",
    by_message(
        [
            (NOISY_OR, "[low, medium, high]", "noisy_or needs a child with 2 states"),
            ("noisy_or: {leak: 0.1}", '["no", "yes"]', "noisy_or: missing 'links'"),
            (
                "noisy_or: {leak: 0.1, lnks: {}, links: {a: 0.5, b: {medium: 0.2, high: 0.6}}}",
                '["no", "yes"]',
                "unknown key 'lnks'. Did you mean 'links'?",
            ),
            (
                "noisy_or: {leak: 1.5, links: {a: 0.5, b: {medium: 0.2, high: 0.6}}}",
                '["no", "yes"]',
                "leak is 1.5, outside [0, 1]",
            ),
            (
                "noisy_or: {links: {a: 0.5, b: 0.3}}",
                '["no", "yes"]',
                "'b' has 3 states, so give a probability per state above the lowest",
            ),
            (
                "noisy_or: {links: {a: 0.5, b: {low: 0.1, medium: 0.2, high: 0.6}}}",
                '["no", "yes"]',
                "'low' is the lowest (absent) state of 'b'",
            ),
            (
                "noisy_or: {links: {a: 0.5, b: {high: 0.6}}}",
                '["no", "yes"]',
                "no link for state(s) medium",
            ),
            ("noisy_or: {links: {a: 0.5}}", '["no", "yes"]', "no entry for parent(s) b"),
            (
                "noisy_or: {links: {a: 0.5, b: {medium: 0.2, high: 0.6}, z: 0.1}}",
                '["no", "yes"]',
                "'z' is not a parent of this variable",
            ),
            (
                "noisy_or: {links: {a: -0.5, b: {medium: 0.2, high: 0.6}}}",
                '["no", "yes"]',
                "negative",
            ),
            (
                "noisy_max: {links: {a: {on: {low: 0.5, medium: 0.3, high: 0.3}}, "
                "b: {medium: [0.6, 0.3, 0.1], high: [0.2, 0.3, 0.5]}}}",
                "[low, medium, high]",
                "sums to 1.1",
            ),
            (
                "noisy_max: {links: {a: 0.4, b: {medium: [0.6, 0.3, 0.1], high: [0.2, 0.3, 0.5]}}}",
                "[low, medium, high]",
                "must map each state above the lowest to a distribution",
            ),
            (
                "ranked: {function: wavg, variance: 0.1, weights: {a: 1, b: 1}}",
                "[low, medium, high]",
                "ranked function 'wavg' is unknown",
            ),
            (
                "ranked: {variance: 0, weights: {a: 1, b: 1}}",
                "[low, medium, high]",
                "ranked variance is 0; it must be a number above 0",
            ),
            (
                "ranked: {variance: 0.1, weights: {a: -1, b: 1}}",
                "[low, medium, high]",
                "ranked weight of 'a' is -1",
            ),
            (
                "ranked: {variance: 0.1, weights: {a: {weight: 1, reverse: yes}, b: 1}}",
                "[low, medium, high]",
                "'reverse' must be true or false",
            ),
            (
                "influences: {baseline: [0.5, 0.3, 0.2], "
                "parents: {a: {effect: raises, strength: weak}, "
                "b: {effect: increases, strength: weak}}}",
                "[low, medium, high]",
                "effect 'raises' is unknown",
            ),
            (
                "influences: {baseline: [0.5, 0.3, 0.2], "
                "parents: {a: {effect: increases, strength: huge}, "
                "b: {effect: increases, strength: weak}}}",
                "[low, medium, high]",
                "strength 'huge' is unknown",
            ),
            (
                "influences: {baseline: [0.5, 0.3, 0.3], "
                "parents: {a: {effect: increases, strength: weak}, "
                "b: {effect: increases, strength: weak}}}",
                "[low, medium, high]",
                "baseline sums to 1.1",
            ),
            (
                "influences: {parents: {a: {effect: increases, strength: weak}, "
                "b: {effect: increases, strength: weak}}}",
                "[low, medium, high]",
                "influences: missing 'baseline'",
            ),
            (
                "table: {}\noverrides: {}",
                "[low, medium, high]",
                "'table' must map parent combinations",
            ),
            (
                "noisy_or: {links: {a: 0.5, b: {medium: 0.2, high: 0.6}}}\nranked: {}",
                '["no", "yes"]',
                "exactly one of",
            ),
        ]
    ),
)
def test_parameter_errors_are_located(body, states, needle):
    found = errors(child(body, states=states))
    assert any(needle in e for e in found), found
    assert all(e.startswith("m.yaml:") and "variable 'c'" in e for e in found), found


def test_influences_refuse_a_nominal_child():
    found = errors(
        child(
            "influences: {baseline: [0.5, 0.5], parents: {}}",
            states="[x, y]",
            extra="    scale: nominal\n",
        )
    )
    assert any("influences need an ordinal child" in e for e in found)


def test_overlapping_overrides_are_refused():
    found = errors(
        child(
            NOISY_MAX
            + """
overrides:
  "a=on": [0.2, 0.2, 0.6]
  "b=high": [0.2, 0.2, 0.6]
"""
        )
    )
    assert any("covers rows already set by 'a=on'" in e for e in found)


def test_overrides_with_a_table_are_refused():
    rows = "\n".join(
        f'    "a={a}, b={b}": [0.2, 0.3, 0.5]'
        for a in ("off", "on")
        for b in ("low", "medium", "high")
    )
    found = errors(child("table:\n" + rows + '\noverrides: {"a=on": [1, 0, 0]}'))
    assert any("'overrides' only go with a parametric builder" in e for e in found)


def test_error_line_points_at_the_bad_parameter():
    text = child(NOISY_OR.replace("leak: 0.1", "leak: 2"), states='["no", "yes"]')
    found = errors(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "leak: 2" in t)
    assert found[0].startswith(f"m.yaml:{line}:")


@settings(max_examples=60, deadline=None)
@given(st.permutations(["a=x", "b=u", "a=y"]), st.sampled_from(["table", "overrides"]))
def test_a_row_key_naming_a_parent_twice_is_refused(parts, where):
    key = ", ".join(parts)
    cpt = (
        f'table: {{"{key}": [0.5, 0.5]}}'
        if where == "table"
        else f"noisy_or: {{leak: 0.1, links: {{a: 0.2, b: 0.3}}}}\n      overrides: "
        f'{{"{key}": [0.5, 0.5]}}'
    )
    text = (
        "name: t\nvariables:\n  a: {states: [x, y], cpt: [0.5, 0.5]}\n"
        "  b: {states: [u, w], cpt: [0.5, 0.5]}\n"
        f"  c:\n    states: [n, m]\n    parents: [a, b]\n    cpt:\n      {cpt}\n"
    )
    with pytest.raises(ModelError, match=f"row '{key}' names 'a' twice"):
        parse_model(text)


EXTREME = st.one_of(
    st.floats(1e-300, 1e308),
    st.sampled_from([5e-324, 1e-300, 1.0, 1e4, 1e300, 1e308, 1.7976931348623157e308]),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(EXTREME, min_size=1, max_size=4),
    st.sampled_from(["wmean", "wmin", "wmax"]),
    st.sampled_from([1e-300, 0.06, 1e308]),
    st.floats(1e-6, 1e6),
)
def test_ranked_tables_stay_distributions_at_extreme_weights(weights, function, variance, scale):
    """Any weights above 0, however large or small: every row is a distribution (no overflow
    to inf or NaN, no RuntimeWarning), and wmean does not change when all weights scale."""
    import warnings

    cards = [2, 3, 2, 3][: len(weights)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = ranked_table(function, variance, weights, [False] * len(weights), cards, 3)
        if function == "wmean":
            scaled = [min(w * scale, 1.7e308) for w in weights]
            if all(w == s / scale for w, s in zip(weights, scaled, strict=True)):
                again = ranked_table(function, variance, scaled, [False] * len(weights), cards, 3)
                np.testing.assert_allclose(again, table, atol=1e-9)
    assert np.isfinite(table).all() and np.allclose(table.sum(-1), 1.0)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(EXTREME, st.sampled_from([1.0, -1.0])), min_size=1, max_size=4))
def test_influence_tables_stay_distributions_at_extreme_strengths(shifts):
    import warnings

    cards = [2, 3, 2, 3][: len(shifts)]
    baseline = np.array([0.0, 0.5, 0.5])  # a state with no mass: its logit is -inf
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = influence_table(baseline, [s * sign for s, sign in shifts], cards)
    assert np.isfinite(table).all() and np.allclose(table.sum(-1), 1.0)
