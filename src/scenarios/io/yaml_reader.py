"""Load a YAML model file into a validated :class:`Model`, reporting every problem at once.

Example:
    >>> m = parse_model('''
    ... name: tiny
    ... variables:
    ...   rain: {states: [no, yes], cpt: {no: 0.8, yes: 0.2}}
    ... ''', "tiny.yaml")
    >>> m.variables["rain"].cpt.tolist()
    [0.8, 0.2]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import Problems
from scenarios.core.text import did_you_mean, is_plain_text, plain_text
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark, check_unknown_keys, read_yaml
from scenarios.cpt import CptContext, build_cpt, check_rows
from scenarios.model.graph import find_cycle
from scenarios.model.provenance import Quote, check_quotes, parse_sources
from scenarios.model.schema import ROLES, Model, Variable, is_valid_name

TOP_KEYS = (
    "name",
    "description",
    "source",
    "sources",
    "horizon",
    "confidence",
    "variables",
    "scenarios",
    "baseline",
    "targets",
)
VARIABLE_KEYS = (
    "description",
    "states",
    "parents",
    "source",
    "assumption",
    "cpt",
    "role",
    "scale",
    "confidence",
)
EDGE_KEYS = ("quote", "assumption")
SCALES = ("ordinal", "nominal")
FIRST_CHARACTER = Mark(1, 1)


@dataclass
class _Draft:
    """A variable as written, before its CPT is built."""

    name: str
    mark: Mark
    body: LocatedDict
    states: tuple[str, ...] = ()
    definitions: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)  # parent -> quote ('' if none)
    assumptions: dict[str, str] = field(default_factory=dict)  # parent -> assumption
    parent_marks: dict[str, Mark] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    ok: bool = True


def parse_model(text: str, filename: str = "<model>", base_dir: str | Path | None = None) -> Model:
    """Validate YAML ``text`` as a model; ``filename`` is used in error messages, ``base_dir``
    (default: the folder of ``filename``) is where the files of its ``sources:`` are found."""
    problems = Problems(filename)
    warnings = Problems(filename)
    doc = read_yaml(text, filename)
    if doc is None:
        problems.add(
            "the file is empty",
            (1, 1),
            hint="start with 'name:' and 'variables:' (see docs/model-format.md)",
        )
        problems.raise_if_any()
    if not isinstance(doc, LocatedDict):
        problems.add(
            "the top level must be a mapping with 'name' and 'variables'",
            _mark(doc),
            hint="see docs/model-format.md for a complete example",
        )
        problems.raise_if_any()
    check_unknown_keys(doc, TOP_KEYS, problems, None)
    name = _text(doc, "name", problems, None, required=True)
    drafts = _parse_variables(doc, problems)
    _check_graph(drafts, problems)
    variables = _build_variables(drafts, problems)
    confidence = _confidence(doc, problems, None)
    sources = (
        parse_sources(doc["sources"], doc.value_marks["sources"], problems)
        if "sources" in doc
        else ()
    )
    folder = Path(base_dir) if base_dir is not None else Path(filename).parent
    check_quotes([q for d in drafts for q in d.quotes], sources, folder, problems, warnings)
    _warn(drafts, bool(sources), warnings)
    texts = {key: _text(doc, key, problems, None) for key in ("description", "source", "horizon")}
    problems.raise_if_any()
    return Model(
        name=name,
        variables={d.name: variables[d.name] for d in drafts},
        path=filename,
        confidence=confidence,
        sources=sources,
        warnings=tuple(warnings.items),
        **texts,
    )


def _warn(drafts: list[_Draft], has_sources: bool, warnings: Problems) -> None:
    """What is legal but probably not meant: a driver with causes, and (in a model that names
    its sources) a variable or edge with neither a quote nor an assumption."""
    for d in drafts:
        if d.body.get("role") == "driver" and d.parents:
            warnings.add(
                "has role 'driver' but has parents",
                d.body.value_marks["role"],
                d.name,
                "drivers are the model's exogenous inputs: make it a 'mediator', or "
                "remove its parents",
            )
        if not has_sources:
            continue
        if not (d.body.get("source") or d.body.get("assumption")):
            warnings.add(
                "has neither a quote ('source:') nor an 'assumption:'",
                d.mark,
                d.name,
                "quote the source, or say why you believe in it as 'assumption:'",
            )
        for parent, mark in d.parent_marks.items():
            if not (d.parents.get(parent) or d.assumptions.get(parent)):
                warnings.add(
                    f"edge {parent} -> {d.name} has neither a quote nor an assumption",
                    mark,
                    d.name,
                    f"write '{parent}: \"<quote>\"' or '{parent}: {{assumption: \"<why>\"}}'",
                )


def _mark(value: Any) -> Mark:
    return getattr(value, "mark", FIRST_CHARACTER)


def _text(
    body: LocatedDict, key: str, problems: Problems, variable: str | None, required: bool = False
) -> str:
    value = body.get(key)
    if value is None:
        if required:
            problems.add(f"missing '{key}'", body.mark, variable, f"add '{key}: ...'")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(
            f"'{key}' must be text",
            body.value_marks[key],
            variable,
            "write it as a plain or quoted string",
        )
        return ""
    text = (body.text(key) or "").strip()  # as written: 'name: 01' is "01", not "1"
    return text if _plain(text, f"'{key}'", body.value_marks[key], problems, variable) else ""


def _plain(text: str, what: str, at: Mark, problems: Problems, variable: str | None) -> bool:
    """Free text holds no control character but tabs and line breaks (ESC would reach a
    terminal raw); a located problem if it does."""
    if is_plain_text(text):
        return True
    problems.add(
        f"{what} holds a control character ({plain_text(text)[:60]!r})",
        at,
        variable,
        "remove it: only tabs and line breaks may stand in text",
    )
    return False


def _parse_variables(doc: LocatedDict, problems: Problems) -> list[_Draft]:
    variables = doc.get("variables")
    if not isinstance(variables, LocatedDict) or not variables:
        at = doc.value_marks.get("variables", doc.mark)
        problems.add(
            "'variables' must be a non-empty mapping of variable names",
            at,
            hint="add 'variables:' with one entry per variable",
        )
        return []
    drafts = []
    for name, body in variables.items():
        mark = variables.key_marks[name]
        if not is_valid_name(name):
            problems.add(
                f"variable name {name!r} is not allowed",
                mark,
                hint="use a name "
                "without ',', '=', '~', ':', control characters or surrounding spaces, "
                "e.g. is_funding",
            )
        if not isinstance(body, LocatedDict):
            problems.add(
                "a variable must be a mapping with 'states' and 'cpt'",
                variables.value_marks[name],
                name,
                "see docs/model-format.md",
            )
            continue
        drafts.append(_parse_variable(name, mark, body, problems))
    return drafts


def _parse_variable(name: str, mark: Mark, body: LocatedDict, problems: Problems) -> _Draft:
    draft = _Draft(name, mark, body)
    check_unknown_keys(body, VARIABLE_KEYS, problems, name)
    draft.states = _parse_states(draft, problems)
    draft.ok = bool(draft.states)
    _parse_parents(draft, problems)
    for key, allowed in (("role", ROLES), ("scale", SCALES)):
        value = body.get(key)
        if value is not None and value not in allowed:
            problems.add(
                f"'{key}' is '{value}'.{did_you_mean(str(value), allowed)}",
                body.value_marks[key],
                name,
                f"use one of: {', '.join(allowed)}",
            )
    for key in ("description", "source", "assumption"):
        _text(body, key, problems, name)
    if body.get("source") and body.get("assumption"):
        problems.add(
            "has both a quote ('source:') and an 'assumption:'",
            body.key_marks["assumption"],
            name,
            "keep the quote if the source states what the variable is, else keep the assumption",
        )
    elif isinstance(body.get("source"), str) and body["source"].strip():
        draft.quotes.append(Quote(body["source"], body.value_marks["source"], name))
    _confidence(body, problems, name)
    if "cpt" not in body:
        problems.add("missing 'cpt'", mark, name, "add 'cpt:' with the prior or the table")
        draft.ok = False
    return draft


def _confidence(body: LocatedDict, problems: Problems, variable: str | None) -> float | None:
    value = body.get("confidence")
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        problems.add(
            f"'confidence' is {value!r}; it must be a number above 0",
            body.value_marks["confidence"],
            variable,
            "give an equivalent sample size, e.g. confidence: 20",
        )
        return None
    return float(value)


def _parse_states(draft: _Draft, problems: Problems) -> tuple[str, ...]:
    """``states:`` as a list of names, or a mapping of each name to its definition."""
    body, name = draft.body, draft.name
    states = body.get("states")
    at = body.value_marks.get("states", body.mark)
    if isinstance(states, LocatedDict) and states:
        return _parse_defined_states(draft, states, problems)
    if not isinstance(states, LocatedList) or not states:
        problems.add(
            "'states' must be a non-empty list (or a mapping of state to definition)",
            at,
            name,
            "list the states from lowest to highest, e.g. [low, medium, high]",
        )
        return ()
    return _state_names(list(zip(states, states.raw, states.marks, strict=True)), problems, name)


def _parse_defined_states(
    draft: _Draft, states: LocatedDict, problems: Problems
) -> tuple[str, ...]:
    for state, definition in states.items():
        if (
            definition is not None
            and not isinstance(definition, str)
            or isinstance(definition, str)
            and not definition.strip()
        ):
            problems.add(
                f"the definition of state '{state}' must be text",
                states.value_marks[state],
                draft.name,
                "write what the state means, e.g. 'high: more than 10 a month'",
            )
        elif definition and _plain(
            definition,
            f"the definition of state '{state}'",
            states.value_marks[state],
            problems,
            draft.name,
        ):
            draft.definitions[str(state)] = definition.strip()
    items = [(key, key, states.key_marks[key]) for key in states]
    return _state_names(items, problems, draft.name)


def _state_names(items: list, problems: Problems, name: str) -> tuple[str, ...]:
    out: list[str] = []
    for item, raw, m in items:
        state = raw if raw is not None and not isinstance(item, (dict, list)) else None
        if state is None or not is_valid_name(state):  # 'null' is a name, as written
            problems.add(
                f"state {state if state is not None else item!r} is not a usable name",
                m,
                name,
                "write a name without ',', '=', '~', ':', control characters or surrounding spaces",
            )
            return ()
        if state in out:
            problems.add(f"duplicate state '{state}'", m, name, "list each state once")
            return ()
        out.append(state)
    return tuple(out)


def _parse_parents(draft: _Draft, problems: Problems) -> None:
    parents = draft.body.get("parents")
    if parents is None:
        return
    if isinstance(parents, LocatedDict):
        for parent, basis in parents.items():
            draft.parent_marks[parent] = parents.key_marks[parent]
            _parse_edge(draft, parent, basis, parents.value_marks[parent], problems)
    elif isinstance(parents, LocatedList) and None not in parents.raw:
        for parent, m in zip(parents.raw, parents.marks, strict=True):
            if parent in draft.parents:
                problems.add(f"parent '{parent}' is listed twice", m, draft.name, "list it once")
            draft.parents[parent] = ""
            draft.parent_marks[parent] = m
    else:
        problems.add(
            "'parents' must map each parent to the quote that justifies the edge",
            draft.body.value_marks["parents"],
            draft.name,
            "write e.g. 'parents: {is_funding: \"...quote...\"}'",
        )
        draft.ok = False


def _parse_edge(draft: _Draft, parent: str, basis: Any, at: Mark, problems: Problems) -> None:
    """An edge's basis: a quote (plain text), ``{quote: ...}`` or ``{assumption: ...}``."""
    draft.parents[parent] = ""
    if basis is None:
        return
    if isinstance(basis, LocatedDict):
        check_unknown_keys(basis, EDGE_KEYS, problems, draft.name)
        given = [k for k in EDGE_KEYS if k in basis]
        if len(given) != 1:
            problems.add(
                f"edge {parent} -> {draft.name} needs exactly one of 'quote' or 'assumption'",
                at,
                draft.name,
                'write {quote: "..."} when the '
                'source states the link, else {assumption: "why you believe it"}',
            )
            return
        text = _text(basis, given[0], problems, draft.name)
        at = basis.value_marks[given[0]]
        if given[0] == "assumption":
            draft.assumptions[parent] = text
            return
        basis = text
    if isinstance(basis, (dict, list, bool)):
        problems.add(
            f"the quote of edge {parent} -> {draft.name} must be text",
            at,
            draft.name,
            'write the quote as a string, or {assumption: "..."}',
        )
        return
    if not _plain(
        str(basis), f"the quote of edge {parent} -> {draft.name}", at, problems, draft.name
    ):
        return
    draft.parents[parent] = str(basis).strip()
    if draft.parents[parent]:
        draft.quotes.append(Quote(str(basis), at, draft.name, parent))


