"""How fragile a judgement is: the sensitivity of P(VAR=STATE | e) to every table entry
(``scenarios fragility``), as SamIam computes it.

Changing one entry θ = P(X=x | U=u) from θ0 to θ, the other entries of its row co-varied
proportionally (each scaled by (1 - θ) / (1 - θ0)), makes P(e) and P(VAR=STATE, e) linear in
θ: every term of P(e) holds at most one entry of that row. Both lines come from the family
joint P(U=u, X=x | e), the row's mass P(U=u | e) and, for the numerator, the same under
e and VAR=STATE, so the judgement is a ratio of two linear functions of θ

    P(VAR=STATE | e)(θ) = (a θ + b) / (c θ + d)       (scaled so that c θ0 + d = 1)

exact over the whole of [0, 1]. From it: the derivative at θ0, the value of θ at which the
judgement crosses a threshold, and the value at which another state of VAR becomes the most
likely. An entry at 0 or 1 is not varied: it is a structural zero or a certainty the model
states, and a row with one state at 1 has nothing to co-vary. Of a row of two states only the
first is listed: moving it moves the second by as much the other way. Entries of tables that cannot
reach the judgement (not ancestors of the target or of a finding, or set by do()) have
derivative 0 and are left out. Findings stay as they are given (a belief keeps the
likelihood finding it is entered as under the current tables).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.engine.compiled import Engine
from scenarios.engine.question import Question
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors
from scenarios.model.records import Basis, basis_of

EDGE = 1e-12  # an entry this close to 0 or 1 is not varied (see the module's docstring)


@dataclass(frozen=True)
class Line:
    """``slope * θ + intercept``."""

    slope: float
    intercept: float

    def at(self, theta: float) -> float:
        return self.slope * theta + self.intercept


@dataclass(frozen=True)
class Parameter:
    """One table entry P(variable=state | row) and what the judgement does as it moves."""

    variable: str
    row: tuple[tuple[str, str], ...]  # the parents' states
    state: str
    value: float  # θ0
    numerator: Line  # P(target, e) / P(e) at θ0, as θ moves
    denominator: Line  # P(e) / P(e) at θ0
    others: tuple[Line, ...]  # the numerators of the target's other states
    derivative: float  # d P(target | e) / d θ at θ0
    to_threshold: float | None  # the θ in [0, 1] nearest θ0 where the judgement crosses
    to_flip: float | None  # the θ in [0, 1] nearest θ0 where another state leads
    flips_to: str  # that state ("" without one)
    basis: Basis | None

    def judgement(self, theta: float) -> float:
        """P(target | e) with this entry at ``theta`` (its row co-varied)."""
        return self.numerator.at(theta) / self.denominator.at(theta)

    @property
    def nearest(self) -> float:
        """The smallest change that crosses the threshold or flips the leader (inf: none)."""
        moves = [abs(t - self.value) for t in (self.to_threshold, self.to_flip) if t is not None]
        return min(moves, default=float("inf"))


@dataclass(frozen=True)
class Fragility:
    target: str
    state: str
    evidence: Evidence
    current: float  # P(target=state | e)
    threshold: float
    leader: str  # the most likely state of the target now
    parameters: list[Parameter]  # nearest to changing the conclusion first


def fragility(
    engine: Engine, question: Question, target: str, state: str, threshold: float = 0.5
) -> Fragility:
    """Every table entry that can move P(target=state | e), ranked: those whose smallest
    change crosses ``threshold`` or changes the most likely state first (the smaller the
    change, the earlier), then by the size of the derivative."""
    model = engine.model
    var = model.variables[target]
    evidence = question.evidence
    states = list(var.states)
    posterior = engine.query(question, [target])[target]
    given = {s: evidence.merged(Evidence({target: s})) for s in states if posterior[s] > 0}
    reach = ancestors(
        {n: v.parents for n, v in model.variables.items()}, [target, *_seen(evidence)]
    )
    found = []
    for name in (n for n in model.names if n in reach and n not in evidence.do):
        family = [*model.variables[name].parents, name]
        now = engine.joint(question, family)
        under = {s: engine.joint(e, family) * posterior[s] for s, e in given.items()}
        found += _entries(engine, name, now, under, state, threshold)
    found.sort(key=lambda p: (p.nearest, -abs(p.derivative), p.variable))
    leader = max(states, key=lambda s: posterior[s])
    return Fragility(target, state, evidence, posterior[state], threshold, leader, found)


def _seen(evidence: Evidence) -> list[str]:
    return [*evidence.hard, *evidence.soft]


def _entries(
    engine: Engine,
    name: str,
    now: np.ndarray,
    under: dict[str, np.ndarray],
    state: str,
    threshold: float,
) -> list[Parameter]:
    """The parameters of one table: ``now`` the family's posterior joint, ``under[s]`` the
    joint with the target at ``s`` times P(s | e) (so that it sums to P(s | e))."""
    var = engine.model.variables[name]
    totals = {s: float(joint.sum()) for s, joint in under.items()}
    out = []
    for index in np.ndindex(*var.cpt.shape):
        theta0 = float(var.cpt[index])
        if theta0 <= EDGE or theta0 >= 1 - EDGE or (var.cardinality == 2 and index[-1]):
            continue  # (of two states the second mirrors the first: it is not listed)
        row, k = index[:-1], index[-1]
        lines = {s: _line(joint[row], k, theta0, totals[s]) for s, joint in under.items()}
        denominator = _line(now[row], k, theta0, 1.0)
        if all(abs(line.slope) <= EDGE for line in (*lines.values(), denominator)):
            continue  # the judgement does not depend on this entry
        parents = tuple(
            (p, engine.model.variables[p].states[j]) for p, j in zip(var.parents, row, strict=True)
        )
        basis = basis_of(var.source, var.assumption)
        entry = (name, parents, var.states[k], theta0)
        out.append(_parameter(entry, lines, denominator, state, threshold, basis))
    return out


def _line(block: np.ndarray, k: int, theta0: float, total: float) -> Line:
    """P(e') / P(e) as entry ``k`` of a row moves from ``theta0`` (the row's other entries
    co-varied): ``block`` is the row's slice of a joint with e' that sums to ``total``;
    what lies outside the row does not move."""
    own = float(block[k])
    rest = float(block.sum()) - own
    slope = own / theta0 - rest / (1.0 - theta0)
    return Line(slope, total - own - rest + rest / (1.0 - theta0))


def _parameter(
    entry: tuple[str, tuple[tuple[str, str], ...], str, float],
    lines: dict[str, Line],
    denominator: Line,
    state: str,
    threshold: float,
    basis: Basis | None,
) -> Parameter:
    name, row, own, theta0 = entry
    zero = Line(0.0, 0.0)
    numerator = lines.get(state, zero)
    value = numerator.at(theta0) / denominator.at(theta0)
    derivative = (numerator.slope - value * denominator.slope) / denominator.at(theta0)
    crossing = Line(
        numerator.slope - threshold * denominator.slope,
        numerator.intercept - threshold * denominator.intercept,
    )
    to_threshold = _root(crossing, theta0, denominator)
    leader = max(lines, key=lambda s: lines[s].at(theta0))
    flips = []
    for other, line in lines.items():
        if other != leader:
            gap = Line(line.slope - lines[leader].slope, line.intercept - lines[leader].intercept)
            root = _root(gap, theta0, denominator)
            if root is not None:
                flips.append((abs(root - theta0), root, other))
    to_flip, flips_to = (min(flips)[1], min(flips)[2]) if flips else (None, "")
    others = tuple(lines.get(s, zero) for s in lines if s != state)
    return Parameter(
        name,
        row,
        own,
        theta0,
        numerator,
        denominator,
        others,
        derivative,
        to_threshold,
        to_flip,
        flips_to,
        basis,
    )


def _root(line: Line, theta0: float, denominator: Line) -> float | None:
    """Where ``line`` is 0 within [0, 1], with the evidence still possible there, and not at
    ``theta0`` itself (None: nowhere)."""
    if abs(line.slope) <= EDGE:
        return None
    root = -line.intercept / line.slope
    if not 0.0 <= root <= 1.0 or denominator.at(root) <= EDGE or abs(root - theta0) <= EDGE:
        return None
    return root
