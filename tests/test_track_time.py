"""`track` on a time-sliced model: each entry's row is the forecast over the slices made on
that date, with every entry so far in the slice of its date; a journal written for the static
model read through the quarterly one (`--model`); reports that change between quarters no
longer contradict each other."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from helpers import ROOT, run_cli
from scenarios import Engine, load_model
from scenarios.analysis.journal import journal_evidence, load_journal
from scenarios.analysis.track import since, track
from scenarios.model.time import series

EXAMPLE = ROOT / "examples" / "khorasan-journal.yaml"
QUARTERLY = ROOT / "models" / "khorasan-quarterly.yaml"

CHANGING_REPORTS = """model: khorasan
entries:
  - date: 2015-05-15
    source: monitoring of Taliban statements
    evidence: {public_statement: silent}
  - date: 2015-08-20
    source: the Taliban's letter
    reliability: 0.9
    evidence: {public_statement: denounces}
"""


@pytest.fixture(scope="module")
def quarterly():
    return load_model(QUARTERLY)


def test_each_point_is_the_forecast_made_on_its_date(quarterly):
    """Every point's trajectory equals a query of every slice given what the journal knew
    on that date (read by journal_evidence, as `score` reads it); a changing target's
    posterior is its last slice; a variable that does not change has no trajectory."""
    journal = load_journal(EXAMPLE)
    engine = Engine(quarterly)
    points = track(engine, journal, ["defection_rate", "is_funding"])
    copies = series(quarterly, "defection_rate")
    assert len(copies) == 6 and len(points) == len(journal.entries) + 1
    for point in points:
        known = journal_evidence(quarterly, journal, point.entry.date) if point.entry else None
        answer = engine.query(known or {}, [*copies, "is_funding"])
        path = point.trajectories["defection_rate"]
        for k, name in enumerate(copies):
            expected = [answer[name][s] for s in quarterly.variables[name].states]
            assert path[k].tolist() == pytest.approx(expected, abs=1e-12)
        last = point.posteriors["defection_rate"]
        assert list(last.values()) == pytest.approx(path[-1].tolist(), abs=1e-15)
        assert point.posteriors["is_funding"] == pytest.approx(answer["is_funding"], abs=1e-12)
        assert "is_funding" not in point.trajectories
    assert not np.allclose(points[0].trajectories["defection_rate"], path)  # the entries count


def test_since_names_the_entries_as_the_journal_writes_them(quarterly):
    journal = load_journal(EXAMPLE)
    summary = since(Engine(quarterly), journal, ["defection_rate"], journal.entries[2].date)
    assert {id(m.entry) for m in summary.movers} <= {id(e) for e in journal.entries}
    later = journal_evidence(quarterly, journal, None)
    now = Engine(quarterly).query(later, ["defection_rate@2016Q2"])["defection_rate@2016Q2"]
    assert list(summary.now["defection_rate"].values()) == pytest.approx(list(now.values()))


def test_reports_a_quarter_apart_do_not_contradict_each_other(tmp_path):
    """Silent in May (certain), denouncing in August (reliability 0.9): for the static model
    (one state over the horizon) the second contradicts the first and changes nothing;
    through the quarterly model each report weighs on its own quarter."""
    path = tmp_path / "statements.yaml"
    path.write_text(CHANGING_REPORTS)
    code, out, err = run_cli(["track", str(path), "-t", "secret_pact", "-f", "json"])
    assert code == 0, err
    assert len(json.loads(out)["contradictions"]) == 1
    argv = ["track", str(path), "--model", "khorasan-quarterly", "-t", "public_statement"]
    code, out, err = run_cli([*argv, "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["contradictions"] == [] and data["slices"][0] == "2015Q1"
    last = data["points"][-1]["trajectories"]["public_statement"]
    assert last[1]["silent"] == pytest.approx(1.0) and last[2]["denounces"] > 0.5
    assert last[0]["silent"] < 1 and last[3]["denounces"] < last[2]["denounces"]


def test_the_time_sliced_report_reads_at_80_columns_and_exports_long_rows():
    argv = ["track", str(EXAMPLE), "--model", "khorasan-quarterly", "--since", "2015-05-01"]
    code, out, err = run_cli(argv)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "the forecast over the slices, made on each date" in out and "2016Q2" in out
    code, out, err = run_cli([*argv, "-f", "csv"])
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["date", "target", "slice", "state", "probability", "model"]
    targets = {row[1] for row in rows[1:]}
    assert targets == {"defection_rate", "secret_pact", "fata_relocation"}
    model = load_model(QUARTERLY)
    states = sum(len(model.variables[f"{t}@2015Q1"].states) for t in targets)
    assert len(rows) - 1 == 8 * 6 * states  # a row per point, slice and state


def test_an_unknown_target_is_refused_with_the_series_names(tmp_path):
    argv = ["track", str(EXAMPLE), "--model", "khorasan-quarterly", "-t", "nonsense"]
    code, _, err = run_cli(argv)
    assert code == 2 and "unknown variable 'nonsense'" in err and "defection_rate" in err