def _check_graph(drafts: list[_Draft], problems: Problems) -> None:
    known = {d.name: d for d in drafts}
    for d in drafts:
        for parent in d.parents:
            if parent not in known:
                problems.add(
                    f"unknown parent '{parent}'.{did_you_mean(parent, list(known))}",
                    d.parent_marks[parent],
                    d.name,
                    "declare it under 'variables' or fix the spelling",
                )
                d.ok = False
    graph = {d.name: [p for p in d.parents if p in known] for d in drafts}
    cycle = find_cycle(graph)
    if cycle:
        arrows = " -> ".join(reversed(cycle))
        problems.add(
            f"the parents form a cycle: {arrows}",
            known[cycle[0]].mark,
            cycle[0],
            "remove one of these edges; a causal network must be acyclic",
        )
        for name in cycle:
            known[name].ok = False


def _build_variables(drafts: list[_Draft], problems: Problems) -> dict[str, Variable]:
    known = {d.name: d for d in drafts}
    out: dict[str, Variable] = {}
    for d in drafts:
        parents_ready = all(p in known and known[p].states for p in d.parents)
        if not (d.states and "cpt" in d.body):
            continue
        ctx = CptContext(
            problems,
            d.name,
            d.states,
            [(p, known[p].states if p in known else ()) for p in d.parents],
            d.mark,
            scale=d.body.get("scale") or "ordinal",
            nominal_parents=frozenset(
                p for p in d.parents if p in known and known[p].body.get("scale") == "nominal"
            ),
        )
        if not (d.ok and parents_ready):
            check_rows(d.body["cpt"], ctx)
            continue
        cells = len(d.states) * math.prod(len(known[p].states) for p in d.parents)
        if cells > limits.get("cpt_cells"):
            problems.add(
                limits.refusal("the number of cells of this CPT", cells, "cpt_cells"),
                d.body.value_marks["cpt"],
                d.name,
            )
            continue
        cpt = build_cpt(d.body["cpt"], ctx, d.body.value_marks["cpt"])
        if cpt is not None:
            out[d.name] = _variable(d, np.asarray(cpt, dtype=float))
    return out


def _variable(d: _Draft, cpt: np.ndarray) -> Variable:
    b = d.body
    return Variable(
        name=d.name,
        states=d.states,
        parents=tuple(d.parents),
        cpt=cpt,
        description=str(b.get("description") or "").strip(),
        source=str(b.get("source") or "").strip(),
        edge_sources={p: q for p, q in d.parents.items() if q},
        role=b.get("role"),
        scale=b.get("scale") or "ordinal",
        confidence=_confidence(b, Problems(""), d.name),
        assumption=str(b.get("assumption") or "").strip(),
        edge_assumptions=dict(d.assumptions),
        definitions=dict(d.definitions),
    )
