"""Findings written in YAML (scenario files, evidence journals), read against a model: hard
findings (a state), soft findings (a mapping of state to likelihood), set beliefs (a mapping
of state to probability) and interventions; every problem located."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from scenarios.core.errors import Problems, QueryError
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model


def check_call(
    action: Callable[[], object], problems: Problems, at: Mark | None, variable: str | None = None
) -> bool:
    """Run ``action``; its QueryError becomes a problem located at ``at`` (False)."""
    try:
        action()
    except QueryError as exc:
        problems.add(str(exc), at, variable)
        return False
    return True


def read_findings(
    body: Any,
    spec: LocatedDict,
    model: Model,
    problems: Problems,
    scenario: str,
    key: str = "evidence",
    place: Callable[[str], str] | None = None,
) -> tuple[dict[str, str], dict[str, dict[str, float]]]:
    """Hard and soft findings of ``body``, checked against ``model``; ``place`` maps a name
    as written to the model's (a journal entry's date to its slice, see
    :func:`~scenarios.model.time.placed_at`)."""
    hard: dict[str, str] = {}
    soft: dict[str, dict[str, float]] = {}
    if body is None:
        return hard, soft
    if not isinstance(body, LocatedDict):
        problems.add(f"'{key}' must map variables to states", spec.value_marks[key], scenario)
        return hard, soft
    for written, value in body.items():
        at = body.value_marks[written]
        var = _named(model, written, place, problems, body.key_marks[written], scenario)
        if var is None:
            continue
        if isinstance(value, LocatedDict) and key == "evidence":
            likelihoods = {str(s): v for s, v in value.items()}
            if check_call(
                partial(model.variable(var).likelihoods, likelihoods),
                problems,
                at,
                scenario,
            ):
                soft[var] = likelihoods
        elif isinstance(value, (LocatedDict, LocatedList)):
            problems.add(
                f"'{key}' of '{var}' must be one state, written as a name",
                at,
                scenario,
                f"write e.g. {var}: {model.variable(var).states[-1]}",
            )
        else:
            state = body.text(written) or ""  # as written: 01 is "01", not the number 1
            if check_call(partial(model.variable(var).check_state, state), problems, at, scenario):
                hard[var] = state
    return hard, soft


def read_beliefs(
    spec: LocatedDict,
    model: Model,
    problems: Problems,
    scenario: str,
    taken: set[str],
    place: Callable[[str], str] | None = None,
) -> dict[str, dict[str, float]]:
    """``beliefs:``: each variable mapped to the distribution the analyst states for it."""
    body = spec.get("beliefs")
    if body is None:
        return {}
    if not isinstance(body, LocatedDict):
        problems.add(
            "'beliefs' must map variables to distributions",
            spec.value_marks["beliefs"],
            scenario,
            "write e.g. beliefs: {is_funding: {high: 0.8, medium: 0.2}}",
        )
        return {}
    out = {}
    for written, value in body.items():
        at = body.value_marks[written]
        var = _named(model, written, place, problems, body.key_marks[written], scenario)
        if var is None:
            continue
        if var in taken:
            problems.add(f"'{var}' has a belief and another finding", at, scenario, "keep one")
        elif not isinstance(value, LocatedDict):
            problems.add(
                f"the belief on '{var}' must map states to probabilities",
                at,
                scenario,
                f"write e.g. {var}: {{{model.variable(var).states[-1]}: 0.8, ...}}",
            )
        else:
            stated = {str(s): p for s, p in value.items()}
            if check_call(partial(model.variable(var).belief, stated), problems, at, scenario):
                out[var] = stated
    return out


def _named(
    model: Model,
    written: str,
    place: Callable[[str], str] | None,
    problems: Problems,
    at: Mark,
    scenario: str,
) -> str | None:
    """The model's name for ``written`` (placed by ``place``), or None after a located
    problem (an unknown name, a date outside the slices)."""
    try:
        name = place(written) if place is not None else written
        model.check_variable(name)
    except QueryError as exc:
        problems.add(str(exc), at, scenario)
        return None
    return name


def findings_body(evidence: Evidence) -> dict[str, Any]:
    """The keys a scenario or a journal entry writes for ``evidence``, as the readers above
    read them back: ``evidence`` (a state for a hard finding, a mapping of likelihoods for a
    soft one), ``beliefs`` and ``do``, each only when there is any.

    >>> findings_body(Evidence({"a": "x"}, do={"b": "y"}))
    {'evidence': {'a': 'x'}, 'do': {'b': 'y'}}
    """
    body: dict[str, Any] = {}
    findings = {**evidence.hard, **{k: dict(v) for k, v in evidence.soft.items()}}
    if findings:
        body["evidence"] = findings
    if evidence.beliefs:
        body["beliefs"] = {k: dict(v) for k, v in evidence.beliefs.items()}
    if evidence.do:
        body["do"] = dict(evidence.do)
    return body
