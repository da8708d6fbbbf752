"""The structure docs/architecture.md describes, checked: layers that import only downward and
no cycles (import-linter's contracts in pyproject.toml), module-level imports everywhere but
the pinned lazy heavy ones, one pinned public API, and sizes a reader can take in."""

from __future__ import annotations

import ast
import functools
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import numpy as np
import pytest

import scenarios
from helpers import run_cli
from scenarios.cli.app import COMMANDS, app
from scenarios.cpt import BUILDERS
from scenarios.io import formats
from scenarios.io.format import Format
from scenarios.io.yaml_reader import parse_model
from scenarios.io.yaml_writer import dumps_yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "scenarios"

# (module, imported package): imports deliberately left inside functions, because importing
# them costs a second (pgmpy) or is optional (matplotlib, pyarrow for Parquet case files).
# Nothing else is imported late.
LAZY_IMPORTS = {
    ("scenarios.io.pgmpy_bridge", "pgmpy"),
    ("scenarios.io.pgmpy_dbn", "pgmpy"),
    ("scenarios.analysis.importance", "SALib"),
    ("scenarios.io.ensemble_files", "pyarrow"),
    ("scenarios.analysis.ensemble_dask", "distributed"),
    ("scenarios.analysis.discover", "pandas"),
    ("scenarios.analysis.discover", "ema_workbench"),
    ("scenarios.render.plot", "matplotlib"),
    ("scenarios.io.parquet_cases", "pyarrow"),
}
# Modules that import by name (importlib), so that start-up loads only what a command needs:
# the package root's API (PEP 562), the CLI's commands, and what the registries of file and
# output formats name (their readers, writers and renderers).
IMPORTS_BY_NAME = {"scenarios", "scenarios.cli.app", "scenarios.core.named"}
# Modules bound with scenarios.core.named.lazy_module, their code run at their first use, so
# that a command loads only what it runs (issue 29): (binding module, module bound). Each is
# imported under TYPE_CHECKING where it is bound too, so mypy and import-linter see it.
LAZY_MODULES = {
    ("scenarios.cli.model_input", "scenarios.analysis.pool"),  # --analysts
    ("scenarios.cli.model_input", "scenarios.io.analyst_file"),
    ("scenarios.cli.model_input", "scenarios.analysis.journal"),  # a journal read
    ("scenarios.cli.model_input", "scenarios.io.scenariofile"),  # a scenario file read
    ("scenarios.cli.output", "rich.progress"),  # a bar on a terminal
    ("scenarios.cli.output", "scenarios.io.atomic"),  # -o FILE
    ("scenarios.cli.query", "scenarios.analysis.importance"),  # --intervals, --importance
    ("scenarios.cli.query", "scenarios.analysis.uncertainty"),
    ("scenarios.cli.query", "scenarios.render.importance"),
    ("scenarios.cli.question", "scenarios.analysis.journal"),  # --journal
    ("scenarios.io.bundled", "scenarios.io.yaml_reader"),  # a bundled model not kept
    ("scenarios.engine.elimination", "opt_einsum"),  # its greedy path, a second opinion
    ("scenarios.engine.pairwise", "opt_einsum"),  # products matmul and einsum do not take
    ("scenarios.io.model_cache", "scenarios.io.atomic"),  # a model kept, not one taken
    ("scenarios.io.model_files", "scenarios.io.atomic"),  # a model saved
    ("scenarios.io.model_files", "scenarios.io.sniff"),  # a model read, not taken
    ("scenarios.io.model_files", "scenarios.io.yaml_comments"),  # a model saved
    ("scenarios.render.report", "csv"),  # --format csv
    ("scenarios.render.report", "json"),  # --format json
}
PUBLIC_API = [
    "CheckFailed",
    "Diagnostic",
    "Engine",
    "Evidence",
    "ImpossibleEvidenceError",
    "Model",
    "ModelError",
    "QueryError",
    "QueryResult",
    "ScenariosError",
    "Variable",
    "from_pgmpy",
    "from_pgmpy_dbn",
    "load_journal",
    "load_model",
    "parse_evidence",
    "parse_model",
    "save_model",
    "to_pgmpy",
    "to_pgmpy_dbn",
]
QUERY_MODULES = {  # package -> its modules that `scenarios query` loads ("": the package)
    "": [""],
    "analysis": ["", "conflict"],
    "cli": ["", "app", "model_input", "options", "output", "query", "question"],
    "core": [
        "",
        "allocator",
        "bars",
        "blas",
        "collector",
        "errors",
        "estimative",
        "inputs",
        "limits",
        "named",
        "numbers",
        "text",
    ],
    "data": [""],
    "engine": [
        "",
        "adjoint",
        "batches",
        "batching",
        "beliefs",
        "compiled",
        "contraction",
        "copies",
        "draws",
        "elimination",
        "factors",
        "intervention",
        "layout",
        "network",
        "observation",
        "ordering",
        "pairwise",
        "plan",
        "question",
        "result",
        "split",
        "symbols",
        "whole_joint",
    ],
    "io": [
        "",
        "bundled",
        "files",
        "format",
        "formats",
        "kept",
        "loading",
        "model_cache",
        "model_files",
        "row_notes",
    ],
    "model": ["", "evidence", "field", "fields", "graph", "measures", "records", "schema"]
    + ["time", "time_axis"],
    "render": ["", "cells", "conflict", "diagnostics", "output_formats", "query", "report"],
}
# what the first query of a model adds: the YAML reader and the tables' builders (the next
# queries take the model kept in the cache)
READING_MODULES = {
    "core": ["yamltree"],
    "cpt": ["", "influences", "noisy", "params", "ranked", "table"],
    "io": ["atomic", "yaml_fields", "yaml_reader", "yaml_time", "yaml_utilities"]
    + ["yaml_variables"],
    "model": ["provenance"],
}
MODULE_LINES = 400
FUNCTION_LINES = 50


