"""A briefing: everything a decision-maker's page needs, computed once from a scenario file
(and optionally an evidence journal), for :mod:`scenarios.render.brief` to lay out as HTML or
Markdown.

Contents: the bottom line (:mod:`scenarios.analysis.brief_bottom_line`); the question and
horizon; the model's name, file and content hash; the evidence with its dates and sources; key
judgements (each target's most likely state, in ICD 203 words, with
a credible interval over Dirichlet draws of the CPTs); the scenarios compared; the levers
(``do`` on causes) and signposts (observations) that move each target most; the indicators to
collect (value of information over observables) and what would change my mind; the quotes and
assumptions on the routes from the top levers to the targets; what changed since a date of the
journal, or since a previous version of the model.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.analysis.brief_bottom_line import Statement, bottom_line
from scenarios.analysis.compare import run_scenarios
from scenarios.analysis.conflict import Conflict, conflict
from scenarios.analysis.decide import Decisions, decide
from scenarios.analysis.diff import ModelDiff, diff_models
from scenarios.analysis.disagree import Disagreement
from scenarios.analysis.explain import route_links
from scenarios.analysis.forecast import Trajectory, forecast
from scenarios.analysis.importance import Importance, importance
from scenarios.analysis.indicators import IndicatorAnalysis, indicators, state_futures
from scenarios.analysis.journal import Journal
from scenarios.analysis.sensitivity import SensitivityRow, sensitivity
from scenarios.analysis.track import SinceSummary, TrackPoint, since, track
from scenarios.analysis.uncertainty import posterior_intervals
from scenarios.analysis.voi import VoiRow, value_of_information
from scenarios.core.estimative import estimative
from scenarios.engine.compiled import Engine
from scenarios.engine.question import Question
from scenarios.engine.result import QueryResult
from scenarios.io.journal_file import Entry
from scenarios.io.scenariofile import ScenarioSet
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure
from scenarios.model.schema import Model

TOP = 3  # levers, signposts and indicators listed per target
BOTTOM_LINE = 5  # judgements on the first page at most
OPTION_DRAWS = 500  # draws of the tables behind "best in" of the options compared


@dataclass(frozen=True)
class Judgement:
    target: str
    state: str
    probability: float
    low: float
    high: float

    @property
    def words(self) -> str:
        return estimative(self.probability)


@dataclass(frozen=True)
class Basis:
    """One link a judgement rests on: the edge and the quote or assumption behind it."""

    parent: str
    child: str
    kind: str  # "quote", "assumption" or "none"
    text: str


@dataclass(frozen=True)
class Briefing:
    title: str
    question: str
    horizon: str
    model: Model
    model_hash: str
    generated: datetime.date
    evidence: Evidence
    entries: list[Entry]
    targets: list[str]
    judgements: list[Judgement]
    bottom: list[Statement]  # the bottom line: a judgement per headline outcome, up to five
    scenarios: ScenarioSet
    results: dict[str, QueryResult]
    levers: dict[str, list[SensitivityRow]]
    signposts: dict[str, list[SensitivityRow]]
    collect: dict[str, list[VoiRow]]
    mind: IndicatorAnalysis | None
    bases: dict[str, list[Basis]]
    points: list[TrackPoint] = field(default_factory=list)
    since: SinceSummary | None = None
    previous: str = ""
    diff: ModelDiff | None = None
    level: float = 0.9
    draws: int = 2000
    options: Decisions | None = None  # the decisions compared, where the model has any
    unfolds: list[Trajectory] = field(default_factory=list)  # a time-sliced model's outcomes
    conflict: Conflict | None = None  # of the journal's findings (Hugin's measure)
    hangs_on: Importance | None = None  # the tables the judgements' intervals hang on
    disagreement: Disagreement | None = None  # with analysts: where they disagree, for the first


def content_hash(model: Model) -> str:
    """The first 12 hex digits of the SHA-256 of the network: each variable's name, states,
    parents and CPT to 9 decimals, in file order. The same network read from any format
    gives the same hash; texts (quotes, descriptions, version) do not count."""
    digest = hashlib.sha256()
    for name, var in model.variables.items():
        digest.update(repr((name, var.states, var.parents)).encode("utf-8"))
        digest.update(np.round(np.asarray(var.cpt, dtype=float), 9).tobytes())
    return digest.hexdigest()[:12]


# the stages of a briefing, as a progress bar names them
STAGES = (
    "judgements and their intervals",
    "the bottom line",
    "scenarios",
    "levers and signposts",
    "indicators to collect",
    "what would change the judgement",
    "the journal",
    "options and how it unfolds",
    "what the judgements hang on",
)
HANGS_ON_BASE = 512  # rows of the importance design in a briefing (see analysis.importance)


def build_briefing(
    scenarios: ScenarioSet,
    journal: Journal | None = None,
    as_of: datetime.date | None = None,
    since_date: datetime.date | None = None,
    previous: Model | None = None,
    draws: int = 2000,
    seed: int = 0,
    stage: Callable[[str], None] = lambda _: None,
) -> Briefing:
    """Every section's numbers (see the module's docstring), answered exactly; intervals over
    ``draws`` seeded draws of the CPTs; ``stage`` is told each of STAGES as it begins."""
    model = scenarios.model
    engine = Engine(model)
    evidence = journal.evidence(as_of) if journal else Evidence()
    targets = list(scenarios.targets) or model.headlines or _outcomes(scenarios)
    checked = engine.prepare(evidence, targets)  # checked once; each analysis asks it again
    parts = _analyses(engine, checked, scenarios.under(evidence), targets, draws, seed, stage)
    stage(STAGES[6])
    points, summary = _journal_parts(engine, journal, as_of, since_date, targets)
    stage(STAGES[7])
    options, unfolds = _planning(engine, checked, scenarios, evidence, targets, draws, seed)
    stage(STAGES[8])
    shown = targets[:BOTTOM_LINE]
    hangs_on = importance(engine, checked, shown, HANGS_ON_BASE, seed) if draws else None
    asked = f"What does the {model.name} model say about {', '.join(targets)}?"
    return Briefing(
        title=f"Briefing: {scenarios.name or model.name}",
        question=scenarios.description or model.description or asked,
        horizon=model.horizon,
        model=model,
        model_hash=content_hash(model),
        generated=datetime.date.today(),
        evidence=evidence,
        entries=journal.until(as_of) if journal else [],
        targets=targets,
        scenarios=scenarios,
        points=points,
        since=summary,
        previous=previous.path or previous.name if previous else "",
        diff=diff_models(previous, model) if previous else None,
        draws=draws,
        options=options,
        unfolds=unfolds,
        conflict=conflict(engine, evidence),
        hangs_on=hangs_on,
        **parts,
    )


def _analyses(
    engine: Engine,
    checked: Question,
    scenarios: ScenarioSet,
    targets: list[str],
    draws: int,
    seed: int,
    stage: Callable[[str], None],
) -> dict[str, Any]:
    """The sections that ask the model about the targets, each stage announced."""
    model = engine.model
    stage(STAGES[0])
    judgements = _judgements(engine, checked, draws, seed)
    stage(STAGES[1])
    bottom = bottom_line(engine, checked, targets[:BOTTOM_LINE], draws, seed)
    stage(STAGES[2])
    results = run_scenarios(engine, scenarios, targets)
    stage(STAGES[3])
    measures = {t: _measure(model, t, judgements) for t in targets}
    levers = {t: sensitivity(engine, m, checked, "lever")[:TOP] for t, m in measures.items()}
    signposts = {t: sensitivity(engine, m, checked, "signpost")[:TOP] for t, m in measures.items()}
    stage(STAGES[4])
    among = model.observables or None
    collect = {t: value_of_information(engine, t, checked, among=among)[:TOP] for t in targets}
    stage(STAGES[5])
    futures = state_futures(engine, targets[0], checked)
    mind = indicators(engine, futures, model.observables, checked, 2) if among else None
    return {
        "judgements": judgements,
        "bottom": bottom,
        "results": results,
        "levers": levers,
        "signposts": signposts,
        "collect": collect,
        "mind": mind,
        "bases": {t: _bases(model, levers[t], t) for t in targets},
    }


def _planning(
    engine: Engine,
    checked: Question,
    scenarios: ScenarioSet,
    evidence: Evidence,
    targets: list[str],
    draws: int,
    seed: int,
) -> tuple[Decisions | None, list[Trajectory]]:
    """The options compared (a model with decisions) and the headline outcomes over the
    slices (a time-sliced model)."""
    model = engine.model
    options = None
    if model.decisions and model.utilities:
        cases = {n: evidence.merged(s.evidence) for n, s in scenarios.scenarios.items()}
        options = decide(model, evidence, cases, min(draws, OPTION_DRAWS), seed)
    unfolds = []
    if model.time is not None:
        followed = list(dict.fromkeys(t.rpartition("@")[0] or t for t in targets))
        changing = [n for n in followed if n not in model.variables]
        unfolds = forecast(engine, checked, [(n, "") for n in changing])
    return options, unfolds


def _outcomes(scenarios: ScenarioSet) -> list[str]:
    """The model's outcomes; for a model without roles, the variables with no children that
    no scenario sets (at most five), else the first three variables."""
    model = scenarios.model
    if model.outcomes:
        return model.outcomes
    parents = {p for v in model.variables.values() for p in v.parents}
    spoken = {
        n for s in scenarios.scenarios.values() for n in [*s.evidence.observed, *s.evidence.do]
    }
    sinks = [n for n in model.names if n not in parents and n not in spoken]
    return sinks[:5] or model.names[:3]


def _journal_parts(
    engine: Engine,
    journal: Journal | None,
    as_of: datetime.date | None,
    since_date: datetime.date | None,
    targets: list[str],
) -> tuple[list[TrackPoint], SinceSummary | None]:
    """The targets after each entry known on ``as_of``, and what changed since a date."""
    if journal is None:
        return [], None
    known = Journal(journal.model, journal.until(as_of), journal.path, journal.model_reference)
    points = track(engine, known, targets) if known.entries else []
    return points, since(engine, known, targets, since_date) if since_date else None


def _judgements(engine: Engine, asked: Question, draws: int, seed: int) -> list[Judgement]:
    result = engine.query(asked)
    spread = posterior_intervals(engine, asked, asked.targets, draws, 0.9, seed)
    out = []
    for target in asked.targets:
        state, p = max(result[target].items(), key=lambda item: item[1])
        iv = spread.intervals[target][state]
        out.append(Judgement(target, state, p, iv.low, iv.high))
    return out


def _measure(model: Model, target: str, judgements: list[Judgement]) -> Measure:
    """The expected level of an ordinal target, else P(its most likely state)."""
    var = model.variables[target]
    if var.scale == "ordinal" and var.cardinality >= 3:
        return Measure(target)
    state = next(j.state for j in judgements if j.target == target)
    return Measure(target, state)


def _bases(model: Model, levers: list[SensitivityRow], target: str) -> list[Basis]:
    """The links from each top lever to ``target``, each with its quote or assumption."""
    out: list[Basis] = []
    seen = set()
    for row in levers:
        for link in route_links(model, row.variable, target):
            if (link.parent, link.child) in seen:
                continue
            seen.add((link.parent, link.child))
            basis = model.variables[link.child].edge_basis(link.parent)
            kind, text = (basis.kind, basis.text) if basis else ("none", "")
            out.append(Basis(link.parent, link.child, kind, text))
    return out
