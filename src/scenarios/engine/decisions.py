"""Influence diagrams solved exactly: the optimal policy of every decision and the maximum
expected utility (MEU), by single policy updates (Lauritzen and Nilsson's SPU, as pyAgrum's
``ShaferShenoyLIMIDInference`` solves them).

A decision's policy is held as its table: one option (probability 1) per information state.
Updating one decision's policy takes, for each utility node, the joint posterior of the
decision's information, the decision and the utility's parents, with that decision's table
made uniform and every other decision at its current policy; the expected utility of each
option in each information state (given the evidence) is then a sum over that joint, and the
policy takes the best option there. Joints come from the engine
(:meth:`~scenarios.engine.Engine.joint_draws`: one compiled model, tables swapped per call,
rescaled where a sum would underflow), so findings, soft findings, set beliefs and
interventions enter as they do in a query.

Where the decisions fall in one order (each is an ancestor of the next), the diagram is solved
as a classical influence diagram: every decision also knows what earlier ones knew and chose
(no-forgetting), and one sweep from the last decision to the first is exact. Otherwise it is a
limited-memory diagram (LIMID): each decision knows only its parents, sweeps repeat until no
policy changes, and the result is optimal where the LIMID is soluble and a local optimum (no
single policy can be improved) where it is not; :attr:`Solution.method` says which was used.

Example:
    >>> from scenarios import load_model
    >>> solution = DecisionSolver(load_model("examples/umbrella.yaml")).solve()
    >>> solution.method, round(solution.meu, 2)
    ('no-forgetting', 84.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.engine.compiled import Asked, Engine
from scenarios.engine.question import Question
from scenarios.model.evidence import Evidence, as_evidence
from scenarios.model.graph import ancestors, topological_order
from scenarios.model.schema import Model

JOINT_CELLS = 2**18  # a joint over a decision's family and every utility's parents, at most
MAX_SWEEPS = 100  # sweeps over a LIMID's decisions before giving up on a fixed point
TIE = 1e-12  # options within this (relative) of the best count as tied: the first is taken


@dataclass(frozen=True)
class Policy:
    """What one decision does: ``choice[state]`` is the index of its option in each
    information state (axes: ``informed_by``), ``values[state, option]`` the expected utility
    of each option there (NaN where the state cannot occur), ``weights[state]`` how likely
    each state is under the optimal policies."""

    decision: str
    informed_by: tuple[str, ...]
    choice: np.ndarray
    values: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True)
class Solution:
    """Optimal policies, the MEU (in the utilities' unit, given the evidence) and how it was
    found: ``no-forgetting`` (one order of decisions) or ``limited memory`` (SPU sweeps)."""

    meu: float
    policies: dict[str, Policy]
    method: str
    order: tuple[str, ...]
    sweeps: int

    def table(self, decision: str) -> np.ndarray:
        """The policy of ``decision`` as its table: probability 1 on the chosen option."""
        policy = self.policies[decision]
        options = policy.values.shape[-1]
        return np.asarray(np.eye(options)[policy.choice])


def decision_order(model: Model) -> list[str] | None:
    """The decisions in the one order they are taken (each an ancestor of the next), or None
    where no such order exists (a LIMID)."""
    parents = {n: v.parents for n, v in model.variables.items()}
    order = [n for n in topological_order(parents) if model.variables[n].decision]
    for earlier, later in zip(order, order[1:], strict=False):
        if earlier not in ancestors(parents, [later]):
            return None
    return order


def information(model: Model, order: Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    """What each decision knows when it is taken: its parents and, with an ``order``
    (no-forgetting), every earlier decision and what that one knew; in the model's order."""
    known: set[str] = set()
    out = {}
    for name in order if order is not None else model.decisions:
        known |= set(model.variables[name].parents)
        out[name] = tuple(n for n in model.variables if n in known)
        if order is not None:
            known.add(name)
        else:
            known = set()
    return out


class DecisionSolver:
    """One model's decisions, solved for any evidence: the engine is compiled once over the
    model with each decision's information as its parents."""

    def __init__(self, model: Model, extra: Mapping[str, Sequence[str]] | None = None):
        if not model.decisions:
            raise QueryError(
                f"model '{model.name}' has no decision: mark a variable 'decision: true'"
            )
        if not model.utilities:
            raise QueryError(f"model '{model.name}' has no utility node: add 'utilities:'")
        self.order = decision_order(model)
        self.method = "no-forgetting" if self.order is not None else "limited memory"
        self.informed = information(model, self.order)
        for name, more in (extra or {}).items():  # what a decision would also know (EVPI):
            later = self.order[self.order.index(name) :] if self.order else [name]
            for each in later:  # with no-forgetting, the later decisions know it too
                seen = {*self.informed[each], *more}
                self.informed[each] = tuple(n for n in model.variables if n in seen)
        self.model = _informed_model(model, self.informed)
        self.engine = Engine(self.model)
        parents = {n: v.parents for n, v in self.model.variables.items()}
        ranked = [n for n in topological_order(parents) if n in self.informed]
        self.sweep = list(reversed(ranked))

    def solve(self, evidence: Asked = None) -> Solution:
        """Optimal policies and the MEU given ``evidence`` (a decision observed or forced
        there is not decided: it keeps that option)."""
        question = self.question(evidence)
        fixed = set(question.evidence.do)
        free = [d for d in self.sweep if d not in fixed]
        tables = {d: self._uniform(d) for d in free}
        policies: dict[str, Policy] = {}
        sweeps = 0
        while sweeps < (1 if self.order is not None else MAX_SWEEPS):
            sweeps += 1
            changed = False
            for name in free:
                policy = self._update(question, name, tables)
                new = np.eye(policy.values.shape[-1])[policy.choice]
                changed |= name not in policies or not np.array_equal(new, tables[name])
                tables[name], policies[name] = new, policy
            if not changed:
                break
        meu = self.expected_utility(question, tables)
        weights = self._weights(question, list(policies), tables)
        weighed = {n: replace(p, weights=weights[n]) for n, p in policies.items()}
        return Solution(meu, weighed, self.method, tuple(reversed(free)), sweeps)

    def expected_utility(self, evidence: Asked, tables: Mapping[str, np.ndarray]) -> float:
        """The expected utility (given ``evidence``) where each decision follows ``tables``."""
        question = self.question(evidence)
        return float(self._weighed(question, [], tables)[0][0])

    def option_values(
        self,
        evidence: Asked,
        decision: str,
        tables: Mapping[str, np.ndarray],
        draws: Mapping[str, np.ndarray] | None = None,
    ) -> np.ndarray:
        """The expected utility of taking each option of ``decision`` whatever is known, the
        other decisions following ``tables``: ``(options,)``, or ``(draws, options)`` for
        CPT draws (variable -> ``(draws, *table shape)``)."""
        question = self.question(evidence)
        options = self.model.variables[decision].cardinality
        columns = []
        for k in range(options):
            forced = dict(tables)
            forced[decision] = np.broadcast_to(np.eye(options)[k], self._shape(decision))
            columns.append(self._weighed(question, [], forced, draws)[0])
        out = np.stack(columns, axis=-1)
        return out if draws else out[0]

    def question(self, evidence: Asked) -> Question:
        """The evidence checked once; a decision observed in an option is taken as made (an
        intervention): the other decisions are chosen around it."""
        if isinstance(evidence, Question):
            return evidence
        given = as_evidence(evidence)
        made = {n: s for n, s in given.hard.items() if n in self.informed}
        if made:
            hard = {n: s for n, s in given.hard.items() if n not in made}
            given = Evidence(hard, given.soft, {**given.do, **made}, given.beliefs)
        return self.engine.prepare(given)

    def _update(self, question: Question, name: str, tables: dict[str, np.ndarray]) -> Policy:
        info = self.informed[name]
        trial = {**tables, name: self._uniform(name)}
        gain, mass = (a[0] for a in self._weighed(question, [*info, name], trial))
        with np.errstate(invalid="ignore", divide="ignore"):
            values = np.where(mass > 0, gain / mass, np.nan)
        choice = best_options(values)
        return Policy(name, info, choice, values, np.ones(()))

    def _weighed(
        self,
        question: Question,
        lead: list[str],
        tables: Mapping[str, np.ndarray],
        draws: Mapping[str, np.ndarray] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The sum over every utility of P(lead, its parents | evidence) x its values, summed
        over the parents not in ``lead``, and P(lead | evidence): ``(draws or 1, *lead)``
        each. One joint over ``lead`` and every utility's parents where that is at most
        JOINT_CELLS cells, else one per utility."""
        cards = [self.model.variables[n].cardinality for n in lead]
        rest = [p for u in self.model.utilities.values() for p in u.parents if p not in lead]
        rest = list(dict.fromkeys(rest))
        utilities = list(self.model.utilities.values())
        groups = [(rest, utilities)]
        if math.prod(cards) * math.prod(self.model.variables[p].cardinality for p in rest) > (
            JOINT_CELLS
        ):
            groups = [([p for p in u.parents if p not in lead], [u]) for u in utilities]
        gain: np.ndarray | float = 0.0
        mass = None
        for extra, members in groups:
            axes = [*lead, *extra]
            joint = self._joint(question, axes, tables, draws)
            size = joint.shape[0]
            for utility in members:
                shaped = _aligned(utility.table, utility.parents, axes)
                gain = gain + (joint * shaped).reshape(size, *cards, -1).sum(axis=-1)
            if mass is None:
                mass = joint.reshape(size, *cards, -1).sum(axis=-1)
        assert mass is not None  # a solver's model has utilities
        return np.asarray(gain), mass

    def _weights(
        self, question: Question, names: list[str], tables: Mapping[str, np.ndarray]
    ) -> dict[str, np.ndarray]:
        """P(information state | evidence) of each decision of ``names`` under ``tables``:
        from one joint over all their information where that is at most JOINT_CELLS cells."""
        seen = {n for d in names for n in self.informed[d]}
        known = [n for n in self.model.variables if n in seen]  # each info set in this order
        cards = [self.model.variables[n].cardinality for n in known]
        out: dict[str, np.ndarray] = {d: np.ones(()) for d in names if not self.informed[d]}
        if math.prod(cards) <= JOINT_CELLS and known:
            joint = self._joint(question, known, tables)[0]
            for name in names:
                info = self.informed[name]
                if info:
                    summed = tuple(i for i, n in enumerate(known) if n not in info)
                    out[name] = joint.sum(axis=summed)  # axes stay in the model's order
            return out
        for name in names:
            if self.informed[name]:
                out[name] = self._joint(question, list(self.informed[name]), tables)[0]
        return out

    def _joint(
        self,
        question: Question,
        axes: list[str],
        tables: Mapping[str, np.ndarray],
        draws: Mapping[str, np.ndarray] | None = None,
    ) -> np.ndarray:
        """P(axes | evidence) with the decisions' ``tables``: ``(draws or 1, *axes)``."""
        size = len(next(iter(draws.values()))) if draws else 1
        cpts = {n: np.broadcast_to(t, (size, *t.shape)) for n, t in tables.items()}
        cpts |= dict(draws or {})
        if not cpts:  # every decision set by the evidence, no draws: one joint
            return self.engine.joint(question, axes)[None]
        return np.asarray(self.engine.joint_draws(question, axes, cpts))

    def _uniform(self, name: str) -> np.ndarray:
        shape = self._shape(name)
        return np.full(shape, 1.0 / shape[-1])

    def _shape(self, name: str) -> tuple[int, ...]:
        return tuple(self.model.variables[name].cpt.shape)


def best_options(values: np.ndarray) -> np.ndarray:
    """The index of the best option along the last axis of ``values`` (expected utilities,
    NaN where a state cannot occur: the first option there); options within TIE of the best
    are tied and the first of them is taken."""
    known = np.where(np.isnan(values), -np.inf, values)
    best = known.max(axis=-1, keepdims=True)
    tied = known >= best - TIE * np.maximum(np.abs(best), 1.0)
    return np.asarray(np.argmax(tied, axis=-1))


def _aligned(table: np.ndarray, axes: Sequence[str], onto: Sequence[str]) -> np.ndarray:
    """``table`` (axes ``axes``) with its axes moved and padded to broadcast over ``onto``."""
    order = sorted(range(len(axes)), key=lambda i: onto.index(axes[i]))
    moved = np.transpose(table, order)
    shape = [table.shape[axes.index(a)] if a in axes else 1 for a in onto]
    return moved.reshape(shape)


def _informed_model(model: Model, informed: Mapping[str, tuple[str, ...]]) -> Model:
    """The model with each decision's information as its parents, its table (the option
    other commands assume) unchanged along the parents it gains."""
    variables = dict(model.variables)
    for name, info in informed.items():
        var = model.variables[name]
        if info == var.parents:
            continue
        cards = [model.variables[p].cardinality for p in info]
        table = _aligned(var.cpt, [*var.parents, name], [*info, name])
        table = np.broadcast_to(table, (*cards, var.cardinality)).copy()
        variables[name] = replace(var, parents=info, cpt=table)
    return replace(model, variables=variables)
