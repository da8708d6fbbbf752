"""Files: every file the tool writes is replaced atomically (a failure leaves the old one and
no temporary file), and reading a model or scenario file never changes it."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from helpers import ROOT, run_cli

SCENARIOS = ROOT / "examples" / "khorasan-scenarios.yaml"
JOURNAL = ROOT / "examples" / "khorasan-journal.yaml"
WRITERS = {
    "show": ["show", "-o", "{out}"],
    "validate": ["validate", "-f", "json", "-o", "{out}"],
    "query": ["query", "-o", "{out}"],
    "cpt": ["cpt", "defection_rate", "-f", "csv", "-o", "{out}"],
    "compare": ["compare", str(SCENARIOS), "-o", "{out}"],
    "check": ["check", str(SCENARIOS), "-o", "{out}"],
    "sensitivity": ["sensitivity", "-t", "defection_rate", "-o", "{out}"],
    "plot": ["sensitivity", "-t", "defection_rate", "--plot", "{out}.png"],
    "voi": ["voi", "-t", "defection_rate", "-o", "{out}"],
    "futures": ["futures", "-o", "{out}"],
    "explain": ["explain", "-t", "defection_rate", "-e", "is_funding=high", "-o", "{out}"],
    "sweep": ["sweep", "--vary", "is_funding", "-t", "defection_rate", "-o", "{out}"],
    "indicators": ["indicators", "-t", "secret_pact", "-o", "{out}"],
    "track": ["track", str(JOURNAL), "-t", "secret_pact", "-o", "{out}"],
    "track-plot": ["track", str(JOURNAL), "-t", "secret_pact", "--plot", "{out}.png"],
    "convert": ["convert", "khorasan", "{out}.bif"],
    "graph": ["graph", "-f", "svg", "--layout", "builtin", "-o", "{out}"],
}


@pytest.mark.parametrize("name", WRITERS)
def test_a_failed_write_leaves_the_old_file_and_no_temporary(name, tmp_path, monkeypatch):
    out = tmp_path / "result"
    args = [a.replace("{out}", str(out)) for a in WRITERS[name]]
    suffixes = {"convert": "result.bif", "plot": "result.png", "track-plot": "result.png"}
    target = tmp_path / suffixes.get(name, "result")
    assert run_cli(args)[0] == 0 and target.stat().st_size > 0  # it works at all
    target.write_text("old contents")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    code, _, err = run_cli(args)
    assert code == 2 and "cannot write" in err and "No space left" in err
    assert "Traceback" not in err
    assert target.read_text() == "old contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_writing_into_a_missing_folder_is_a_clean_error(tmp_path):
    code, _, err = run_cli(["query", "-o", str(tmp_path / "no" / "such" / "out.txt")])
    assert code == 2 and "cannot write" in err


def digest(path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_reading_never_modifies_model_or_scenario_files(tmp_path):
    model = tmp_path / "khorasan.yaml"
    shutil.copy(ROOT / "models" / "khorasan.yaml", model)
    scenarios = tmp_path / "scenarios.yaml"
    text = SCENARIOS.read_text()
    scenarios.write_text(text.replace("model: khorasan ", "model: khorasan.yaml ", 1))
    assert "model: khorasan.yaml" in scenarios.read_text()
    before = {p: digest(p) for p in (model, scenarios)}
    for args in (
        ["show", str(model)],
        ["validate", str(model)],
        ["query", str(model)],
        ["cpt", str(model), "defection_rate"],
        ["compare", str(scenarios)],
        ["check", str(scenarios)],
        ["graph", str(model)],
        ["convert", str(model), str(tmp_path / "k.net")],
        ["query", str(tmp_path / "k.net")],
    ):
        assert run_cli(args)[0] == 0, args
    assert {p: digest(p) for p in (model, scenarios)} == before


@pytest.mark.parametrize("reference", ["../khorasan.yaml", "/etc/passwd", "sub/../../x.yaml"])
def test_scenario_files_cannot_reach_outside_their_folder(tmp_path, reference):
    (tmp_path / "inner").mkdir()
    shutil.copy(ROOT / "models" / "khorasan.yaml", tmp_path / "khorasan.yaml")
    path = tmp_path / "inner" / "s.yaml"
    path.write_text(f"model: {reference}\nscenarios:\n  a: {{evidence: {{}}}}\n")
    code, _, err = run_cli(["compare", str(path)])
    assert code == 2 and "outside this file's folder" in err and f"{path}:1:" in err


def test_a_model_beside_or_below_the_scenario_file_is_fine(tmp_path):
    (tmp_path / "models").mkdir()
    shutil.copy(ROOT / "models" / "khorasan.yaml", tmp_path / "models" / "k.yaml")
    path = tmp_path / "s.yaml"
    path.write_text("model: models/k.yaml\nscenarios:\n  a: {evidence: {is_funding: high}}\n")
    assert run_cli(["compare", str(path)])[0] == 0


def test_no_eval_exec_pickle_or_unsafe_yaml_in_the_package():
    """Pickle in the model cache alone, and loaded there only by its restricted unpickler
    (docs/reliability.md, Security)."""
    import re

    pattern = re.compile(
        r"\b(eval|exec)\(|\bpickle\b|yaml\.load\(|yaml\.unsafe_load|"
        r"yaml\.Loader\b|shell=True"
    )
    cache = ROOT / "src" / "scenarios" / "io" / "model_cache.py"
    offenders = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in (ROOT / "src").rglob("*.py")
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line) and p != cache
    ]
    assert not offenders, offenders
    assert not re.search(
        r"pickle\.(loads?|Unpickler\(|_Unpickler)\b|\.load\(\)",
        "".join(line for line in cache.read_text().splitlines() if "_ModelUnpickler(" not in line),
    )
