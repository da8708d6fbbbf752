"""The examples are run, so the README's promises and the walkthrough stay true."""

from __future__ import annotations

import json
import pkgutil
import re
import shlex
import subprocess
import sys

import pytest

import scenarios
from helpers import ROOT
from scenarios.cli import main

WALKTHROUGH = ROOT / "examples" / "walkthrough.md"


def walkthrough_commands() -> list[tuple[list[str], int]]:
    commands = []
    for line in WALKTHROUGH.read_text(encoding="utf-8").splitlines():
        if line.startswith("$ scenarios "):
            command, _, comment = line[2:].partition("#")
            expected = int(re.search(r"exit (\d)", comment).group(1)) if comment else 0
            commands.append((shlex.split(command)[1:], expected))
    return commands


def test_quickstart_script_runs():
    done = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("is_funding=low") and "expected defection level" in lines[0]
    assert "P(relocation to FATA | confront) = 0.750" in done.stdout
    assert "Did you mean 'high'" in lines[-1]


def test_the_explorer_capture_script_draws_the_readmes_picture(tmp_path):
    out = tmp_path / "explore.svg"
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "explore_capture.py"), str(out)],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "defection_rate" in svg and "status_quo" in svg
    assert (ROOT / "docs" / "images" / "explore.svg").exists()
    assert "docs/images/explore.svg" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def walk_folder(tmp_path_factory):
    """Where the walkthrough runs: examples/ and models/ as in the repository (links), and
    room for what its commands write (the learned model), in order, one folder for all."""
    folder = tmp_path_factory.mktemp("walkthrough")
    for name in ("examples", "models"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    return folder


@pytest.mark.parametrize(
    "argv, expected",
    walkthrough_commands(),
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_walkthrough_command(argv, expected, capsys, monkeypatch, walk_folder):
    monkeypatch.chdir(walk_folder)
    assert main(argv) == expected
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err


def test_walkthrough_json_block_matches_the_command(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    text = WALKTHROUGH.read_text(encoding="utf-8")
    shown = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    main(["query", "-e", "pakistan_tolerance=low", "-t", "secret_pact", "--format", "json"])
    actual = json.loads(capsys.readouterr().out)
    assert actual["evidence"] == shown["evidence"]
    assert actual["probability_of_evidence"] == pytest.approx(shown["probability_of_evidence"])
    for state, p in shown["posteriors"]["secret_pact"].items():
        assert actual["posteriors"]["secret_pact"][state] == pytest.approx(p, abs=5e-4)


def test_readme_json_example_is_what_the_command_prints(capsys):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    main(["query", "-e", "is_funding=high", "-t", "defection_rate", "-f", "json"])
    assert capsys.readouterr().out == shown  # "prints exactly": to the character


def test_the_api_page_example_runs(tmp_path, monkeypatch):
    """docs/api.md's example, run as written (in a scratch folder for its output)."""
    section = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    code = section[section.index("```python") + len("```python") : section.index("```\n", 12)]
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "khorasan.yaml").write_text(
        (ROOT / "models" / "khorasan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "khorasan-journal.yaml").write_text(
        (ROOT / "examples" / "khorasan-journal.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)  # noqa: S102 - our own docs
    assert namespace["result"]["fata_relocation"] == pytest.approx({"no": 0.25, "yes": 0.75})
    assert (tmp_path / "khorasan.net").exists()


def test_every_package_module_imports_first():
    """No import cycle bites whichever module a user imports first: in one interpreter, each
    module is imported with every ``scenarios`` module forgotten before it (the libraries
    stay loaded: they take no part in our cycles, and one interpreter per module took 18 s)."""
    names = [
        m.name
        for m in pkgutil.walk_packages(scenarios.__path__, "scenarios.")
        if not m.name.endswith("__main__")  # runs the CLI when imported
    ]
    script = (
        "import importlib, sys, traceback\n"
        "for n in sys.argv[1:]:\n"
        "    for m in [m for m in sys.modules if m.split('.')[0] == 'scenarios']:\n"
        "        del sys.modules[m]\n"
        "    try:\n"
        "        importlib.import_module(n)\n"
        "    except Exception:\n"
        "        print(n, traceback.format_exc(limit=-3))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *names], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout == "", done.stdout[-2000:] + done.stderr[-500:]
