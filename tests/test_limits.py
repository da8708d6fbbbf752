"""Limits: oversized files, YAML alias bombs, deep nesting, huge CPTs and contractions are
refused before any large allocation, with the limit and the variable that raises it."""

from __future__ import annotations

import gzip
import itertools
import os
import subprocess
import sys
import time

import pytest

import scenarios.engine.contraction as contraction
from helpers import KHORASAN, refused, run_cli
from scenarios.core.errors import TooLargeError
from scenarios.engine import Engine
from scenarios.engine.plan import ContractionPlan

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


def grid_model(tmp_path, side: int = 18):
    """A binary grid, each cell a child of the cells above and to its left: tables of at
    most 8 cells, but any elimination order builds a table of about 2^side cells."""
    lines = ["name: grid", "variables:"]
    for r in range(side):
        for c in range(side):
            parents = [f"g{r - 1}_{c}"] * (r > 0) + [f"g{r}_{c - 1}"] * (c > 0)
            rows = [
                ", ".join(f"{p}={s}" for p, s in zip(parents, combo, strict=True))
                for combo in itertools.product(["lo", "hi"], repeat=len(parents))
            ]
            cpt = (
                "{lo: 0.5, hi: 0.5}"
                if not parents
                else "{table: {" + ", ".join(f'"{k}": [0.3, 0.7]' for k in rows) + "}}"
            )
            lines.append(
                f"  g{r}_{c}: {{states: [lo, hi], parents: [{', '.join(parents)}], cpt: {cpt}}}"
            )
    path = tmp_path / "grid.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_contraction_memory_is_estimated_before_allocating(tmp_path, monkeypatch):
    """Tables of a few cells, a contraction of megabytes: the plan is refused, not run."""
    path = grid_model(tmp_path)
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "1")
    assert run_cli(["validate", str(path)])[0] == 0  # the model fits
    err = refused(["query", str(path), "-t", "g17_17"], "SCENARIOS_MAX_MEMORY_MB=N")
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


# -- one budget for what the process allocates ------------------------------------------------


def test_a_plans_peak_counts_every_table_alive_at_its_busiest_step():
    """The limit is checked against what a forward pass holds at once (alive intermediates,
    copies of a step's inputs and its result), never below the largest table alone."""
    subs = ["ab", "bc", "cd", "de", "ef", "fg", "gh", "ha", "ace", "bdf"]
    plan = ContractionPlan(subs, [(3,) * len(s) for s in subs], "")
    assert plan.largest <= plan.peak <= plan.cells + sum(3 ** len(s) for s in subs)


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "--intervals", "--draws", "30000000", "--all"],
        ["compare", "examples/khorasan-scenarios.yaml", "--intervals", "--draws", "2000000"],
        ["futures", "-k", "3", "--intervals", "--draws", "50000000"],
        ["check", "examples/khorasan-scenarios.yaml", "--draws", "40000000"],
    ],
)
def test_draws_whose_answers_would_not_fit_are_refused_before_drawing(argv, monkeypatch):
    monkeypatch.chdir(KHORASAN.parent.parent)
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "64")
    start = time.perf_counter()
    err = refused(argv, "SCENARIOS_MAX_MEMORY_MB")
    assert "fewer draws" in err and time.perf_counter() - start < 30


def test_a_model_whose_tables_would_not_fit_is_refused_while_it_is_read(tmp_path, monkeypatch):
    """Builders make large tables from small text: the tables of a whole model count."""
    parents = ", ".join(f"p{i}" for i in range(12))
    roots = "".join(f"  p{i}: {{states: [a, b, c], cpt: [0.2, 0.3, 0.5]}}\n" for i in range(12))
    children = "".join(
        f"  c{k}:\n    states: [lo, hi]\n    parents: [{parents}]\n"
        "    cpt: {noisy_or: {leak: 0.01, parents: {"
        + ", ".join(f"p{i}: 0.1" for i in range(12))
        + "}}}\n"
        for k in range(4)
    )
    path = tmp_path / "wide.yaml"
    path.write_text("name: wide\nvariables:\n" + roots + children)
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "20")
    err = refused(["validate", str(path)], "SCENARIOS_MAX_MEMORY_MB")
    assert "the model's tables so far" in err and f"{path}:" in err


def test_running_out_of_memory_names_the_limit_and_whether_it_was_raised(monkeypatch):
    from scenarios.cli import futures as futures_command

    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(futures_command, "most_likely_futures", exhausted)
    monkeypatch.delenv("SCENARIOS_MAX_MEMORY_MB", raising=False)
    err = refused(["futures"], "SCENARIOS_MAX_MEMORY_MB is 2,048 MB, the default")
    assert "lower the SCENARIOS_MAX_* limit you raised" not in err
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "4096")
    err = refused(["futures"], "SCENARIOS_MAX_MEMORY_MB is 4,096 MB")
    assert "the default" not in err


def test_the_command_line_caps_the_process_at_the_memory_limit():
    """What no check foresaw is refused by the operating system: a command's process may
    allocate the memory limit plus the interpreter's 512 MB, no more."""
    code = (
        "import resource, numpy\n"
        "from scenarios.cli import cap_memory\n"
        "cap_memory()\n"
        "print(resource.getrlimit(resource.RLIMIT_DATA)[0] // 2**20)\n"
        "try:\n"
        "    numpy.ones(2**27)\n"  # 1 GiB
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    env = {**os.environ, "SCENARIOS_MAX_MEMORY_MB": "100"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["612", "refused"], done.stderr


def test_signposts_of_very_many_futures_are_refused_before_they_are_weighed():
    """59,049 futures of ten targets, each weighed against every observable finding, once
    took 5.8 GB; the sets are counted against SCENARIOS_MAX_FINDING_SETS first."""
    targets = [
        "is_funding",
        "pakistan_tolerance",
        "taliban_revenue",
        "commander_competition",
        "disaffection",
        "is_appeal",
        "defection_rate",
        "taliban_stance",
        "secret_pact",
        "troop_drawdown",
    ]
    argv = [
        "futures",
        *(a for t in targets for a in ("-t", t)),
        "-k",
        "59049",
        "--no-intervals",
        "-f",
        "json",
    ]
    err = refused(argv, "SCENARIOS_MAX_FINDING_SETS")
    assert "--no-signposts" in err
