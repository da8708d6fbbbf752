"""Every command's --format json output matches its schema in docs/schemas/output.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from helpers import GATE, run_cli
from scenarios.cli.app import COMMANDS
from scenarios.render.show import show_schema

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "schemas" / "output.schema.json").read_text())
SCENARIOS = str(ROOT / "examples" / "khorasan-scenarios.yaml")
# pictures; a page (HTML or Markdown); a full-screen app; a folder of Parquet results
NOT_JSON = {"graph", "brief", "explore", "ensemble", "pool"}  # (and a pooled model file)
ENSEMBLE = ["ensemble", "-v", "is_funding", "-v", "troop_drawdown", "-t", "defection_rate"]

JOURNAL = str(ROOT / "examples" / "khorasan-journal.yaml")
ANALYSTS = str(ROOT / "examples" / "analysts")
DECISIONS = str(ROOT / "models" / "khorasan-decisions.yaml")
UMBRELLA = str(ROOT / "examples" / "umbrella.yaml")
LEARN_CASES = str(ROOT / "examples" / "khorasan-cases-synthetic.csv")
CASES = {
    "query": [
        ["query", "-e", "is_funding=high"],
        ["query", "-e", "public_statement=denounces", "-e", "taliban_is_clashes=rare"],
        ["query", "-t", "secret_pact", "--importance", "--draws", "200", "--seed", "1"],
        ["query", "-e", "is_funding:=high:0.7,low:0.3", "-t", "is_funding"],
        [
            "query",
            "-e",
            "peace_process~talks:0.9,stalled:0.1",
            "--do",
            "taliban_stance=confront",
            "--all",
        ],
        ["query", "--intervals", "--draws", "50", "--seed", "1"],
        ["query", "--words", "-e", "is_funding=high", "--all"],
    ],
    "show": [["show"], ["show", "--analysts", ANALYSTS]],
    "validate": [["validate"]],
    "cpt": [["cpt", "defection_rate"]],
    "compare": [["compare", SCENARIOS], ["compare", SCENARIOS, "--intervals", "--draws", "50"]],
    "check": [["check", SCENARIOS]],
    "sensitivity": [
        ["sensitivity", "-t", "defection_rate", "-e", "is_funding=high"],
        ["sensitivity", "-t", "secret_pact=secret", "--mode", "finding"],
    ],
    "effects": [
        ["effects"],
        ["effects", "-t", "secret_pact", "--states", "--draws", "40", "--seed", "1"],
        ["effects", "-e", "is_funding=high", "--do", "troop_drawdown=complete"],
    ],
    "voi": [["voi", "-t", "defection_rate"], ["voi", "-t", "secret_pact=secret"]],
    "score": [["score", JOURNAL, "--model", "khorasan-quarterly"], ["score", JOURNAL]],
    "forecast": [
        ["forecast", "-t", "defection_rate=high", "-e", "is_funding=high"],
        ["forecast", "--intervals", "--draws", "30"],
    ],
    "decide": [
        ["decide", DECISIONS, "--draws", "30", "--seed", "1"],
        ["decide", UMBRELLA, "-e", "weather=rain"],
    ],
    "indicators": [
        ["indicators", "-t", "secret_pact"],
        ["indicators", "-t", "secret_pact=secret", "--matrix", "-e", "is_funding:=high:1"],
        ["indicators", "--scenarios", SCENARIOS, "-s", "status_quo", "-s", "leader_probably_gone"],
    ],
    "journal": [
        ["journal", "show", JOURNAL],
        ["journal", "show", JOURNAL, "--as-of", "2015-04-01"],
    ],
    "fragility": [
        ["fragility", "-t", "defection_rate=high", "-e", "is_funding=high"],
        ["fragility", "-t", "secret_pact=secret", "--threshold", "0.3", "--top", "0"],
        ["fragility", "-t", "defection_rate=high", "--do", "troop_drawdown=complete"],
    ],
    "track": [
        ["track", JOURNAL, "-t", "secret_pact"],
        ["track", JOURNAL, "-t", "secret_pact", "-t", "defection_rate", "--since", "2015-05-01"],
        ["track", JOURNAL, "--model", "khorasan-quarterly", "--since", "2015-05-01"],
        [
            "track",
            JOURNAL,
            "--model",
            "khorasan-quarterly",
            "-t",
            "is_funding",
            "-t",
            "secret_pact@1",
        ]
        + ["-t", "defection_rate"],
    ],
    "futures": [
        ["futures", "-k", "3"],
        ["futures", "-k", "2", "--intervals", "--draws", "50"],
        ["futures", "--mpe", "-e", "is_funding=high"],
    ],
    "explain": [
        ["explain", "-t", "defection_rate", "-e", "is_funding=high", "-e", "peace_process=talks"]
    ],
    "sweep": [["sweep", "--vary", "is_funding", "--vary", "peace_process", "-t", "defection_rate"]],
    "convert": [["convert", "khorasan", "{tmp}/k.bif"]],
    "diff": [
        ["diff", "khorasan", "khorasan", "--scenarios", SCENARIOS],
        ["diff", "khorasan", "khorasan", "--warn-at", "0"],
    ],
    "learn": [
        ["learn", "khorasan", LEARN_CASES, "-o", "{tmp}/learned.yaml", "--fixed", "is_terms"]
    ],
    "disagree": [
        ["disagree", "--analysts", ANALYSTS, "-t", "defection_rate=high"],
        ["disagree", "--analysts", ANALYSTS, "-t", "defection_rate", "-e", "is_funding=high"],
    ],
    "discover": [["discover", "{tmp}/runs", "-t", "defection_rate=high>0.45", "--satisfy", "-40"]],
}


def validator(command: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/$defs/{command}", "$defs": SCHEMA["$defs"]})


def test_the_schema_document_is_a_valid_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_the_show_schema_is_made_from_the_field_tables():
    """``show -f json`` carries every field of the tables; its schema is made from them."""
    stale = "docs/schemas/output.schema.json is stale: run python tests/test_json_schemas.py"
    assert SCHEMA["$defs"]["show"] == show_schema(), stale


def test_every_command_with_json_output_has_a_schema_and_a_case():
    commands = set(COMMANDS) - NOT_JSON
    assert commands <= set(SCHEMA["$defs"]), commands - set(SCHEMA["$defs"])
    assert commands == set(CASES)


@pytest.mark.parametrize(
    "command, args",
    [(c, a) for c, cases in CASES.items() for a in cases],
    ids=lambda x: x if isinstance(x, str) else " ".join(x[1:3]),
)
def test_json_output_matches_the_schema(command, args, tmp_path):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if command == "discover":  # an ensemble (of a model with decisions) to discover in
        made = [*ENSEMBLE, "--draws", "30", "-o", str(tmp_path / "runs"), DECISIONS]
        assert run_cli(made)[0] == 0
    code, out, err = run_cli([*args, "--format", "json"])
    assert code == 0, err
    errors = sorted(validator(command).iter_errors(json.loads(out)), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def test_validation_errors_match_the_schema(write_model):
    path = write_model("name: x\nvariables: {a: {states: [s], cpt: {s: 2}}}\n")
    code, out, _ = run_cli(["validate", str(path), "--format", "json"])
    assert code == 2
    data = json.loads(out)
    assert not data["ok"] and data["errors"]
    validator("validate").validate(data)


def test_impossible_sweep_rows_match_the_schema(write_model):
    path = write_model(GATE)
    code, out, err = run_cli(["sweep", str(path), "--vary", "a", "-t", "b", "--format", "json"])
    assert code == 0, err
    data = json.loads(out)
    validator("sweep").validate(data)
    assert any(row["probability_of_evidence"] == 0 for row in data["rows"])


def test_schema_rejects_what_it_should():
    """The schema is not vacuous: a probability above 1 or a missing key fails."""
    good = json.loads(run_cli(["query", "--format", "json"])[1])
    bad = json.loads(json.dumps(good))
    name = next(iter(bad["posteriors"]))
    state = next(iter(bad["posteriors"][name]))
    bad["posteriors"][name][state] = 1.5
    assert list(validator("query").iter_errors(bad))
    del good["probability_of_evidence"]
    assert list(validator("query").iter_errors(good))


if __name__ == "__main__":  # rewrite the schema of show from the field tables
    SCHEMA["$defs"]["show"] = show_schema()
    path = ROOT / "docs" / "schemas" / "output.schema.json"
    path.write_text(json.dumps(SCHEMA, indent=2, ensure_ascii=False) + "\n")
