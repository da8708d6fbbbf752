"""Adding a named scenario to a scenario file (``scenarios explore`` saves the evidence on
screen this way): the scenario is written as YAML at the end of the ``scenarios:`` block,
the whole file is read back and checked before anything is written, and the file is
replaced atomically, its comments, order and mode kept. A file that does not exist yet is
created, naming the model."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from scenarios.core.errors import QueryError
from scenarios.core.inputs import release_input
from scenarios.core.text import is_plain_text, quoted
from scenarios.core.yamltree import LocatedDict, read_yaml
from scenarios.io.atomic import atomic_write_bytes, editing
from scenarios.io.bundled import bundled_name
from scenarios.io.files import read_text
from scenarios.io.scenariofile import ScenarioSet, parse_scenario_text
from scenarios.io.yaml_findings import findings_body
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model


def scenario_yaml(name: str, description: str, evidence: Evidence, indent: int) -> str:
    """The scenario as an entry of the ``scenarios:`` mapping, indented ``indent`` spaces.

    >>> print(scenario_yaml("surge", "IS money.", Evidence({"is_funding": "high"}), 2), end="")
      surge:
        description: IS money.
        evidence: {is_funding: high}
    """
    body = {"description": description} if description else {}
    body.update(findings_body(evidence))
    text = yaml.safe_dump(
        {name: body}, sort_keys=False, allow_unicode=True, default_flow_style=None, width=88
    )
    return "".join(f"{' ' * indent}{line}\n" for line in text.splitlines())


def model_reference(model: Model, path: Path) -> str:
    """How a new scenario file at ``path`` names ``model``: a bundled model by its name,
    another by its path relative to the file's folder (which must hold it)."""
    if model.path is None:
        return model.name
    bundled = bundled_name(model.path)
    if bundled is not None:
        return bundled
    source = Path(model.path).resolve()
    folder = path.parent.resolve()
    if not source.is_relative_to(folder):
        raise QueryError(
            f"a scenario file names its model by a path inside its own folder: put {path.name} "
            f"in {source.parent} (or below it), beside the model {source.name}"
        )
    return Path(os.path.relpath(source, folder)).as_posix()


def add_scenario(
    path: str | Path, name: str, description: str, evidence: Evidence, model: Model
) -> ScenarioSet:
    """Add the scenario ``name`` to the file at ``path`` (created for ``model`` when there is
    none) and return the file's scenarios as written. QueryError when the name is taken or
    unusable, or the file's ``scenarios:`` is not a block mapping."""
    path = Path(path)
    name, description = name.strip(), description.strip()
    if not name or not is_plain_text(name) or "\n" in name:
        raise QueryError("a scenario's name is one line of text: give it a name")
    with editing(path):  # concurrent saves wait their turn: none is lost
        if path.exists():
            old = read_text(path)
            release_input(path)  # the file this command edits on purpose
        else:
            old = f"model: {model_reference(model, path)}\nscenarios:\n"
        new = _inserted(old, path, name, description, evidence)
        scenarios = parse_scenario_text(new, path)  # every problem found before writing
        atomic_write_bytes(path, new.encode("utf-8"))
    return scenarios


def _inserted(text: str, path: Path, name: str, description: str, evidence: Evidence) -> str:
    """``text`` with the scenario added after the last line of its ``scenarios:`` block."""
    doc = read_yaml(text, str(path))
    if not isinstance(doc, LocatedDict) or "scenarios" not in doc:
        raise QueryError(f"{path}: a scenario file is a mapping with a 'scenarios:' section")
    body = doc["scenarios"]
    key_line = doc.key_marks["scenarios"].line - 1  # 0-based
    lines = text.splitlines(keepends=True)
    inline = lines[key_line].partition(":")[2].split("#")[0].strip()
    if body is not None and (not isinstance(body, LocatedDict) or inline):
        raise QueryError(
            f"{path}:{key_line + 1}: scenarios are added to a block 'scenarios:' mapping: "
            "write each scenario on its own lines ('  name:' under 'scenarios:')"
        )
    if isinstance(body, LocatedDict) and name in body:
        raise QueryError(f"{path} already has a scenario {quoted(name)}: choose another name")
    indent = next(iter(body.key_marks.values())).column - 1 if body else 2
    end = key_line + 1
    for number in range(key_line + 1, len(lines)):
        line = lines[number]
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            break  # the next top-level key
        if line.strip() and line[0].isspace():
            end = number + 1  # the block's last indented line so far
    head = "".join(lines[:end])
    if head and not head.endswith("\n"):
        head += "\n"
    return head + scenario_yaml(name, description, evidence, indent) + "".join(lines[end:])
