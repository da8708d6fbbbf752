"""The briefing's bottom line: one judgement per headline outcome, stated as a reader needs it,
with a credible interval, an analytic confidence kept apart from the likelihood (as ICD 203
asks), and what would reverse it.

What is stated, per outcome (:func:`statement_states`):

- an ordinal outcome of three states or more: "at least X" for the highest X that is at least
  as likely as not (just "X" when X is its top state; its lowest state when no "at least" is),
  so that a reader learns the level the outcome will probably reach;
- a no/yes outcome: "yes", likely or not (the event a reader asks about);
- any other outcome: its most likely state.

Analytic confidence (:func:`confidence`), from two things a reader cannot see in the number:
the share of the links on the routes into the outcome (every edge between its causes, and into
it) that rest on no quote from a source (on the modeler's assumption, or on nothing), and the width
of the judgement's 90% credible interval over Dirichlet draws of the CPTs. **High**: at most a
quarter of the links assumed and an interval at most 15 points wide; **low**: more than half
assumed or an interval wider than 30 points; **moderate** otherwise.

What would change it: the fewest observable findings (at most two) after which the opposite of
the statement is the more likely, from :func:`~scenarios.analysis.indicators.indicators`.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> engine = Engine(load_model())
    >>> (s,) = bottom_line(engine, engine.prepare(None), ["fata_relocation"], draws=200)
    >>> s.states, s.confidence in ("high", "moderate", "low")
    (('yes',), True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.analysis.indicators import Future, MindChange, indicators
from scenarios.analysis.uncertainty import chunks, sample_cpts
from scenarios.engine.compiled import Engine
from scenarios.engine.question import Question
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors
from scenarios.model.schema import Model

HIGH = (0.25, 0.15)  # high confidence: at most this share of links assumed, this wide an interval
LOW = (0.5, 0.30)  # low confidence: more than this share assumed, or a wider interval than this
LEVEL = 0.9
DEPTH = 2  # the most findings in a set that would reverse a judgement


@dataclass(frozen=True)
class Statement:
    """A judgement on ``target``: that it is in one of ``states`` (``at_least``: the states
    from ``states[0]`` up), how likely that is and how sure."""

    target: str
    states: tuple[str, ...]
    at_least: bool
    probability: float
    low: float
    high: float
    assumed: int  # links on the routes into the target that rest on no quote
    links: int
    confidence: str
    change: MindChange | None  # the fewest findings after which the opposite is more likely

    @property
    def width(self) -> float:
        return self.high - self.low


def statement_states(
    model: Model, target: str, posterior: dict[str, float]
) -> tuple[tuple[str, ...], bool]:
    """The states a judgement on ``target`` covers, and whether it reads "at least"."""
    var = model.variables[target]
    states = var.states
    if set(states) == {"no", "yes"}:
        return ("yes",), False
    if var.scale == "ordinal" and len(states) >= 3:
        for k in range(len(states) - 1, 0, -1):
            if sum(posterior[s] for s in states[k:]) >= 0.5:
                return tuple(states[k:]), k < len(states) - 1
        return (states[0],), False
    return (max(states, key=lambda s: posterior[s]),), False


def route_links(model: Model, target: str) -> tuple[int, int]:
    """Links into ``target`` and among its causes that rest on no quote, and all of them."""
    causes = ancestors({n: v.parents for n, v in model.variables.items()}, [target])
    links = [(p, n) for n in causes | {target} for p in model.variables[n].parents]
    assumed = sum(not model.variables[n].edge_sources.get(p) for p, n in links)
    return assumed, len(links)


def confidence(assumed: int, links: int, width: float) -> str:
    """High, moderate or low (see the module's docstring)."""
    share = assumed / links if links else 0.0
    if share > LOW[0] or width > LOW[1]:
        return "low"
    if share <= HIGH[0] and width <= HIGH[1]:
        return "high"
    return "moderate"


def bottom_line(
    engine: Engine, question: Question, targets: Sequence[str], draws: int = 2000, seed: int = 0
) -> list[Statement]:
    """A statement per target (see the module's docstring), intervals over ``draws`` seeded
    draws of every CPT, each target's on the same draws."""
    model = engine.model
    posterior = engine.query(question, targets).posteriors
    chosen = {t: statement_states(model, t, posterior[t]) for t in targets}
    masks = {t: np.isin(model.variables[t].states, chosen[t][0]) for t in targets}
    rng = np.random.default_rng(seed)
    drawn: dict[str, list[np.ndarray]] = {t: [] for t in targets}
    for size in chunks(draws, model=model):
        answers, _ = engine.query_draws(question, list(targets), sample_cpts(model, size, rng))
        for t in targets:
            drawn[t].append(answers[t][:, masks[t]].sum(axis=1))
    out = []
    for t in targets:
        states, at_least = chosen[t]
        p = float(sum(posterior[t][s] for s in states))
        low, high = (
            float(x)
            for x in np.quantile(np.concatenate(drawn[t]), [(1 - LEVEL) / 2, (1 + LEVEL) / 2])
        )
        assumed, links = route_links(model, t)
        change = _reversal(engine, question, t, masks[t], p)
        out.append(
            Statement(
                t,
                states,
                at_least,
                p,
                low,
                high,
                assumed,
                links,
                confidence(assumed, links, high - low),
                change,
            )
        )
    return out


def _reversal(
    engine: Engine, question: Question, target: str, mask: np.ndarray, p: float
) -> MindChange | None:
    """The fewest observable findings after which the statement's opposite is the more
    likely (or the statement, when it is the less likely now)."""
    observables = engine.model.observables or engine.model.names
    states = engine.model.variables[target].states
    inside = {s: float(m) for s, m in zip(states, mask, strict=True)}
    outside = {s: 1.0 - v for s, v in inside.items()}
    futures = [
        Future("it", Evidence(soft={target: inside}), p),
        Future("not", Evidence(soft={target: outside}), 1 - p),
    ]
    found = indicators(engine, futures, [n for n in observables if n != target], question, DEPTH)
    return next(iter(found.changes), None)
