"""``scenarios score``: the forecasts a journal implied before each outcome it records, their
Brier and log scores against a direct computation, calibration, and located errors."""

from __future__ import annotations

import json
import math

import pytest

from helpers import ROOT, run_cli
from scenarios import Engine, load_model
from scenarios.analysis.journal import load_journal
from scenarios.analysis.score import Forecast, calibration, score

WORLD = (ROOT / "examples" / "umbrella-world.yaml").read_text()
JOURNAL = """model: world.yaml
entries:
  - {date: 2026-01-01, source: guard, evidence: {umbrella: 'yes'}}
  - {date: 2026-01-02, source: guard, evidence: {umbrella: 'yes'}}
  - {date: 2026-01-03, source: weather office, resolves: {rain: 'no'}}
"""


@pytest.fixture
def journal(tmp_path):
    (tmp_path / "world.yaml").write_text(WORLD)
    path = tmp_path / "journal.yaml"
    path.write_text(JOURNAL)
    return path


def test_each_forecast_is_scored_against_what_happened(journal):
    found = score(Engine(load_journal(journal).model), load_journal(journal))
    engine = Engine(load_model(journal.parent / "world.yaml"))
    expected = [
        engine.query({}, ["rain@2026-01-03"])["rain@2026-01-03"],
        engine.query({"umbrella@2026-01-01": "yes"})["rain@2026-01-03"],
        engine.query({"umbrella@2026-01-01": "yes", "umbrella@2026-01-02": "yes"})[
            "rain@2026-01-03"
        ],
    ]
    assert [str(f.made_on) for f in found.forecasts] == ["None", "2026-01-01", "2026-01-02"]
    for forecast, posterior in zip(found.forecasts, expected, strict=True):
        p_no = posterior["no"]
        assert forecast.outcome == "rain@2026-01-03" and forecast.probability == pytest.approx(p_no)
        assert forecast.brier == pytest.approx((1 - p_no) ** 2 + posterior["yes"] ** 2)
        assert forecast.log_score == pytest.approx(-math.log2(p_no))


def test_calibration_bins_count_what_happened():
    forecasts = [
        Forecast("a", "x", None, None, {"x": 0.9, "y": 0.1}),  # type: ignore[arg-type]
        Forecast("a", "y", None, None, {"x": 0.9, "y": 0.1}),  # type: ignore[arg-type]
    ]
    bins = {(b.low, b.high): (b.count, b.predicted, b.observed) for b in calibration(forecasts)}
    assert bins[(0.0, 0.2)] == (2, pytest.approx(0.1), 0.5)
    assert bins[(0.8, 1.0)] == (2, pytest.approx(0.9), 0.5)


def test_score_in_the_terminal_and_as_json(journal):
    code, out, err = run_cli(["score", str(journal)])
    assert code == 0, err
    flat = " ".join(out.split())  # titles wrap at the table's width
    assert "rain=no, resolved on 2026-01-03, slice 2026-01-03" in flat and "Calibration" in out
    code, out, err = run_cli(["score", str(journal), "-f", "json"])
    data = json.loads(out)
    assert code == 0 and len(data["forecasts"]) == 3 and data["mean_brier"] > 0


def test_a_resolution_in_an_unknown_state_is_located(journal):
    journal.write_text(JOURNAL.replace("resolves: {rain: 'no'}", "resolves: {rain: 'snow'}"))
    code, _, err = run_cli(["score", str(journal)])
    assert code == 2 and f"{journal}:5:" in err and "unknown state 'snow'" in err, err


def test_the_example_journal_scores_through_the_quarterly_model():
    code, out, err = run_cli(
        ["score", str(ROOT / "examples" / "khorasan-journal.yaml"), "--model", "khorasan-quarterly"]
    )
    assert code == 0, err
    flat = " ".join(out.split())
    assert "allegiance_announcements=many, resolved on 2015-06-30, slice 2015Q2" in flat
