"""Every command's table reads at 80 and 120 columns: no line wider than the terminal, no
name cut short with an ellipsis, and the names that matter (scenarios, targets, variables)
whole on one line."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import ROOT, run_cli
from scenarios.cli.app import COMMANDS as APP_COMMANDS
from test_cli_analysis import COMMANDS

SCENARIOS = str(ROOT / "examples" / "khorasan-scenarios.yaml")
EXTRA = {
    "compare-readme": ["compare", SCENARIOS],
    "compare-intervals-all": ["compare", SCENARIOS, "--intervals", "--draws", "50", "--seed", "1"],
    "futures-all": ["futures", "-k", "3"],
    "voi-all": ["voi", "-t", "secret_pact", "--all"],
    "check": ["check", SCENARIOS, "--draws", "50"],
    "sweep": ["sweep", "--vary", "is_funding", "--vary", "peace_process", "-t", "defection_rate"],
    "validate": ["validate"],
    "diff": ["diff", "khorasan", str(ROOT / "models" / "khorasan.yaml"), "--scenarios", SCENARIOS],
    "convert": ["convert", "khorasan", "{tmp}/k.net"],
    "sensitivity-signposts": ["sensitivity", "-t", "secret_pact=secret", "--mode", "signpost"],
    "explain-beliefs": [
        "explain",
        "-t",
        "secret_pact=secret",
        "-e",
        "is_funding:=high:0.9,low:0.1",
    ],
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", [*COMMANDS, *EXTRA])
def test_tables_fit_the_terminal(name, width, monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", str(width))
    argv = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS.get(name) or EXTRA[name]]
    code, out, err = run_cli(argv)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= width
    assert "…" not in out, out


@pytest.mark.parametrize("width", [80, 120])
def test_scenario_and_variable_names_stay_whole(width, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(width))
    _, data, _ = run_cli(["compare", SCENARIOS, "-f", "json"])
    scenarios = json.loads(data)["scenarios"]
    for extra in ([], ["--intervals", "--draws", "30", "--seed", "1"]):
        _, out, _ = run_cli(["compare", SCENARIOS, *extra])
        assert all(name in out for name in scenarios), out
    _, out, _ = run_cli(["futures", "-k", "3"])
    _, data, _ = run_cli(["futures", "-k", "3", "-f", "json"])
    for future in json.loads(data)["futures"]:  # named in words, wrapped at spaces only
        shown = out.replace(",", " ").split()
        assert all(word in shown for word in future["name"].replace(",", " ").split()), out
    assert "…" not in out
    _, out, _ = run_cli(["voi", "-t", "secret_pact", "--all"])
    _, data, _ = run_cli(["voi", "-t", "secret_pact", "--all", "-f", "json"])
    assert all(v["variable"] in out for v in json.loads(data)["variables"]), out


CONTEXTUAL = ["query", "sensitivity", "voi", "futures", "explain", "indicators", "mpe"]


@pytest.mark.parametrize("name", CONTEXTUAL)
def test_exports_say_what_the_numbers_are_given(name):
    argv = COMMANDS[name]
    code, out, err = run_cli([*argv, "-f", "markdown"])
    assert code == 0, err
    assert "- model: khorasan" in out and "- evidence: " in out
    if any(a.startswith("-e") or a == "--do" for a in argv):
        assert "- P(evidence): " in out or "-e" not in argv
    code, out, _ = run_cli([*argv, "-f", "csv"])
    header = out.splitlines()[0].split(",")
    assert header[-2:] == ["model", "evidence"] or header[-3:] == [
        "model",
        "evidence",
        "P(evidence)",
    ]


def test_compare_markdown_says_what_each_scenario_is():
    code, out, _ = run_cli(["compare", SCENARIOS, "-f", "markdown"])
    assert (
        "**The scenarios**" in out and "| scenario | description | evidence | P(evidence) |" in out
    )
    assert (
        "Analysts judge it 80% likely" in out and "leadership_visibility:=low:0.8,high:0.2" in out
    )


@pytest.mark.parametrize("command", [*sorted(APP_COMMANDS), "journal add", "journal show"])
def test_help_reads_at_80_columns(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run_cli([*command.split(), "--help"])
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80 and "…" not in out


def test_compare_csv_is_long_form_with_each_scenarios_context():
    code, out, _ = run_cli(["compare", SCENARIOS, "-t", "secret_pact", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 3 * 10
    gone = next(r for r in rows if r["scenario"] == "leader_probably_gone")
    assert gone["evidence"] == "leadership_visibility:=low:0.8,high:0.2"
    assert gone["description"].startswith("Analysts judge it 80% likely")
    assert float(gone["P(evidence)"]) > 0 and gone["model"].startswith("khorasan")
