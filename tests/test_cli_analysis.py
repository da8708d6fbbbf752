"""The analysis commands from the command line: every format, exit codes, files written."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import ROOT, run_cli

SCENARIOS = str(ROOT / "examples" / "khorasan-scenarios.yaml")
JOURNAL = str(ROOT / "examples" / "khorasan-journal.yaml")

COMMANDS = {
    "query": ["query", "-e", "is_funding~high:0.8,medium:0.2", "--do", "taliban_stance=confront"],
    "compare": ["compare", SCENARIOS, "-t", "fata_relocation"],
    "compare-intervals": [
        "compare",
        SCENARIOS,
        "-t",
        "fata_relocation",
        "--intervals",
        "--draws",
        "50",
        "--seed",
        "1",
    ],
    "check": ["check", SCENARIOS],
    "sensitivity": ["sensitivity", "-t", "fata_relocation=yes", "-e", "is_funding=high"],
    "voi": ["voi", "-t", "defection_rate"],
    "futures": ["futures", "-t", "fata_relocation", "-t", "secret_pact", "-k", "3"],
    "mpe": ["futures", "--mpe", "-e", "defection_rate=high"],
    "explain": [
        "explain",
        "-t",
        "defection_rate",
        "-e",
        "is_funding=high",
        "-e",
        "peace_process=advancing",
    ],
    "cpt": ["cpt", "secret_pact"],
    "show": ["show"],
    "indicators": ["indicators", "-t", "secret_pact", "-e", "is_funding:=high:0.7,low:0.3"],
    "matrix": [
        "indicators",
        "--scenarios",
        SCENARIOS,
        "-s",
        "status_quo",
        "-s",
        "leader_probably_gone",
        "--matrix",
    ],
    "journal": ["journal", "show", JOURNAL],
    "track": [
        "track",
        JOURNAL,
        "-t",
        "secret_pact",
        "-t",
        "defection_rate",
        "--since",
        "2015-05-01",
    ],
    "futures-signposts": ["futures", "-t", "secret_pact", "--journal", JOURNAL],
}


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_in_every_format(command, fmt):
    code, out, err = run_cli([*COMMANDS[command], "--format", fmt])
    assert code == 0, err
    assert err == "" and "Traceback" not in out and "nan" not in out.lower().split()
    if fmt == "json":
        json.loads(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)
        assert all(rows[0]), rows[0]  # every column is named: no drawn bars in data
        assert not any(c in out for c in "█▏▎▍▌▋▊▉—"), out
    elif fmt == "markdown":
        assert out.startswith("**") and "| --- |" in out
    else:
        assert "┃" in out or "─" in out


def test_query_json_reports_soft_evidence_and_interventions():
    code, out, _ = run_cli([*COMMANDS["query"], "-t", "defection_rate", "-f", "json"])
    data = json.loads(out)
    assert data["soft_evidence"] == {"is_funding": {"high": 0.8, "medium": 0.2}}
    assert data["interventions"] == {"taliban_stance": "confront"}
    assert list(data)[-2:] == ["probability_of_evidence", "posteriors"]


def test_example_scenario_expectations_pass():
    code, out, _ = run_cli(["check", SCENARIOS, "-f", "json"])
    data = json.loads(out)
    assert code == 0 and data["failed"] == 0 and data["passed"] >= 10
    assert len({e["scenario"] for e in data["expectations"]}) >= 5


def test_failing_expectation_exits_1(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "model: khorasan\nscenarios:\n  base: {}\n  surge:\n"
        "    evidence: {is_funding: high}\n"
        "    expect: ['defection_rate falls by at least 0.01 vs baseline',"
        " 'P(fata_relocation=yes) < 0.9']\n"
    )
    code, out, _ = run_cli(["check", str(path)])
    assert code == 1 and "FAIL" in out and "1 passed, 1 failed" in out


def test_a_change_without_a_size_is_refused_where_it_is_written(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "model: khorasan\nscenarios:\n  base: {}\n  surge:\n"
        "    evidence: {is_funding: high}\n"
        "    expect:\n      - 'defection_rate rises vs baseline'\n"
        "      - 'E[defection_rate] rises by at least 5 pp'\n"
    )
    code, _, err = run_cli(["check", str(path)])
    assert code == 2 and "Traceback" not in err
    assert f"{path}:7:9:" in err and "gives no size" in err and "by at least 0.05" in err
    assert f"{path}:8:9:" in err and "'pp' (percentage points) is for probabilities" in err


def test_sizes_and_shares_of_draws_are_checked(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "model: khorasan\nscenarios:\n  base: {}\n  surge:\n"
        "    do: {is_funding: high}\n    expect:\n"
        "      - 'P(defection_rate=high) rises by at least 5 pp vs baseline'\n"
        "      - 'P(defection_rate=high) rises by at least 50 pp vs baseline'\n"
        "      - 'E[defection_rate] rises by at least 0.02 in at least 90% of draws'\n"
        "      - 'E[defection_rate] rises by at least 0.02 in at least 100% of draws'\n"
    )
    code, out, _ = run_cli(["check", str(path), "-f", "json", "--draws", "5000"])
    results = json.loads(out)["expectations"]
    assert code == 1 and [r["passed"] for r in results] == [True, False, True, False]
    assert results[0]["share"] is None and 0.9 <= results[2]["share"] < 1
    assert results[2]["share"] == results[3]["share"]  # the same seeded, paired draws


def test_bad_scenario_file_names_file_and_line(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "model: khorasan\nscenarios:\n  base:\n    evidence: {is_fundng: high}\n"
        "    expect: ['P(fata_relocation=yes) >> 2']\n    expcet: []\n"
    )
    code, _, err = run_cli(["check", str(path)])
    assert code == 2 and "Traceback" not in err
    assert f"{path}:4:16" in err and "Did you mean 'is_funding'" in err
    assert f"{path}:5:14" in err and "cannot read the expectation" in err
    assert f"{path}:6:5" in err and "unknown key 'expcet'" in err


def test_scenario_file_model_path_is_relative_to_the_file(tmp_path):
    model = (ROOT / "models" / "khorasan.yaml").read_text()
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "k.yaml").write_text(model)
    path = tmp_path / "s.yaml"
    path.write_text("model: m/k.yaml\nscenarios:\n  a: {}\n  b: {do: {taliban_stance: confront}}\n")
    code, out, _ = run_cli(["compare", str(path), "-t", "fata_relocation", "-f", "csv"])
    header = "variable,state,scenario,posterior,change,description,evidence,P(evidence),model"
    assert code == 0 and out.splitlines()[0] == header


def test_unknown_baseline():
    code, _, err = run_cli(["compare", SCENARIOS, "--baseline", "status_qou"])
    assert code == 2 and "Did you mean 'status_quo'" in err


def test_nominal_target_without_state_is_refused():
    code, _, err = run_cli(["sensitivity", "-t", "secret_pact"])
    assert code == 2 and "nominal" in err and "secret_pact=secret" in err


def test_explain_without_findings_is_refused():
    code, _, err = run_cli(["explain", "-t", "defection_rate"])
    assert code == 2 and "needs findings" in err


def test_output_file_is_written_atomically(tmp_path, monkeypatch):
    target = tmp_path / "voi.csv"
    code, out, _ = run_cli([*COMMANDS["voi"], "-f", "csv", "-o", str(target)])
    assert code == 0 and out == "" and target.read_text().startswith("observe next,")
    target.write_text("old contents")

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    code, _, err = run_cli([*COMMANDS["voi"], "-f", "csv", "-o", str(target)])
    assert code == 2 and "cannot write" in err and "disk full" in err
    assert target.read_text() == "old contents"
    assert [p.name for p in tmp_path.iterdir()] == ["voi.csv"]  # no temporary file left


def test_sensitivity_plot_writes_a_png(tmp_path):
    target = tmp_path / "tornado.png"
    code, _, _ = run_cli([*COMMANDS["sensitivity"], "--plot", str(target)])
    assert code == 0 and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_model_file_may_carry_its_scenarios(tmp_path):
    model = (ROOT / "models" / "khorasan.yaml").read_text()
    path = tmp_path / "k.yaml"
    path.write_text(
        model + "\nbaseline: quiet\nscenarios:\n  quiet: {}\n  confront:\n"
        "    do: {taliban_stance: confront}\n"
        "    expect: ['P(fata_relocation=yes) > 0.5']\n"
    )
    code, out, _ = run_cli(["check", str(path), "-f", "json"])
    assert code == 0 and json.loads(out)["passed"] == 1
    code, _, _ = run_cli(["query", str(path), "-f", "json"])
    assert code == 0


YAML_TYPED = [
    "01",
    "0x10",
    "1e3",
    "1.0",
    "010",
    "+1",
    ".5",
    "1_000",
    "0o17",
    "true",
    "null",
    "2024-01-01",
    ".inf",
    "NaN",
    "no",
    "off",
]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(YAML_TYPED), min_size=2, max_size=5, unique=True), st.data())
def test_names_in_yaml_files_are_taken_as_written(states, data):
    """A state, a target or a baseline written unquoted is the text as written: YAML would read
    01 as 1, 0x10 as 16, 1.0 as 1.0 (float) and 2024-01-01 as a date."""
    chosen = data.draw(st.sampled_from(states))
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "m.yaml"
        model.write_text(
            "name: m\nvariables:\n  v:\n    states: ["
            + ", ".join(states)
            + "]\n    cpt: ["
            + ", ".join(["1"] + ["0"] * (len(states) - 1))
            + "]\n  w:\n    states: [a, b]\n    parents: [v]\n    cpt:\n"
            "      table:\n" + "".join(f'        "v={s}": [0.5, 0.5]\n' for s in states)
        )
        scenario = Path(folder) / "s.yaml"
        scenario.write_text(
            f"model: m.yaml\nbaseline: base\nscenarios:\n  base: {{}}\n"
            f"  this:\n    do: {{v: {chosen}}}\n    evidence: {{w: a}}\n"
        )
        code, out, err = run_cli(["compare", str(scenario), "-t", "v", "-f", "json"])
        assert code == 0, err
        this = json.loads(out)["scenarios"]["this"]
        assert this["interventions"] == {"v": chosen}
        assert this["posteriors"]["v"][chosen] == 1.0


def test_changes_under_the_threshold_read_as_negligible_and_hide_p_above_baseline():
    """+0.5 pp with 'P(> baseline) 82%' read as a strong signal: a change under --negligible
    (default 2 pp) is shown as negligible, P(> baseline) only beside a real change; CSV keeps
    the numbers."""
    code, out, err = run_cli(["query", "-e", "is_funding=high", "-t", "secret_pact"])
    assert code == 0 and "negligible" in out and "+1.7 pp" not in out, err
    code, out, _ = run_cli(
        ["query", "-e", "is_funding=high", "-t", "secret_pact", "--negligible", "1"]
    )
    assert "+1.7 pp" in out and "under 1 pp" in out
    code, out, _ = run_cli(["query", "-e", "is_funding=high", "-t", "secret_pact", "-f", "csv"])
    changes = [float(row["change"]) for row in csv.DictReader(io.StringIO(out))]
    assert any(0 < abs(c) < 0.02 for c in changes)
    scenarios = str(ROOT / "examples" / "khorasan-scenarios.yaml")
    argv = [
        "compare",
        scenarios,
        "-t",
        "secret_pact",
        "--intervals",
        "--draws",
        "200",
        "--seed",
        "1",
    ]
    code, out, err = run_cli([*argv, "-f", "csv"])
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    code, table, _ = run_cli([*argv, "-f", "markdown"])
    lines = [line for line in table.splitlines() if line.startswith("| secret_pact")]
    for row, line in zip(rows, lines, strict=True):
        if row["scenario"] != "status_quo" and abs(float(row["change"])) < 0.02:
            assert line.rstrip(" |").endswith("—") and "negligible" in line
    assert run_cli(["query", "--negligible", "-1"])[0] == 2


def test_voi_takes_one_future_of_interest():
    code, out, err = run_cli(["voi", "-t", "secret_pact=secret", "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["target"] == "secret_pact=secret" and 0 < data["target_entropy_bits"] <= 1
    code, _, err = run_cli(["voi", "-t", "secret_pact="])
    assert code == 2 and "names no state" in err
    code, _, err = run_cli(["voi", "-t", "secret_pact=secrt"])
    assert code == 2 and "Did you mean 'secret'" in err
