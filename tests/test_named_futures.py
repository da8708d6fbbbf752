"""``futures`` leads with the headline outcomes, names each future in words, says how likely
it is in the words of ICD 203, and warns when neighbours' intervals overlap."""

from __future__ import annotations

import json

import pytest

from helpers import run_cli
from scenarios import load_model
from scenarios.core.estimative import estimative
from scenarios.render.model import future_name

TWO_OUTCOMES = """
name: weather
variables:
  rain: {states: [no, yes], cpt: {no: 0.6, yes: 0.4}}
  flood:
    role: outcome
    states: [no, yes]
    parents: [rain]
    cpt: {table: {"rain=no": [0.95, 0.05], "rain=yes": [0.6, 0.4]}}
  harvest_loss:
    role: outcome
    label: lost harvest
    states: [low, medium, high]
    parents: [rain]
    cpt: {table: {"rain=no": [0.6, 0.3, 0.1], "rain=yes": [0.2, 0.3, 0.5]}}
  mood:
    role: outcome
    scale: nominal
    states: [calm, angry]
    parents: [flood]
    cpt: {table: {"flood=no": [0.8, 0.2], "flood=yes": [0.3, 0.7]}}
  roads:
    role: outcome
    states: [open, closed]
    parents: [flood]
    cpt: {table: {"flood=no": [0.9, 0.1], "flood=yes": [0.2, 0.8]}}
"""


def futures_json(*argv: str) -> dict:
    code, out, err = run_cli(["futures", *argv, "-f", "json", "--draws", "400", "--seed", "2"])
    assert code == 0, err
    return json.loads(out)


def test_the_khorasan_futures_are_the_headline_outcomes_named_and_in_words():
    model = load_model()
    data = futures_json("-k", "4")
    assert (
        data["targets"] == model.headlines == ["defection_rate", "secret_pact", "fata_relocation"]
    )
    for future in data["futures"]:
        assert future["name"] == future_name(model, future["states"])
        assert future["words"] == estimative(future["probability"])
        iv = future["interval"]
        assert iv["low"] <= future["probability"] <= iv["high"]
    first = data["futures"][0]
    assert first["name"].startswith(("few defections to IS", "many defections to IS"))
    assert any(n.startswith("Futures of the headline outcomes") for n in data["notes"])


def test_the_overlap_warning_lists_exactly_the_neighbours_whose_intervals_overlap():
    data = futures_json("-k", "5")
    ivs = [f["interval"] for f in data["futures"]]
    expected = [
        f"#{i + 1} and #{i + 2}" for i in range(len(ivs) - 1) if ivs[i]["low"] <= ivs[i + 1]["high"]
    ]
    warning = [n for n in data["notes"] if n.startswith("Warning: the 90% intervals")]
    assert bool(warning) == bool(expected)
    for pair in expected:
        assert pair in warning[0]


def test_without_headline_marks_the_first_three_outcomes_lead_and_labels_name_them(write_model):
    path = write_model(TWO_OUTCOMES)
    data = futures_json(str(path), "-k", "2")
    assert data["targets"] == ["flood", "harvest_loss", "mood"]
    names = [f["name"] for f in data["futures"]]
    assert all("lost harvest" in n and ("flood" in n) and "mood: " in n for n in names), names
    code, out, _ = run_cli(["futures", str(path), "-t", "roads", "--no-intervals"])
    assert code == 0 and ("closed roads" in out or "open roads" in out)
    assert "interval" not in out and "headline" not in out


def test_a_headline_mark_chooses_the_outcomes(write_model):
    path = write_model(TWO_OUTCOMES.replace("states: [open", "headline: true\n    states: [open"))
    assert futures_json(str(path), "-k", "2")["targets"] == ["roads"]


@pytest.mark.parametrize(
    ("labels", "where", "says"),
    [
        ("{hihg: many}", ":5:14:", "'labels' names no state 'hihg'. Did you mean 'high'?"),
        ("[many, few]", ":5:13:", "'labels' must map states to text"),
        ("{high: [many]}", ":5:20:", "the label of state 'high' must be text"),
    ],
)
def test_bad_state_labels_are_located(write_model, labels, where, says):
    path = write_model(
        "name: m\nvariables:\n  a:\n    states: [low, high]\n"
        f"    labels: {labels}\n    cpt: {{low: 0.5, high: 0.5}}\n"
    )
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and f"{path}{where}" in err and says in err, err


def test_state_labels_name_the_futures_and_survive_a_round_trip(write_model, tmp_path):
    path = write_model(
        TWO_OUTCOMES.replace(
            "    label: lost harvest\n",
            "    label: lost harvest\n    labels: {high: a ruined harvest}\n",
        )
    )
    data = futures_json(str(path), "-t", "harvest_loss", "-k", "3")
    assert "a ruined harvest" in [f["name"] for f in data["futures"]]
    code, _, err = run_cli(["convert", str(path), str(tmp_path / "back.yaml")])
    assert code == 0, err
    code, out, _ = run_cli(["show", str(tmp_path / "back.yaml"), "-f", "json"])
    assert json.loads(out)["variables"]["harvest_loss"]["state_labels"] == {
        "high": "a ruined harvest"
    }
