"""``scenarios effects`` and what the levers are: the CLI in every format, the share of draws
against draws made here, and diff's warning when an edit moves an outcome's status quo
(the numbers themselves are checked against enumeration in tests/test_analysis_evidence.py)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import numpy as np
import pytest

from helpers import refused, run_cli
from scenarios import load_model, parse_model
from scenarios.analysis.effects import effects
from scenarios.analysis.uncertainty import sample_cpts
from scenarios.engine import Engine
from scenarios.io.model_files import save_model
from scenarios.model.evidence import Evidence

SMALL = """
name: small
variables:
  aid: {states: [low, high], actionable: true, lever: voted by donors, cpt: {low: 0.5, high: 0.5}}
  mood:
    states: [calm, tense, angry]
    parents: [aid]
    confidence: 6
    cpt: {table: {"aid=low": [0.2, 0.3, 0.5], "aid=high": [0.6, 0.3, 0.1]}}
  rain: {states: [no, yes], cpt: {no: 0.5, yes: 0.5}}
  unrest:
    role: outcome
    states: [no, yes]
    parents: [mood, rain]
    confidence: 4
    cpt:
      table:
        "mood=calm, rain=no": [0.9, 0.1]
        "mood=calm, rain=yes": [0.95, 0.05]
        "mood=tense, rain=no": [0.6, 0.4]
        "mood=tense, rain=yes": [0.7, 0.3]
        "mood=angry, rain=no": [0.2, 0.8]
        "mood=angry, rain=yes": [0.4, 0.6]
  turnout:
    role: outcome
    states: [low, high]
    parents: [rain]
    cpt: {table: {"rain=no": [0.3, 0.7], "rain=yes": [0.6, 0.4]}}
"""


def test_the_share_of_draws_is_the_paired_share_of_draws_made_here():
    """holds = the share of draws in which do(aid=high) - do(aid=low) keeps the point's sign,
    both settings answered on the same drawn tables (drawn here with the same seed)."""
    model = parse_model(SMALL)
    found = effects(Engine(model), ["unrest"], draws=300, seed=7)
    (effect,) = found.effects
    assert effect.change is not None and effect.change < -0.2
    tables = sample_cpts(model, 300, np.random.default_rng(7))
    changes = []
    for i in range(300):
        drawn = {n: replace(v, cpt=tables[n][i]) for n, v in model.variables.items()}
        engine = Engine(replace(model, variables=drawn))
        low, high = (
            engine.query(Evidence({}, {}, {"aid": s}), ["unrest"])["unrest"]["yes"]
            for s in ("low", "high")
        )
        changes.append(high - low)
    assert effect.holds == pytest.approx(
        np.mean(np.sign(changes) == np.sign(effect.change)), abs=1e-12
    )
    assert 0.5 < effect.holds < 1.0  # low confidences: some draws reverse it


def test_every_format_and_the_notes(write_model):
    path = write_model(SMALL)
    code, out, err = run_cli(["effects", str(path), "-f", "json"])
    data = json.loads(out)
    assert code == 0 and data["levers"] == ["aid"] and data["levers_marked"]
    assert data["unreached"] == [{"lever": "aid", "outcome": "turnout"}]
    assert "aid is not a cause of turnout: it cannot move it." in data["notes"]
    code, out, _ = run_cli(["effects", str(path), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["measure"] for r in rows] == ["P(unrest=yes)"]
    code, out, _ = run_cli(["effects", str(path), "-f", "markdown"])
    assert code == 0 and "| aid<br>  low → high |" in out
    code, out, _ = run_cli(["effects", str(path), "-t", "mood"])
    assert code == 0 and "E[mood]" in out and "pts" in out and "expected level" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_a_model_that_marks_no_lever_has_its_drivers_stand_in_and_says_so(write_model):
    path = write_model(SMALL.replace("actionable: true, lever: voted by donors, ", ""))
    code, out, _ = run_cli(["effects", str(path), "-f", "json"])
    data = json.loads(out)
    assert code == 0 and not data["levers_marked"] and data["levers"] == ["aid", "rain"]
    assert any("No variable is marked actionable" in n for n in data["notes"])
    code, out, _ = run_cli(["sensitivity", str(path), "-t", "unrest=yes"])
    assert code == 0 and "No variable is marked actionable: the levers are the drivers" in out


def test_a_lever_in_the_evidence_is_left_out_and_bad_input_is_refused(write_model):
    path = write_model(SMALL)
    code, out, _ = run_cli(["effects", str(path), "-e", "aid=high", "-f", "json"])
    data = json.loads(out)
    assert (
        code == 0
        and data["effects"] == []
        and "the evidence sets them: aid" in " ".join(data["notes"])
    )
    refused(["effects", str(path), "-t", "nosuch"], "unknown variable 'nosuch'")
    refused(["effects", str(path), "--draws", "-3"], "--draws")
    refused(["effects", str(path), "-e", "aid=medium"], "unknown state 'medium'")


def test_the_khorasan_levers_move_defections_in_every_draw_direction_shown():
    code, out, err = run_cli(
        ["effects", "-t", "defection_rate", "--draws", "200", "--seed", "3", "-f", "json"]
    )
    data = json.loads(out)
    assert code == 0, err
    assert {e["lever"] for e in data["effects"]} == set(load_model().actionables)
    assert all(e["change"] > 0.05 and e["holds"] >= 0.9 for e in data["effects"])


def test_diff_warns_when_an_edit_moves_the_status_quo(tmp_path):
    model = load_model()
    funding = model.variables["is_funding"]
    edited = replace(
        model,
        variables={
            **model.variables,
            "is_funding": replace(funding, cpt=np.array([0.05, 0.15, 0.8])),
        },
    )
    save_model(edited, tmp_path / "edited.yaml")
    code, out, err = run_cli(["diff", "khorasan", str(tmp_path / "edited.yaml"), "-f", "json"])
    data = json.loads(out)
    assert code == 0
    assert data["status_quo_warnings"] and "warning: the edit moves the status quo of" in err
    moved = {(c["target"], c["state"]): c["new"] - c["old"] for c in data["status_quo"]}
    assert moved[("defection_rate", "high")] > 0.05
    code, out, err = run_cli(["diff", "khorasan", str(tmp_path / "edited.yaml"), "--warn-at", "50"])
    assert code == 0 and "warning" not in err and "The status quo (no evidence)" in out
    code, out, err = run_cli(["diff", "khorasan", "khorasan"])
    assert code == 0 and "status quo" not in out and "warning" not in err


def test_a_model_without_roles_reports_its_childless_variables(write_model):
    path = write_model(SMALL.replace("    role: outcome\n", ""))
    code, out, err = run_cli(["effects", str(path), "-f", "json"])
    data = json.loads(out)
    assert code == 0, err
    outcomes = {e["outcome"] for e in data["effects"]} | {u["outcome"] for u in data["unreached"]}
    assert outcomes == {"unrest", "turnout"}  # not aid, mood or rain, which have children
