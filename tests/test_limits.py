"""Limits: oversized files, YAML alias bombs, deep nesting, huge CPTs and contractions are
refused before any large allocation, with the limit and the variable that raises it."""

from __future__ import annotations

import gzip
import time

import pytest

import scenarios.engine.contraction as contraction
from scenarios.core.errors import TooLargeError
from scenarios.engine import Engine
from scenarios.engine.adjoint import ContractionPlan

from conftest import KHORASAN, run_cli

BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
name: bomb
variables: {x: {states: [a, b], cpt: {a: 0.5, b: 0.5}}}
"""


def refused(args: list[str], variable: str) -> str:
    code, _, err = run_cli(args)
    assert code == 2, err
    assert "Traceback" not in err and variable in err, err
    return err


def test_billion_laughs_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    start = time.perf_counter()
    err = refused(["validate", str(path)], "SCENARIOS_MAX_YAML_ALIAS_NODES")
    assert f"{path}:" in err
    assert time.perf_counter() - start < 60  # a sanity bound, not a benchmark


def test_a_few_aliases_are_fine(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(
        "name: m\nvariables:\n  x: {states: &s [a, b], cpt: {a: 0.5, b: 0.5}}\n"
        "  y: {states: *s, cpt: {a: 0.25, b: 0.75}}\n"
    )
    assert run_cli(["validate", str(path)])[0] == 0


def test_deep_nesting_is_refused_without_a_traceback(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("name: " + "[" * 50_000 + "]" * 50_000 + "\n")
    refused(["validate", str(path)], "nesting deeper")


def test_file_size_limit_and_how_to_raise_it(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("name: big\n# " + "x" * (2 * 2**20) + "\nvariables: {}\n")
    monkeypatch.setenv("SCENARIOS_MAX_FILE_MB", "1")
    refused(["validate", str(path)], "SCENARIOS_MAX_FILE_MB=N")
    monkeypatch.setenv("SCENARIOS_MAX_FILE_MB", "3")
    assert "over the limit" not in run_cli(["validate", str(path)])[2]


def test_gzip_bomb_is_refused_by_its_decompressed_size(tmp_path, monkeypatch):
    path = tmp_path / "bomb.bif.gz"
    path.write_bytes(gzip.compress(b" " * (3 * 2**20)))
    monkeypatch.setenv("SCENARIOS_MAX_FILE_MB", "1")
    refused(["validate", str(path)], "decompressed size")


def test_cpt_cell_limit_names_the_variable(monkeypatch):
    monkeypatch.setenv("SCENARIOS_MAX_CPT_CELLS", "20")
    err = refused(["validate"], "SCENARIOS_MAX_CPT_CELLS")
    assert "variable 'defection_rate'" in err and "khorasan.yaml:" in err


def dense_model(tmp_path, count: int = 13):
    """Every variable a child of all earlier ones: no elimination order helps."""
    lines = ["name: dense", "variables:"]
    for i in range(count):
        parents = ", ".join(f"v{j}" for j in range(i))
        lines.append(
            f"  v{i}: {{states: [a, b, c], parents: [{parents}], cpt: "
            + (
                "{a: 0.2, b: 0.3, c: 0.5}}"
                if i == 0
                else "{noisy_max: {leak: [0.8, 0.1, 0.1], links: {"
                + ", ".join(f"v{j}: {{b: [0.6, 0.3, 0.1], c: [0.3, 0.3, 0.4]}}" for j in range(i))
                + "}}}}"
            )
        )
    path = tmp_path / "dense.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_contraction_memory_is_estimated_before_allocating(tmp_path, monkeypatch):
    path = dense_model(tmp_path)
    assert run_cli(["query", str(path), "-t", "v12", "-f", "json"])[0] == 0
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "1")
    err = refused(["query", str(path), "-t", "v12"], "SCENARIOS_MAX_MEMORY_MB=N")
    assert "add evidence" in err


def test_all_posteriors_fall_back_to_one_target_at_a_time(khorasan, monkeypatch):

    expected = Engine(khorasan).query({"is_funding": "high"}).posteriors
    real = contraction.check_memory

    def no_single_pass(cells: int, what: str) -> None:
        if "reverse" in what:
            raise TooLargeError("too large")
        real(cells, what)

    monkeypatch.setattr(contraction, "check_memory", no_single_pass)
    result = Engine(khorasan).query({"is_funding": "high"})
    for name, dist in expected.items():
        assert result[name] == pytest.approx(dist, abs=1e-12)


def test_the_one_target_fallback_refuses_before_running_anything(khorasan, monkeypatch):
    """Every target's plan is checked before any contraction runs: a refusal costs no work
    (munin1 once spent 31.7 s and 3.7 GB on targets before refusing at a later one)."""

    real = contraction.check_memory
    checked = []

    def refuse_the_last_target(cells: int, what: str) -> None:
        checked.append(what)
        if "reverse" in what or len(checked) >= len(khorasan.names):
            raise TooLargeError("too large")
        real(cells, what)

    ran = []
    monkeypatch.setattr(contraction, "check_memory", refuse_the_last_target)
    monkeypatch.setattr(ContractionPlan, "__call__", lambda plan, ops: ran.append(plan))
    with pytest.raises(TooLargeError):
        Engine(khorasan).query({"is_funding": "high"})
    assert ran == []


def test_futures_and_sweep_limits_can_be_raised(monkeypatch):
    monkeypatch.setenv("SCENARIOS_MAX_JOINT_CELLS", "5")
    refused(["futures", "-t", "defection_rate", "-t", "secret_pact"], "SCENARIOS_MAX_JOINT_CELLS")
    monkeypatch.setenv("SCENARIOS_MAX_COMBINATIONS", "4")
    refused(
        ["sweep", "--vary", "is_funding", "--vary", "peace_process", "-t", "secret_pact"],
        "SCENARIOS_MAX_COMBINATIONS",
    )
    monkeypatch.setenv("SCENARIOS_MAX_COMBINATIONS", "9")
    assert (
        run_cli(["sweep", "--vary", "is_funding", "--vary", "peace_process", "-t", "secret_pact"])[
            0
        ]
        == 0
    )


@pytest.mark.parametrize("value", ["abc", "0", "-5", "²", "1.5"])
def test_a_limit_set_to_nonsense_is_an_error_naming_the_variable(value, monkeypatch):
    monkeypatch.setenv("SCENARIOS_MAX_FILE_MB", value)
    code, out, err = run_cli(["validate", str(KHORASAN)])
    assert code == 2 and "Traceback" not in err, err
    assert f"SCENARIOS_MAX_FILE_MB is '{value}'" in err and "unset it" in err, err