@functools.cache
def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


def late_imports(tree: ast.Module) -> set[str]:
    """Top-level package of every import inside a function or method."""
    found = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    found |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom):
                    found.add("." if node.level else (node.module or "").split(".")[0])
    return found


def test_the_import_contracts_hold():
    """Layers cli -> render -> analysis -> io -> engine -> cpt -> model -> core, and no cycle
    between the modules of any package (pyproject.toml's [tool.importlinter])."""
    from importlinter.cli import lint_imports

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        assert lint_imports(no_cache=True, no_logo=True) == 0
    finally:
        os.chdir(previous)


def test_imports_are_module_level_except_the_pinned_lazy_ones():
    late = {(name, package) for name, tree in modules().items() for package in late_imports(tree)}
    assert late == LAZY_IMPORTS


def test_only_the_pinned_modules_import_by_name():
    found = {
        name
        for name, tree in modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "import_module"
        or isinstance(node, ast.Name)
        and node.id == "__import__"
    }
    assert found == IMPORTS_BY_NAME


def test_lazily_bound_modules_are_pinned_and_seen_by_the_checkers():
    found, checked = set(), set()
    for name, tree in modules().items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "lazy_module"
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add((name, node.args[0].value))
        checked |= {(name, imported) for imported in _type_checking_imports(tree)}
    assert found == LAZY_MODULES
    assert all(importlib.util.find_spec(bound) for _, bound in LAZY_MODULES)
    assert checked >= LAZY_MODULES, sorted(LAZY_MODULES - checked)


