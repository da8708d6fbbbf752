"""Scenario files: named scenarios with findings, interventions and expectations.

A scenario file names its model (a path relative to the file, or a bundled model's name) and a
baseline, then each scenario::

    model: ../models/khorasan.yaml
    baseline: status_quo
    targets: [defection_rate, secret_pact, fata_relocation]
    scenarios:
      status_quo:
        description: Nothing observed.
      funding_surge:
        description: IS money pours in; we are fairly sure, not certain.
        evidence:
          is_funding: {high: 0.9, medium: 0.1}   # a mapping is soft evidence
          peace_process: talks                   # a state is a hard finding
        beliefs: {leadership_visibility: {low: 0.7, high: 0.3}}  # Jeffrey's rule
        do: {taliban_stance: confront}           # interventions
        expect:
          - "defection_rate rises vs baseline"
          - "P(fata_relocation=yes) > 0.5"

A model file may also carry a ``scenarios:`` section; then the model is that file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from scenarios.core.errors import Problems, QueryError
from scenarios.core.text import did_you_mean, is_plain_text, plain_text
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark, check_unknown_keys, read_yaml
from scenarios.io.files import read_text
from scenarios.io.loading import load_model
from scenarios.io.yaml_findings import check_call, read_beliefs, read_findings
from scenarios.io.yaml_reader import TOP_KEYS
from scenarios.model.evidence import Evidence
from scenarios.model.expectations import Expectation, parse_expectation, resolve_expectation
from scenarios.model.schema import Model
from scenarios.model.time import canonical

FILE_KEYS = ("model", "baseline", "targets", "scenarios", "name", "description")
SCENARIO_KEYS = ("description", "evidence", "beliefs", "do", "expect")


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str = ""
    evidence: Evidence = field(default_factory=Evidence)
    expectations: tuple[Expectation, ...] = ()


@dataclass(frozen=True)
class ScenarioSet:
    model: Model
    scenarios: dict[str, Scenario]
    baseline: str
    targets: tuple[str, ...] = ()
    path: str = ""
    name: str = ""  # the file's own name: and description:, for briefings
    description: str = ""

    def under(self, evidence: Evidence) -> ScenarioSet:
        """Every scenario on top of ``evidence`` (its own findings replace those on the same
        variables)."""
        scenarios = {
            name: replace(s, evidence=evidence.merged(s.evidence))
            for name, s in self.scenarios.items()
        }
        return replace(self, scenarios=scenarios)


def load_scenario_file(path: str | Path, cache: bool = False) -> ScenarioSet:
    """Read a scenario file; its ``model:`` is a file beside it or a bundled model's name,
    kept once read with ``cache`` (:mod:`scenarios.io.model_cache`)."""
    path = Path(path)
    return parse_scenario_text(read_text(path), path, cache)


def parse_scenario_text(text: str, path: Path, cache: bool = False) -> ScenarioSet:
    """A scenario file's ``text`` read as the file at ``path`` (its model found beside it):
    what a writer checks before it replaces the file."""
    doc = read_yaml(text, str(path))
    problems = Problems(str(path), kind="scenario")
    if not isinstance(doc, LocatedDict) or "scenarios" not in doc:
        problems.add(
            "a scenario file is a mapping with a 'scenarios:' section",
            getattr(doc, "mark", Mark(1, 1)),
            hint="see examples/khorasan-scenarios.yaml",
        )
        problems.raise_if_any()
    reference = path if "variables" in doc else doc.get("model")
    if reference is not path and reference is not None:
        check_model_inside(path, str(reference), doc.value_marks["model"])
    model = load_model(reference, base_dir=path.parent, cache=cache)
    allowed = TOP_KEYS if "variables" in doc else FILE_KEYS  # a model file: the model's keys
    check_unknown_keys(doc, allowed, problems)
    scenarios = _scenarios(doc, model, problems)
    baseline = (
        doc.text("baseline") if doc.get("baseline") is not None else next(iter(scenarios), "")
    )
    if scenarios and baseline not in scenarios:
        problems.add(
            f"baseline '{baseline}' is not one of the scenarios."
            f"{did_you_mean(baseline, list(scenarios))}",
            doc.value_marks.get("baseline"),
            hint="name one of the scenarios",
        )
    targets = _targets(doc, model, problems)
    problems.raise_if_any()
    name, description = (
        plain_text(doc.text(key) or "").strip() if isinstance(doc.get(key), str) else ""
        for key in ("name", "description")
    )
    return ScenarioSet(model, scenarios, baseline, targets, str(path), name, description)


def check_model_inside(path: Path, reference: str, mark: Mark) -> None:
    """A model named by a scenario file must be in the file's folder (or below it): a file
    someone sends must not make the tool read elsewhere on the machine."""
    folder = path.parent.resolve()
    target = (folder / reference).resolve()
    if not target.is_relative_to(folder):
        problems = Problems(str(path), kind="scenario")
        problems.add(
            f"the model path '{reference}' leads outside this file's folder",
            mark,
            hint="put the model beside the scenario file (or below it), or name a bundled model",
        )
        problems.raise_if_any()


def _targets(doc: LocatedDict, model: Model, problems: Problems) -> tuple[str, ...]:
    targets = doc.get("targets")
    if targets is None:
        return ()
    if not isinstance(targets, LocatedList):
        problems.add("'targets' must be a list of variables", doc.value_marks["targets"])
        return ()
    names = [  # a slice by its index as the model names it (VAR@0 -> VAR@2015Q1)
        canonical(model, raw if raw is not None else str(t))
        for t, raw in zip(targets, targets.raw, strict=True)
    ]
    for name, mark in zip(names, targets.marks, strict=True):
        check_call(partial(model.check_variable, name), problems, mark)
    return tuple(names)


def _scenarios(doc: LocatedDict, model: Model, problems: Problems) -> dict[str, Scenario]:
    body = doc["scenarios"]
    if not isinstance(body, LocatedDict) or not body:
        problems.add(
            "'scenarios' must map scenario names to scenarios",
            doc.value_marks["scenarios"],
            hint="add at least one scenario",
        )
        return {}
    out = {}
    for name, spec in body.items():
        if spec is None:
            spec = LocatedDict()
            spec.mark, spec.key_marks, spec.value_marks = body.value_marks[name], {}, {}
            spec.raw = {}
        if not isinstance(spec, LocatedDict):
            problems.add("a scenario must be a mapping", body.value_marks[name], name)
            continue
        out[name] = _scenario(name, spec, model, problems)
    return out


def _scenario(name: str, spec: LocatedDict, model: Model, problems: Problems) -> Scenario:
    check_unknown_keys(spec, SCENARIO_KEYS, problems, name)
    place = partial(canonical, model)  # a slice by its index, as the model names it
    hard, soft = read_findings(spec.get("evidence"), spec, model, problems, name, place=place)
    do, _ = read_findings(spec.get("do"), spec, model, problems, name, key="do", place=place)
    beliefs = read_beliefs(spec, model, problems, name, {*hard, *soft, *do}, place)
    expectations = []
    items = spec.get("expect")
    if items is not None and not isinstance(items, LocatedList):
        problems.add("'expect' must be a list of statements", spec.value_marks["expect"], name)
        items = None
    for text, mark in zip(getattr(items, "raw", []), getattr(items, "marks", []), strict=True):
        if text is None:
            problems.add(
                "an expectation is one statement in quotes",
                mark,
                name,
                'write e.g. - "P(x=high) rises by at least 5 pp vs baseline"',
            )
            continue
        try:
            expectation = parse_expectation(text)
        except ValueError as exc:
            problems.add(str(exc), mark, name)
            continue
        try:
            expectations.append(resolve_expectation(model, expectation))
        except QueryError as exc:
            problems.add(str(exc), mark, name)
    description = spec.text("description") or "" if spec.get("description") is not None else ""
    if not is_plain_text(description):
        problems.add(
            "the description holds a control character",
            spec.value_marks["description"],
            name,
            "remove it: only tabs and line breaks may stand in text",
        )
    return Scenario(
        name,
        plain_text(description).strip(),
        Evidence(hard, soft, do, beliefs),
        tuple(expectations),
    )
