"""Helpers the tests share (not fixtures: those are in conftest.py): paths, the one CLI
runner, located-error and refusal checks, pgmpy and pyAgrum references, small models."""

from __future__ import annotations

import contextlib
import io
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scenarios import Model
from scenarios.cli import main

ROOT = Path(__file__).resolve().parents[1]
KHORASAN = ROOT / "models" / "khorasan.yaml"


def pgmpy_posteriors(model: Model, evidence: dict[str, str], targets: list[str]):
    """Posteriors from pgmpy's VariableElimination, one target at a time."""
    from pgmpy.inference import VariableElimination

    from scenarios.io.pgmpy_bridge import to_pgmpy

    ve = VariableElimination(to_pgmpy(model))
    out = {}
    for target in targets:
        if target in evidence:
            continue
        factor = ve.query([target], evidence=evidence, show_progress=False)
        states = model.variables[target].states
        out[target] = np.array([factor.get_value(**{target: s}) for s in states])
    return out


def brute_force(model: Model, evidence: dict[str, str]):
    """Every posterior and P(evidence) by enumerating the full joint (tiny models only)."""
    names = model.names
    joint = np.ones(())
    for i, name in enumerate(names):
        var = model.variables[name]
        axes = [names.index(p) for p in var.parents] + [i]
        shape = [1] * len(names)
        for axis, size in zip(axes, var.cpt.shape, strict=True):
            shape[axis] = size
        order = np.argsort(axes)
        joint = joint * np.transpose(var.cpt, order).reshape(shape)
    for name, state in evidence.items():
        mask_shape = [1] * len(names)
        mask_shape[names.index(name)] = model.variables[name].cardinality
        mask = np.zeros(model.variables[name].cardinality)
        mask[model.variables[name].state_index(state)] = 1
        joint = joint * mask.reshape(mask_shape)
    p_e = joint.sum()
    posteriors = {}
    for i, name in enumerate(names):
        other = tuple(j for j in range(len(names)) if j != i)
        marginal = joint.sum(axis=other)
        posteriors[name] = marginal / p_e if p_e > 0 else marginal
    return p_e, posteriors


BNLEARN = Path(__file__).parent / "data" / "bnlearn"  # bnlearn's networks, gzipped BIF
BNLEARN_NETWORKS = [
    "asia",
    "child",
    "insurance",
    "alarm",
    "hepar2",
    "win95pts",
    "hailfinder",
    "andes",
    "pathfinder",
]


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def refused(argv: list[str], *says: str) -> str:
    """The command exits 2 with one message (no traceback) that says each of ``says``;
    that message."""
    code, out, err = run_cli(argv)
    assert code == 2 and "Traceback" not in err, err
    for text in says:
        assert text in err + out, err
    return err


def assert_located_error(path, text: str, where: str, says: str) -> None:
    """Writing ``text`` to ``path`` makes ``validate`` exit 2 with the problem ``says`` at
    ``path:where`` (line:column, or "line:" for any column): one line, or a "problems found"
    list; no traceback."""
    path.write_text(text)
    code, out, err = run_cli(["validate", str(path)])
    assert (code, out) == (2, ""), err
    lines = err.strip().splitlines()
    assert "Traceback" not in err and (len(lines) == 1 or "problems found" in lines[0]), err
    at = f"{path}:{where}" if where.endswith(":") else f"{path}:{where}:"  # "4:": any column
    assert any(at in line and says in line for line in lines), err


GATE = """
name: gate
variables:
  a: {states: [off, on], cpt: {off: 1.0, on: 0.0}}
  b:
    states: [lo, hi]
    parents: [a]
    cpt: {table: {"a=off": [0.9, 0.1], "a=on": [0.2, 0.8]}}
"""  # a=on is impossible: sweeps over a have an impossible row


# The lawn: rain -> sprinkler -> wet, with a structural zero (no rain, sprinkler off: dry).
SPRINKLER = """
name: lawn
variables:
  rain: {states: [no, yes], cpt: {no: 0.8, yes: 0.2}}
  sprinkler:
    states: [off, on]
    parents: [rain]
    cpt: {table: {"rain=no": [0.6, 0.4], "rain=yes": [0.99, 0.01]}}
  wet:
    states: [dry, wet]
    parents: [rain, sprinkler]
    cpt:
      table:
        "rain=no, sprinkler=off": [1.0, 0.0]
        "rain=no, sprinkler=on": [0.1, 0.9]
        "rain=yes, sprinkler=off": [0.2, 0.8]
        "rain=yes, sprinkler=on": [0.01, 0.99]
"""


def pyagrum_net(model):
    """The same network built through pyAgrum's API (its BIF parser rejects state names with
    '/', which hailfinder and others use)."""
    import pyagrum as gum

    bn = gum.BayesNet(model.name)
    for name, var in model.variables.items():
        bn.add(gum.LabelizedVariable(name, name, list(var.states)))
    for name, var in model.variables.items():
        for parent in var.parents:
            bn.addArc(parent, name)
    for name, var in model.variables.items():
        cards = [model.variables[p].cardinality for p in var.parents]
        for combo in itertools.product(*(range(c) for c in cards)):
            bn.cpt(name)[dict(zip(var.parents, combo, strict=True))] = var.cpt[combo].tolist()
    return bn


def by_message(rows: list[tuple[Any, ...]]) -> list[Any]:
    """Rows of an error table as test cases named by what the message says (their last
    field), so that a failure names the mistake, not a row number."""
    return [pytest.param(*row, id=str(row[-1])) for row in rows]
