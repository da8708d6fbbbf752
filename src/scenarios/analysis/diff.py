"""What differs between two models (two versions, or two analysts' models, in any formats):
variables, states and edges added or removed, CPT cells that changed (largest first), and the
quotes and assumptions behind variables and edges, every other field of a variable and of the
model (role, scale, confidence, what is observable, what learning did, the horizon, ...); the
status quo of each shared outcome (its probabilities with no evidence) under both; with a
scenario file, the answers of both.

CPTs are compared where a variable keeps its states and its parents (in any order: the other
model's table is transposed to match); elsewhere the table is reported as not comparable.

Example:
    >>> from scenarios import load_model
    >>> same = diff_models(load_model(), load_model())
    >>> same.is_empty
    True
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.cpt.table import format_combination
from scenarios.engine.compiled import Asked, Engine
from scenarios.io.scenariofile import ScenarioSet
from scenarios.model.schema import Model, Utility, Variable

CELL_TOLERANCE = 1e-9  # cells closer than this are the same (float noise of a round trip)


class _Moved:
    """A number before and after (the dataclasses below hold ``old`` and ``new``)."""

    old: float
    new: float

    @property
    def change(self) -> float:
        return self.new - self.old


@dataclass(frozen=True)
class CellChange(_Moved):
    variable: str
    given: str  # the parent states, "a=x, b=y" ("" for a root)
    state: str
    old: float
    new: float


@dataclass(frozen=True)
class TextChange:
    """A quote, an assumption, a description or another field of a variable that differs
    (``edge`` names the parent of an edge's quote or assumption; ``variable`` is empty for a
    field of the model itself)."""

    variable: str
    what: str
    old: str
    new: str
    edge: str = ""


@dataclass(frozen=True)
class ModelDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    states: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    edges_added: list[tuple[str, str]] = field(default_factory=list)  # (parent, child)
    edges_removed: list[tuple[str, str]] = field(default_factory=list)
    cells: list[CellChange] = field(default_factory=list)  # largest change first
    not_comparable: list[str] = field(default_factory=list)  # tables with other states/parents
    texts: list[TextChange] = field(default_factory=list)
    utilities_added: list[str] = field(default_factory=list)
    utilities_removed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return (
            not any((self.added, self.removed, self.states, self.edges_added, self.edges_removed))
            and not any(
                (self.cells, self.not_comparable, self.texts),
            )
            and not (self.utilities_added or self.utilities_removed)
        )


def diff_models(a: Model, b: Model) -> ModelDiff:
    """Everything that differs from ``a`` to ``b`` (see the module's docstring)."""
    common = [n for n in a.variables if n in b.variables]
    states = {
        n: (a.variables[n].states, b.variables[n].states)
        for n in common
        if a.variables[n].states != b.variables[n].states
    }
    edges_a, edges_b = _edges(a), _edges(b)
    cells: list[CellChange] = []
    not_comparable = []
    shared = [n for n in a.utilities if n in b.utilities]
    compared = [(n, _cell_changes) for n in common] + [(n, _value_changes) for n in shared]
    for name, changes in compared:  # tables of variables, values of utilities
        found = changes(a, b, name)
        if found is None:
            not_comparable.append(name)
        else:
            cells += found
    cells.sort(key=lambda c: (-abs(c.change), c.variable, c.given, c.state))
    texts = _model_changes(a, b)
    texts += [t for n in common for t in _text_changes(a.variables[n], b.variables[n])]
    texts += [t for n in shared for t in _utility_texts(a.utilities[n], b.utilities[n])]
    return ModelDiff(
        [n for n in b.variables if n not in a.variables],
        [n for n in a.variables if n not in b.variables],
        states,
        sorted(edges_b - edges_a),
        sorted(edges_a - edges_b),
        cells,
        not_comparable,
        texts,
        [n for n in b.utilities if n not in a.utilities],
        [n for n in a.utilities if n not in b.utilities],
    )


def _edges(model: Model) -> set[tuple[str, str]]:
    """(parent, child) of every edge, into variables and utilities alike."""
    into = {n: v.parents for n, v in model.variables.items()}
    into |= {n: u.parents for n, u in model.utilities.items()}
    return {(p, n) for n, parents in into.items() for p in parents}


def _value_changes(a: Model, b: Model, name: str) -> list[CellChange] | None:
    """A utility's values that differ (state "value"), None where they cannot be compared."""
    ua, ub = a.utilities[name], b.utilities[name]
    if set(ua.parents) != set(ub.parents) or any(
        p not in b.variables or a.variables[p].states != b.variables[p].states for p in ua.parents
    ):
        return None
    table_b = np.transpose(ub.table, [ub.parents.index(p) for p in ua.parents])
    out = []
    parents = [(p, a.variables[p].states) for p in ua.parents]
    for combo in itertools.product(*(range(len(states)) for _, states in parents)):
        given = format_combination(parents, combo)
        old, new = float(ua.table[combo]), float(table_b[combo])
        if abs(new - old) > CELL_TOLERANCE:
            out.append(CellChange(name, given, "value", old, new))
    return out


def _utility_texts(ua: Utility, ub: Utility) -> list[TextChange]:
    fields = ("unit", "description", "source", "assumption")
    return [
        TextChange(ua.name, what, getattr(ua, what), getattr(ub, what))
        for what in fields
        if getattr(ua, what) != getattr(ub, what)
    ]


def _cell_changes(a: Model, b: Model, name: str) -> list[CellChange] | None:
    """The cells of ``name``'s table that differ, None when the tables cannot be compared."""
    va, vb = a.variables[name], b.variables[name]
    same_parents = set(va.parents) == set(vb.parents)
    parents_keep_states = all(
        a.variables[p].states == b.variables[p].states for p in va.parents if p in b.variables
    )
    if va.states != vb.states or not same_parents or not parents_keep_states:
        return None
    order = [vb.parents.index(p) for p in va.parents]
    table_b = np.transpose(vb.cpt, [*order, len(order)])
    out = []
    ranges = [range(a.variables[p].cardinality) for p in va.parents]
    parents = [(p, a.variables[p].states) for p in va.parents]
    for combo in itertools.product(*ranges):
        given = format_combination(parents, combo)
        for k, state in enumerate(va.states):
            old, new = float(va.cpt[combo][k]), float(table_b[combo][k])
            if abs(new - old) > CELL_TOLERANCE:
                out.append(CellChange(name, given, state, old, new))
    return out


STRUCTURE = ("name", "states", "parents", "cpt", "builder", "edge_sources", "edge_assumptions")
# compared elsewhere: the structure and tables above, the edges' quotes and assumptions below;
# every other field of a variable (and of the model) is compared as it is


def _text_changes(va: Variable, vb: Variable) -> list[TextChange]:
    out = [
        TextChange(va.name, f.name, shown(getattr(va, f.name)), shown(getattr(vb, f.name)))
        for f in dataclasses.fields(Variable)
        if f.name not in STRUCTURE and getattr(va, f.name) != getattr(vb, f.name)
    ]
    for parent in dict.fromkeys([*va.parents, *vb.parents]):
        for what, old, new in (
            ("quote", va.edge_sources.get(parent, ""), vb.edge_sources.get(parent, "")),
            (
                "assumption",
                va.edge_assumptions.get(parent, ""),
                vb.edge_assumptions.get(parent, ""),
            ),
        ):
            if old != new and parent in va.parents and parent in vb.parents:
                out.append(TextChange(va.name, what, old, new, parent))
    return out


MODEL_FIELDS = ("description", "source", "horizon", "version", "confidence", "sources")


def _model_changes(a: Model, b: Model) -> list[TextChange]:
    """The model's own fields that differ (``variable`` empty)."""
    return [
        TextChange("", what, shown(getattr(a, what)), shown(getattr(b, what)))
        for what in MODEL_FIELDS
        if getattr(a, what) != getattr(b, what)
    ]


def shown(value: object) -> str:
    """A field's value as one line of text ("" for none)."""
    if value is None or value == "" or value == {} or value == ():
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, tuple):
        return "; ".join(shown(v) for v in value)
    to_dict = getattr(value, "to_dict", None)
    return shown(to_dict()) if callable(to_dict) else str(value)


