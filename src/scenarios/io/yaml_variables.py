"""The variables of a YAML model as written (:class:`Draft`), before their CPTs are built:
states (a list, or a mapping of state to definition), parents with the quote or assumption
behind each edge, role, scale and confidence; every problem located."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scenarios.core.errors import Problems
from scenarios.core.text import did_you_mean
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark, check_unknown_keys
from scenarios.io.yaml_fields import plain, read_fields, text_value
from scenarios.model.fields import VARIABLE_FIELDS
from scenarios.model.provenance import Quote
from scenarios.model.schema import is_valid_name

VARIABLE_KEYS = tuple(f.yaml for f in VARIABLE_FIELDS if f.yaml)
EDGE_KEYS = ("quote", "assumption")
FIRST_CHARACTER = Mark(1, 1)


@dataclass
class Draft:
    """A variable as written, before its CPT is built."""

    name: str
    mark: Mark
    body: LocatedDict
    states: tuple[str, ...] = ()
    definitions: dict[str, str] = field(default_factory=dict)
    state_labels: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)  # parent -> quote ('' if none)
    assumptions: dict[str, str] = field(default_factory=dict)  # parent -> assumption
    parent_marks: dict[str, Mark] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # the rest, read once (yaml_fields)
    ok: bool = True


def mark_of_value(value: Any) -> Mark:
    return getattr(value, "mark", FIRST_CHARACTER)


def parse_variables(doc: LocatedDict, problems: Problems) -> list[Draft]:
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


def _parse_variable(name: str, mark: Mark, body: LocatedDict, problems: Problems) -> Draft:
    draft = Draft(name, mark, body)
    check_unknown_keys(body, VARIABLE_KEYS, problems, name)
    draft.states = _parse_states(draft, problems)
    draft.ok = bool(draft.states)
    _parse_state_labels(draft, problems)
    parse_parents(draft, problems)
    draft.fields = read_fields(body, VARIABLE_FIELDS, problems, name)
    if body.get("source") and body.get("assumption"):
        problems.add(
            "has both a quote ('source:') and an 'assumption:'",
            body.key_marks["assumption"],
            name,
            "keep the quote if the source states what the variable is, else keep the assumption",
        )
    elif isinstance(body.get("source"), str) and body["source"].strip():
        draft.quotes.append(Quote(body["source"], body.value_marks["source"], name))
    if draft.fields["decision"] and len(draft.states) == 1:
        problems.add(
            "a decision needs at least two options (its states)",
            body.value_marks.get("states", mark),
            name,
            "list every option the planner has, the status quo first",
        )
    if "cpt" not in body and not draft.fields["decision"]:
        problems.add("missing 'cpt'", mark, name, "add 'cpt:' with the prior or the table")
        draft.ok = False
    return draft


def _parse_states(draft: Draft, problems: Problems) -> tuple[str, ...]:
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


def _parse_defined_states(draft: Draft, states: LocatedDict, problems: Problems) -> tuple[str, ...]:
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
        elif definition and plain(
            definition,
            f"the definition of state '{state}'",
            states.value_marks[state],
            problems,
            draft.name,
        ):
            draft.definitions[str(state)] = definition.strip()
    items = [(key, key, states.key_marks[key]) for key in states]
    return _state_names(items, problems, draft.name)


def _parse_state_labels(draft: Draft, problems: Problems) -> None:
    """``labels:``: a mapping of some of the variable's states to text."""
    labels, name = draft.body.get("labels"), draft.name
    if labels is None:
        return
    if not isinstance(labels, LocatedDict):
        problems.add(
            "'labels' must map states to text",
            draft.body.value_marks["labels"],
            name,
            "write e.g. 'labels: {high: many defections to IS}'",
        )
        return
    for state, text in labels.items():
        if draft.states and state not in draft.states:
            problems.add(
                f"'labels' names no state {state!r}.{did_you_mean(str(state), list(draft.states))}",
                labels.key_marks[state],
                name,
                f"label one of its states: {', '.join(draft.states)}",
            )
        elif not isinstance(text, str) or not text.strip():
            problems.add(
                f"the label of state '{state}' must be text",
                labels.value_marks[state],
                name,
                "write how a reader should read the variable in that state",
            )
        elif plain(
            text, f"the label of state '{state}'", labels.value_marks[state], problems, name
        ):
            draft.state_labels[str(state)] = text.strip()


def _state_names(items: list[Any], problems: Problems, name: str) -> tuple[str, ...]:
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


def parse_parents(draft: Draft, problems: Problems) -> None:
    parents = draft.body.get("parents")
    if parents is None:
        return
    if isinstance(parents, LocatedDict):
        for parent, basis in parents.items():
            draft.parent_marks[parent] = parents.key_marks[parent]
            _parse_edge(draft, parent, basis, parents.value_marks[parent], problems)
    elif isinstance(parents, LocatedList) and None not in parents.raw:
        for listed, m in zip(parents.raw, parents.marks, strict=True):
            name = listed or ""  # raw holds no None here
            if name in draft.parents:
                problems.add(f"parent '{name}' is listed twice", m, draft.name, "list it once")
            draft.parents[name] = ""
            draft.parent_marks[name] = m
    else:
        problems.add(
            "'parents' must map each parent to the quote that justifies the edge",
            draft.body.value_marks["parents"],
            draft.name,
            "write e.g. 'parents: {is_funding: \"...quote...\"}'",
        )
        draft.ok = False


def _parse_edge(draft: Draft, parent: str, basis: Any, at: Mark, problems: Problems) -> None:
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
        text = text_value(basis, given[0], problems, draft.name)
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
    if not plain(
        str(basis), f"the quote of edge {parent} -> {draft.name}", at, problems, draft.name
    ):
        return
    draft.parents[parent] = str(basis).strip()
    if draft.parents[parent]:
        draft.quotes.append(Quote(str(basis), at, draft.name, parent))
