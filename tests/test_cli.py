"""The command line: tables, JSON, exit codes, messages, and start-up without pgmpy."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import KHORASAN, assert_located_error, refused, run_cli
from scenarios.core.estimative import estimative


def test_query_table_default_model():
    code, out, err = run_cli(["query", "-e", "is_funding=high", "-t", "defection_rate"])
    assert code == 0 and err == ""
    assert "defection_rate" in out and "posterior" in out and "P(evidence) = 0.25" in out
    assert "+7.5 pp" in out


def test_query_json_shape():
    code, out, _ = run_cli(
        [
            "query",
            str(KHORASAN),
            "-e",
            "is_funding=high",
            "-t",
            "defection_rate",
            "-t",
            "secret_pact",
            "--format",
            "json",
        ]
    )
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["model", "evidence", "probability_of_evidence", "posteriors"]
    assert data["model"] == "khorasan" and data["evidence"] == {"is_funding": "high"}
    assert data["probability_of_evidence"] == pytest.approx(0.25)
    assert list(data["posteriors"]) == ["defection_rate", "secret_pact"]
    assert list(data["posteriors"]["secret_pact"]) == ["none", "open", "secret"]
    assert sum(data["posteriors"]["defection_rate"].values()) == pytest.approx(1, abs=1e-12)


def test_query_json_all_variables():
    code, out, _ = run_cli(["query", "--all", "--format", "json"])
    assert code == 0 and len(json.loads(out)["posteriors"]) == 32


def test_query_default_targets_are_outcomes():
    _, out, _ = run_cli(["query", "-f", "json"])
    posteriors = json.loads(out)["posteriors"]
    assert "fata_relocation" in posteriors and "is_funding" not in posteriors


def test_unknown_variable_lists_valid_names_and_close_match():
    code, out, err = run_cli(["query", "-e", "is_fundng=high"])
    assert code == 2 and out == ""
    assert "unknown variable 'is_fundng'" in err and "Did you mean 'is_funding'" in err
    assert "peace_process" in err and "Traceback" not in err


def test_unknown_state_lists_valid_states():
    code, _, err = run_cli(["query", "-e", "is_funding=hihg"])
    assert code == 2 and "Did you mean 'high'" in err and "low, medium, high" in err


def test_unknown_target():
    code, _, err = run_cli(["query", "-t", "defection"])
    assert code == 2 and "defection_rate" in err


def test_malformed_evidence():
    code, _, err = run_cli(["query", "-e", "is_funding"])
    assert code == 2 and "VAR=STATE" in err


def test_impossible_evidence_exit_2_without_nan(write_model):
    path = write_model("""
        name: det
        variables:
          a: {states: [x, y], cpt: {x: 1.0, y: 0.0}}
        """)
    code, out, err = run_cli(["query", str(path), "-e", "a=y"])
    assert code == 2 and "impossible evidence" in err and "a=y" in err and "nan" not in out


def test_missing_model_file():
    code, _, err = run_cli(["query", "nope.yaml"])
    assert code == 2 and "no such file 'nope.yaml'" in err and "khorasan" in err


def test_bundled_model_by_name():
    code, out, _ = run_cli(["query", "khorasan", "-f", "json"])
    assert code == 0 and json.loads(out)["model"] == "khorasan"


def test_validate_ok_and_errors(write_model):
    code, out, _ = run_cli(["validate", str(KHORASAN)])
    assert code == 0 and out.startswith("ok:") and "32 variables" in out
    bad = write_model("""
        name: bad
        variables:
          a: {states: [x, y], cpt: {x: 0.5, y: 0.6}}
          b: {states: [x], parnets: [a], cpt: {x: 1}}
        """)
    code, out, err = run_cli(["validate", str(bad)])
    assert code == 2 and "2 problems" in err
    assert f"{bad}:3:" in err and f"{bad}:4:" in err and "Traceback" not in err


def test_validate_json(write_model):
    bad = write_model("name: bad\nvariables: []\n")
    code, out, _ = run_cli(["validate", str(bad), "--format", "json"])
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and data["errors"][0]["line"] == 2


def test_show_tree_and_json():
    code, out, _ = run_cli(["show"])
    assert code == 0 and "Drivers" in out and "troop_drawdown" in out and "← " in out
    code, out, _ = run_cli(["show", "-f", "json"])
    data = json.loads(out)
    assert data["variables"]["fata_relocation"]["parents"]
    assert data["variables"]["fata_relocation"]["cpt"]["table"]["taliban_stance=confront"][
        "yes"
    ] == pytest.approx(0.75)


@pytest.mark.parametrize("command", [[], ["query"], ["show"], ["validate"]])
def test_every_command_has_help(command):
    code, out, _ = run_cli([*command, "--help"])
    assert code == 0 and "Usage" in out


def test_help_and_query_paths_do_not_import_pgmpy():
    probe = (
        "import sys; from scenarios.cli import main; "
        "main(['query', '-e', 'is_funding=high', '-f', 'json']); "
        "main(['show']); main(['validate']); main(['--help']); "
        "sys.stderr.write(str('pgmpy' in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stderr.strip().endswith("False")


def test_no_color_is_honoured():
    env = {"NO_COLOR": "1", "FORCE_COLOR": "", "TERM": "xterm-256color", "PATH": ""}
    done = subprocess.run(
        [sys.executable, "-m", "scenarios", "query", "-t", "secret_pact"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "\x1b[3" not in done.stdout and "secret_pact" in done.stdout


def test_cpt_command_table_json_csv():
    code, out, _ = run_cli(["cpt", "defection_rate"])
    assert code == 0 and "P(defection_rate | disaffection, is_appeal, ideological_push," in out
    assert out.count("│ high ") >= 6
    code, out, _ = run_cli(["cpt", str(KHORASAN), "senior_defection", "-f", "json"])
    data = json.loads(out)
    assert code == 0 and len(data["rows"]) == 6
    assert data["rows"][0] == {
        "parents": {"leadership_grievance": "low", "is_appeal": "low"},
        "probabilities": {"no": pytest.approx(0.97), "yes": pytest.approx(0.03)},
    }
    code, out, _ = run_cli(["cpt", "fata_relocation", "--format", "csv"])
    assert code == 0 and out.splitlines()[0] == "taliban_stance,no,yes"
    assert out.splitlines()[3].startswith("confront,0.25")


def test_cpt_command_bad_input():
    code, _, err = run_cli(["cpt", "defection"])
    assert code == 2 and "Did you mean 'defection_rate'" in err
    code, _, err = run_cli(["cpt", "a", "b", "c"])
    assert code == 2 and "at most a model and a variable" in err


def test_a_soft_finding_on_one_state_warns_that_it_is_hard_evidence():
    """'~high:0.8' reads as '80% sure'; as a likelihood it rules out the other states."""
    code, out, err = run_cli(["query", "-e", "is_funding~high:0.8", "-t", "defection_rate"])
    assert code == 0 and "is hard evidence" in err and "-e is_funding=high" in err
    hard = run_cli(["query", "-e", "is_funding=high", "-t", "defection_rate", "-f", "json"])[1]
    soft = run_cli(["query", "-e", "is_funding~high:0.8", "-t", "defection_rate", "-f", "json"])
    assert json.loads(soft[1])["posteriors"] == json.loads(hard)["posteriors"]
    code, out, err = run_cli(["query", "-e", "is_funding~high:0.8,low:0.2", "-t", "secret_pact"])
    assert code == 0 and "hard evidence" not in err


def test_posteriors_in_words_follow_the_icd_203_yardstick():
    """Each term covers its published range; an edge takes the term nearer 50%."""

    bands = [
        (0.0, 0.0499, "almost no chance"),
        (0.05, 0.1999, "very unlikely"),
        (0.20, 0.4499, "unlikely"),
        (0.45, 0.55, "roughly even chance"),
        (0.5501, 0.80, "likely"),
        (0.8001, 0.95, "very likely"),
        (0.9501, 1.0, "almost certain"),
    ]
    for low, high, term in bands:
        for p in (low, (low + high) / 2, high):
            assert estimative(p) == term, p
    code, out, _ = run_cli(["query", "-t", "secret_pact", "--words", "-f", "json"])
    data = json.loads(out)
    assert code == 0 and data["yardstick"] == "ICD 203"
    for state, p in data["posteriors"]["secret_pact"].items():
        assert data["in_words"]["secret_pact"][state] == estimative(p)
    code, out, _ = run_cli(["query", "-t", "secret_pact", "--words", "-f", "markdown"])
    assert "| in words |" in out and "ICD 203" in out


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("is_funding:=high:0.8,low:0.2", "reads as a belief: --do sets one state"),
        ("is_funding~high:0.8", "reads as soft evidence: --do sets one state"),
    ],
)
def test_do_with_weights_says_do_sets_one_state_and_where_weights_go(item, says):
    err = refused(["query", "--do", item, "-t", "defection_rate"], says, f"-e '{item}'")
    assert "unknown variable" not in err


def test_cpt_with_the_model_after_the_variable_says_the_model_comes_first():
    refused(
        ["cpt", "defection_rate", "khorasan"],
        "'khorasan' is a model and 'defection_rate' is not",
        "scenarios cpt khorasan defection_rate",
    )


def test_a_comma_in_unquoted_flow_text_is_one_problem_with_the_whole_text_quoted(tmp_path):
    """YAML ends ``{assumption: Rain, as everyone knows, wets the lawn.}`` at the first comma
    and reads the rest as keys: one problem, at the first piece, with the text to write."""
    text = (
        "name: lawn\nvariables:\n  rain: {states: [dry, wet], cpt: {dry: 0.8, wet: 0.2}}\n"
        "  lawn:\n    states: [dry, wet]\n"
        "    parents: {rain: {assumption: Rain, as everyone knows, wets the lawn.}}\n"
        '    cpt: {table: {"rain=dry": [0.9, 0.1], "rain=wet": [0.2, 0.8]}}\n'
    )
    says = (
        "A comma ended the text of 'assumption' there. Fix: put the whole text in quotes: "
        'assumption: "Rain, as everyone knows, wets the lawn."'
    )
    assert_located_error(tmp_path / "m.yaml", text, "6:40", says)