@dataclass(frozen=True)
class AnswerChange(_Moved):
    scenario: str
    target: str
    state: str
    old: float
    new: float


def diff_answers(a: Model, b: Model, scenarios: ScenarioSet) -> list[AnswerChange]:
    """Each scenario's posteriors of the file's targets (default: the outcomes both models
    share) under both models. QueryError naming the scenario when one model cannot answer it."""
    shared = [n for n in a.variables if n in b.variables]
    targets = [t for t in scenarios.targets if t in shared] or shared_outcomes(a, b)
    asked = {name: scenario.evidence for name, scenario in scenarios.scenarios.items()}
    return _answers(a, b, asked, targets)


STATUS_QUO = "status quo"  # the name the answers with no evidence go by
STATUS_QUO_WARNING = 0.05  # an edit that moves an outcome's status quo this much is flagged


def shared_outcomes(a: Model, b: Model) -> list[str]:
    """The outcomes both models have (every shared variable where ``a`` declares none)."""
    shared = [n for n in a.variables if n in b.variables]
    return [n for n in a.outcomes if n in shared] or shared


def status_quo_changes(a: Model, b: Model) -> list[AnswerChange]:
    """Each shared outcome's probabilities with no evidence (its status quo) under both
    models: what an edit does to the baseline every scenario starts from."""
    return _answers(a, b, {STATUS_QUO: None}, shared_outcomes(a, b))


def _answers(
    a: Model, b: Model, asked: Mapping[str, Asked], targets: list[str]
) -> list[AnswerChange]:
    out = []
    engines = (Engine(a), Engine(b))
    for name, evidence in asked.items():
        answers = []
        for model, engine in zip((a, b), engines, strict=True):
            try:
                answers.append(engine.query(evidence, targets))
            except QueryError as exc:
                raise QueryError(f"scenario '{name}' under model {model.name}: {exc}") from None
        for target in targets:
            for state in a.variables[target].states:
                if state in b.variables[target].states:
                    old, new = answers[0][target][state], answers[1][target][state]
                    out.append(AnswerChange(name, target, state, old, new))
    return out
