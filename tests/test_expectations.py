"""The expectation language: levels, sized changes and shares of draws."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import by_message
from scenarios.analysis.check import check_expectations
from scenarios.engine import Engine
from scenarios.io.scenariofile import Scenario, ScenarioSet
from scenarios.model.evidence import Evidence
from scenarios.model.expectations import parse_expectation
from scenarios.model.measures import Measure


@pytest.mark.parametrize(
    "text, measure, direction, size, share",
    [
        ("P(x=high) rises by at least 5 pp vs baseline", Measure("x", "high"), "rises", 0.05, None),
        ("P(x=high) rises by at least 0.05", Measure("x", "high"), "rises", 0.05, None),
        ("E[x] falls by at least 0.1 vs the baseline", Measure("x"), "falls", 0.1, None),
        (
            "x falls by at least 0 vs. baseline in at least 90% of draws",
            Measure("x"),
            "falls",
            0.0,
            0.9,
        ),
        (
            "P( x = a ) RISES BY AT LEAST 12.5PP IN AT LEAST 80 % OF THE DRAWS",
            Measure("x", "a"),
            "rises",
            0.125,
            0.8,
        ),
    ],
)
def test_sized_changes_parse(text, measure, direction, size, share):
    e = parse_expectation(text)
    assert (e.measure, e.direction, e.size, e.share) == (
        measure,
        direction,
        pytest.approx(size),
        share,
    )


@pytest.mark.parametrize(
    "text, says",
    by_message(
        [
            ("x rises vs baseline", "gives no size"),
            ("P(x=a) falls vs baseline", "by at least 5 pp vs baseline"),
            ("E[x] rises by at least 5 pp", "'pp' (percentage points) is for probabilities"),
            ("P(x=a) rises by at least 150 pp", "outside 0..1"),
            ("P(x=a) > 0.5 in at least 0% of draws", "above 0% and at most 100%"),
            ("P(x=a) rises by at most 5 pp", "cannot read the expectation"),
        ]
    ),
)
def test_malformed_or_unsized_expectations_say_what_to_write(text, says):
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_expectation(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 100), st.floats(0, 1), st.floats(0, 1), st.sampled_from(["rises", "falls"]))
def test_a_sized_change_holds_exactly_when_the_change_reaches_the_size(
    points, value, base, direction
):
    e = parse_expectation(f"P(x=a) {direction} by at least {points} pp vs baseline")
    change = value - base if direction == "rises" else base - value
    expected = change > 0 if points == 0 else change >= points / 100 - 1e-12
    assert e.holds(value, base) == expected
    assert e.holds_each(np.array([value]), np.array([base])).tolist() == [expected]


def test_shares_of_draws_are_paired_with_the_baseline_and_repeatable(khorasan):
    engine = Engine(khorasan)
    surge = Evidence(do={"is_funding": "high"})
    texts = [
        "E[defection_rate] rises by at least 0 in at least 99% of draws",
        "E[defection_rate] falls by at least 0 in at least 1% of draws",
    ]
    scenarios = ScenarioSet(
        khorasan,
        {
            "base": Scenario("base"),
            "surge": Scenario(
                "surge", evidence=surge, expectations=tuple(parse_expectation(t) for t in texts)
            ),
        },
        "base",
    )
    first = check_expectations(engine, scenarios, draws=400, seed=5)
    again = check_expectations(engine, scenarios, draws=400, seed=5)
    assert [r.share for r in first] == [r.share for r in again]
    assert first[0].share + first[1].share == pytest.approx(1.0)  # paired: one or the other
    assert first[0].passed and not first[1].passed


TOKENS = st.sampled_from(
    [
        "P(",
        ")",
        "E[",
        "]",
        "x",
        "=",
        "a",
        " ",
        "  ",
        "\t",
        "rises",
        "falls",
        "by",
        "at",
        "least",
        "5",
        "1",
        "0.",
        ".5",
        "e3",
        "pp",
        "vs",
        "baseline",
        "in",
        "%",
        "of",
        "draws",
        ">",
        "<=",
        "-",
        "+",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOKENS, max_size=60))
def test_any_text_parses_or_says_why_never_anything_else(tokens):
    text = "".join(tokens)
    try:
        e = parse_expectation(text)
    except ValueError as exc:
        assert "expectation" in str(exc) or "'" in str(exc)
        return
    assert e.measure.variable and (e.operator is None) != (e.direction is None)


@pytest.mark.parametrize("filler", ["1", " ", "a", "9"])
def test_long_adversarial_expectations_are_refused_by_length_or_parsed(filler):
    """The regexes are written so that a failed match cannot backtrack (unambiguous numbers,
    possessive spaces); text beyond 500 characters is refused before any matching."""
    for text in (f"x rises by at least {filler * 470} x", f"x rises by at least 5{filler * 470}z"):
        with pytest.raises(ValueError):
            parse_expectation(text)
    parsed = parse_expectation(f"P(a{filler.strip() * 480}=b) > 0.5")
    assert parsed.threshold == 0.5
    with pytest.raises(ValueError, match="at most 500 characters"):
        parse_expectation("x" * 501)