def _type_checking_imports(tree: ast.Module) -> set[str]:
    """The modules a module imports under ``if TYPE_CHECKING:`` (``from a import b``: both
    ``a`` and ``a.b``)."""
    names = set()
    for block in tree.body:
        if isinstance(block, ast.If) and getattr(block.test, "id", None) == "TYPE_CHECKING":
            for node in block.body:
                if isinstance(node, ast.Import):
                    names |= {alias.name for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_help_loads_neither_numpy_nor_the_engine():
    """``scenarios --help`` lists every command from the registry: numpy, the engine, the
    readers and the renderers are imported only when a command runs (start-up 0.085 s CPU
    instead of 0.35 s). The field tables (what a format does not keep) are the one part of the
    model it reads."""
    code = (
        "import sys\n"
        "from scenarios.cli import main\n"
        "assert main(['--help']) == 0\n"
        "light = {'scenarios.model', 'scenarios.model.field', 'scenarios.model.fields'}\n"
        "heavy = sorted(m for m in sys.modules if m == 'numpy' or m.startswith("
        "('scenarios.engine', 'scenarios.io.bif', 'scenarios.io.model_files', 'scenarios.model',"
        " 'scenarios.render.report', 'rich.table')) and m not in light)\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_the_registry_summary_is_each_commands_first_line_of_help():
    context = click.Context(app)
    for name, summary in COMMANDS.items():
        command = app.get_command(context, name)
        assert command is not None and command.name == name
        assert command.get_short_help_str(limit=300) == summary, name


def test_a_query_loads_only_the_pinned_modules(tmp_path):
    """What ``scenarios query`` imports is pinned (issue 29: start-up was two thirds of its
    time): a module added to its path must be added here, deliberately. The first query of a
    model reads it (READING_MODULES too); the next takes it from the cache. What only a flag
    needs (``--journal``, ``--analysts``, ``--intervals``, a progress bar, ``-o``) is bound
    lazily and not loaded (scenarios.core.named)."""
    code = (
        "import sys, io, contextlib, json, types\n"
        "from scenarios.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['query', '-e', 'is_funding=high', '-t', 'defection_rate'])\n"
        "print(json.dumps(sorted(m for m, module in sys.modules.items()\n"
        "    if m.startswith('scenarios') and type(module) is types.ModuleType)))"
    )
    environment = {**os.environ, "SCENARIOS_CACHE_DIR": str(tmp_path)}

    def loaded() -> set[str]:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=environment,
        )
        return set(json.loads(done.stdout))

    first, next_ = loaded(), loaded()
    pinned, reading = _pinned(QUERY_MODULES), _pinned(READING_MODULES)
    assert next_ == pinned, (sorted(next_ - pinned), sorted(pinned - next_))
    assert first == pinned | reading, (sorted(first - pinned - reading), sorted(reading - first))


def _pinned(modules: dict[str, list[str]]) -> set[str]:
    return {
        ".".join(p for p in ("scenarios", package, module) if p)
        for package, names in modules.items()
        for module in names
    }


def test_the_package_and_its_cli_import_neither_pgmpy_nor_matplotlib_nor_textual():
    code = (
        "import sys, scenarios, scenarios.cli, scenarios.explore.session\n"
        "from scenarios.cli import main\n"
        "main(['query', '-f', 'json'])\n"
        "heavy = sorted({'pgmpy', 'matplotlib', 'textual'} & set(sys.modules))\n"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_the_public_api_is_pinned():
    assert scenarios.__all__ == PUBLIC_API
    for name in PUBLIC_API:
        assert getattr(scenarios, name).__module__.startswith("scenarios.")


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_functions_stay_small(name):
    tree = modules()[name]
    lines = max((getattr(n, "end_lineno", 0) or 0) for n in ast.walk(tree))
    assert lines <= MODULE_LINES + 50, f"{name} has {lines} lines"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[1] if ast.get_docstring(node) and len(node.body) > 1 else node.body[0]
            body = node.end_lineno - first.lineno + 1
            assert body <= FUNCTION_LINES, f"{name}.{node.name} has {body} lines"


def test_a_new_format_is_one_registry_line(monkeypatch, tmp_path):
    """A format added to FORMATS alone is read, written and converted by suffix (what
    docs/architecture.md promises: its module plus one line)."""
    toy = Format("TOY", (".toy",), parse_model, lambda m: "# toy\n" + dumps_yaml(m))
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, toy))
    target = tmp_path / "k.toy"
    code, _, err = run_cli(["convert", "khorasan", str(target)])
    assert code == 0, err
    assert target.read_text().startswith("# toy\n")
    assert scenarios.load_model(target).names == scenarios.load_model().names
    code, out, err = run_cli(["query", str(target), "-t", "secret_pact", "-f", "csv"])
    assert code == 0 and out.startswith("variable,state"), err


def test_a_new_cpt_builder_is_one_registry_line(monkeypatch):
    def build_uniform(spec, ctx, at):
        return np.full((*(len(s) for _, s in ctx.parents), len(ctx.states)), 1 / len(ctx.states))

    monkeypatch.setitem(BUILDERS, "uniform", build_uniform)
    model = scenarios.parse_model(
        "name: m\nvariables:\n  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}\n"
        "  b: {states: [p, q, r], parents: [a], cpt: {uniform: {}}}\n"
    )
    assert scenarios.Engine(model).query({"a": "x"}, ["b"])["b"]["r"] == 1 / 3
