"""Which tables an interval hangs on: first-order variance shares against their closed form on
a two-table network (Beta-distributed entries), and the flag in `query`."""

from __future__ import annotations

import json

import pytest

from helpers import ROOT, run_cli
from scenarios import Engine, parse_model
from scenarios.analysis.importance import importance
from scenarios.model.evidence import Evidence

TWO = """name: two
confidence: 8
variables:
  a: {states: [no, yes], cpt: [0.3, 0.7]}
  b:
    states: [no, yes]
    parents: [a]
    cpt: {table: {"a=no": [0.8, 0.2], "a=yes": [0.4, 0.6]}}
"""


def _beta(mean: float, weight: float) -> tuple[float, float, float]:
    """Mean, variance and second moment of a Beta with that mean and weight (alpha + beta)."""
    variance = mean * (1 - mean) / (weight + 1)
    return mean, variance, variance + mean**2


def test_first_order_shares_equal_the_closed_form():
    """Y = P(b=yes) = θa θ1 + (1 - θa) θ0 with θa, θ0, θ1 independent Betas (a's table, and
    the two rows of b's table: one input). S_a = (μ1 - μ0)² Var θa / Var Y and
    S_b = (μa² Var θ1 + (1 - μa)² Var θ0) / Var Y."""
    model = parse_model(TWO, "two.yaml")
    engine = Engine(model)
    found = importance(engine, engine.prepare({}), ["b"], base=8192, seed=5)
    ma, va, sa = _beta(0.7, 8)
    m0, v0, _ = _beta(0.2, 8)
    m1, v1, _ = _beta(0.6, 8)
    d2 = v1 + v0 + (m1 - m0) ** 2
    var_y = sa * d2 - (ma * (m1 - m0)) ** 2 + v0 - 2 * ma * v0
    shares = found.shares["b"]["yes"]
    assert shares["a"].first == pytest.approx((m1 - m0) ** 2 * va / var_y, abs=0.03)
    assert shares["b"].first == pytest.approx((ma**2 * v1 + (1 - ma) ** 2 * v0) / var_y, abs=0.03)
    assert found.tables == ["a", "b"]


def test_an_observed_root_and_a_forced_table_are_not_inputs():
    model = parse_model(TWO, "two.yaml")
    engine = Engine(model)
    found = importance(engine, engine.prepare({"a": "yes"}), ["b"], base=256, seed=1)
    assert found.shares["b"]["yes"]["a"].first == pytest.approx(0.0, abs=0.05)
    forced = importance(engine, engine.prepare(Evidence(do={"a": "yes"})), ["b"], base=64, seed=1)
    assert forced.tables == ["b"]


def test_query_importance_in_table_and_json():
    argv = ["query", "-e", "is_funding=high", "-t", "defection_rate", "--importance"]
    code, out, err = run_cli([*argv, "--seed", "2"])
    assert code == 0, err
    assert "What the interval of defection_rate hangs on" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    code, out, err = run_cli([*argv, "--seed", "2", "-f", "json"])
    data = json.loads(out)["importance"]
    assert data["base"] == 1024 and "defection_rate" in data["tables"]
    high = data["shares"]["defection_rate"]["high"]
    assert sum(s["first"] for s in high.values()) <= 1.2  # shares of one variance


def test_the_briefing_says_what_each_judgement_hangs_on(tmp_path):
    path = tmp_path / "b.md"
    argv = ["brief", str(ROOT / "examples" / "khorasan-scenarios.yaml"), "--draws", "200"]
    code, _, err = run_cli([*argv, "-o", str(path)])
    assert code == 0, err
    text = path.read_text()
    section = text[text.index("## What the judgements hang on") :]
    assert "| defection_rate=" in section and "%" in section
