"""An analyst's assessments of a shared model (``analysts/NAME.yaml``), read and checked against
it with located errors, as the model itself is.

    analyst: alice            # default: the file's name without .yaml
    model: khorasan           # optional: the model assessed, by name (checked)
    variables:
      defection_rate:
        reason: why this analyst's table differs     # required, one per variable
        cpt: {table: {...}}   # the analyst's table: any table or builder the model format takes
        confidence: 20        # and/or the weight of its rows, in cases

A variable the file does not name keeps the shared model's table for this analyst.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.core.errors import Problems, QueryError
from scenarios.core.text import did_you_mean
from scenarios.core.yamltree import LocatedDict, Mark, check_unknown_keys, read_yaml
from scenarios.cpt import build_cpt
from scenarios.cpt.table import CptContext
from scenarios.io.files import read_text
from scenarios.model.schema import Model

FILE_KEYS = ("analyst", "model", "variables")
VARIABLE_KEYS = ("reason", "cpt", "confidence")


@dataclass(frozen=True)
class Assessment:
    """One analyst's tables and confidences for some of a model's variables, each with its
    reason, and where the file said so (for located messages)."""

    analyst: str
    path: str
    tables: dict[str, np.ndarray] = field(default_factory=dict)
    confidences: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    mark: Mark = field(default=Mark(1, 1))

    @property
    def assessed(self) -> list[str]:
        return list(self.reasons)


def read_analysts(paths: list[Path], model: Model) -> list[Assessment]:
    """The analysts of ``paths`` (files, or folders of ``*.yaml``), each checked against
    ``model``; QueryError for none found, ModelError (located) for a bad file or two files
    of one analyst."""
    files = [f for p in paths for f in (sorted(p.glob("*.yaml")) if p.is_dir() else [p])]
    if not files:
        raise QueryError(f"no analyst files (*.yaml) in {', '.join(map(str, paths))}")
    found: list[Assessment] = []
    for path in files:
        one = read_analyst(path, model)
        earlier = next((a for a in found if a.analyst == one.analyst), None)
        if earlier is not None:
            problems = Problems(str(path))
            problems.add(
                f"analyst '{one.analyst}' has a file already ({earlier.path})",
                one.mark,
                hint="keep one file per analyst, or name this one with 'analyst:'",
            )
            problems.raise_if_any()
        found.append(one)
    return found


def read_analyst(path: Path, model: Model) -> Assessment:
    doc = read_yaml(read_text(path), str(path))
    problems = Problems(str(path))
    if not isinstance(doc, LocatedDict) or not isinstance(doc.get("variables"), LocatedDict):
        at = getattr(doc, "mark", Mark(1, 1))
        problems.add(
            "an analyst file is a mapping with a 'variables:' section",
            at,
            hint="see docs/analysts.md",
        )
        problems.raise_if_any()
    check_unknown_keys(doc, FILE_KEYS, problems)
    name = str(doc.get("analyst") or path.stem)
    named = doc.get("model")
    if named is not None and str(named) != model.name:
        problems.add(
            f"this file assesses model '{named}', not '{model.name}'",
            doc.value_marks["model"],
            hint="check the model, or the 'model:' line",
        )
    if model.time is not None:
        problems.add(
            "analyst files assess static models: this one is time-sliced",
            doc.mark,
            hint="assess its static version",
        )
    found = Assessment(name, str(path), mark=doc.value_marks.get("analyst", doc.mark))
    for variable, body in doc["variables"].items():
        _variable(model, str(variable), body, doc["variables"].key_marks[variable], problems, found)
    problems.raise_if_any()
    return found


def _variable(
    model: Model, name: str, body: Any, at: Mark, problems: Problems, found: Assessment
) -> None:
    if name not in model.variables:
        problems.add(
            f"unknown variable '{name}'.{did_you_mean(name, model.names)}",
            at,
            name,
            "name a variable of the model",
        )
        return
    if not isinstance(body, LocatedDict):
        problems.add(
            "an assessment is a mapping with 'reason' and 'cpt' or 'confidence'",
            at,
            name,
            "write e.g. {reason: ..., cpt: {...}}",
        )
        return
    check_unknown_keys(body, VARIABLE_KEYS, problems, name)
    reason = body.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        problems.add("every assessment gives its reason", at, name, "add 'reason: ...'")
    if "cpt" not in body and "confidence" not in body:
        problems.add("nothing assessed", at, name, "give 'cpt:' or 'confidence:'")
    found.reasons[name] = str(reason or "").strip()
    if "cpt" in body:
        table = build_cpt(body["cpt"], _context(model, name, problems, at), body.value_marks["cpt"])
        if table is not None:
            found.tables[name] = np.asarray(table, dtype=float)
    if "confidence" in body:
        value = body["confidence"]
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            problems.add(
                "a confidence is a positive number of cases",
                body.value_marks["confidence"],
                name,
                "write e.g. confidence: 20",
            )
        else:
            found.confidences[name] = float(value)


def _context(model: Model, name: str, problems: Problems, at: Mark) -> CptContext:
    var = model.variables[name]
    parents = [(p, model.variables[p].states) for p in var.parents]
    nominal = frozenset(p for p in var.parents if model.variables[p].scale == "nominal")
    return CptContext(problems, name, var.states, parents, at, var.scale, nominal)
