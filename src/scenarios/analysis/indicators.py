"""Signposts and warnings: which observable findings tell one future from the others, and
what would change my mind.

A future (a hypothesis, as in analysis of competing hypotheses) is an outcome state, "a state
or not", or a named scenario; each adds its own evidence to the current evidence ``e`` and has
a weight now: P(state | e) for outcome states, equal weights for scenarios. For every finding
``o`` an observable variable could give, P(o | H) = P(e_H, o) / P(e_H), all from one batch. The
likelihood ratio of ``o`` for H is P(o | H) / P(o | not H), where "not H" is the other futures
weighted as now; above 1 the finding is a signpost for H, below 1 a warning against it. What
would change my mind: for each other future, a smallest set of observable findings (at most
``depth``) after which it is the most likely future, the most convincing such set first.

A finding whose likelihood ratio lies between 1/:data:`DIAGNOSTIC` and :data:`DIAGNOSTIC` (2/3
and 1.5) is not a signpost: from even odds it moves a future by at most 10 points (to 40-60%),
too little to watch; such findings are left out of the signals (the matrix keeps them). A
variable with only likelihood (unreliable) reports stays a candidate: another report, or the
truth, still tells something.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> engine = Engine(load_model())
    >>> futures = state_futures(engine, "secret_pact")
    >>> found = indicators(engine, futures, engine.model.observables)
    >>> found.leading, found.signals["secret_pact=secret"][0].finding
    ('secret_pact=none', 'taliban_is_clashes=rare')
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from scenarios.analysis.voi import value_of_information
from scenarios.core import limits
from scenarios.core.errors import QueryError
from scenarios.core.text import did_you_mean
from scenarios.engine.compiled import Asked, Engine
from scenarios.io.scenariofile import ScenarioSet
from scenarios.model.evidence import Evidence

Finding = tuple[str, str]
DIAGNOSTIC = 1.5  # a likelihood ratio within [1/1.5, 1.5] does not make a signpost
LIKELY = 0.55  # where ICD 203's "likely" starts: a future this probable is likely


@dataclass(frozen=True)
class Future:
    """A hypothesis: its label, the evidence it adds, and its weight before any new finding."""

    label: str
    evidence: Evidence
    weight: float


@dataclass(frozen=True)
class Signal:
    """One observable finding read against one future."""

    variable: str
    state: str
    if_future: float  # P(o | H)
    otherwise: float  # P(o | not H)
    then: float  # P(H | e, o)

    @property
    def finding(self) -> str:
        return f"{self.variable}={self.state}"

    @property
    def likelihood_ratio(self) -> float:
        if self.otherwise > 0:
            return self.if_future / self.otherwise
        return math.inf if self.if_future > 0 else 1.0


@dataclass(frozen=True)
class MindChange:
    """A smallest set of findings after which ``future`` is the most likely one."""

    future: str
    findings: tuple[Finding, ...]
    probability: float  # of ``future`` after the findings
    cost: float | None  # summed, when every finding's variable has a cost
    lead_time: float | None  # the longest, when every one has a lead time


@dataclass(frozen=True)
class IndicatorAnalysis:
    futures: list[Future]
    observables: list[str]
    matrix: dict[str, dict[Finding, float]]  # future -> finding -> P(finding | future)
    signals: dict[str, list[Signal]]  # future -> signals, most raising first
    changes: list[MindChange]
    depth: int
    unreachable: list[str] = field(default_factory=list)  # futures no set of findings leads
    searched: int = 0  # the depth searched in full (below ``depth`` when the limit stopped it)

    @property
    def leading(self) -> str | None:
        """The most likely future now; None when two or more tie for it."""
        index = _leader(np.array([f.weight for f in self.futures]))
        return None if index is None else self.futures[index].label


def _leader(shares: np.ndarray) -> int | None:
    """The index of the one largest share, None on a tie (within 1e-9)."""
    best = int(np.argmax(shares))
    rivals = np.delete(shares, best)
    return best if not len(rivals) or shares[best] > rivals.max() + 1e-9 else None


def state_futures(
    engine: Engine, target: str, evidence: Asked = None, state: str | None = None
) -> list[Future]:
    """Each state of ``target`` that is possible now, or with ``state``: that state against
    the rest ("not")."""
    var = engine.model.variable(target)
    now = engine.query(engine.prepare(evidence, [target]))[target]
    if state is not None:
        var.check_state(state)
        rest = {s: float(s != state) for s in var.states}
        return [
            Future(f"{target}={state}", Evidence({target: state}), now[state]),
            Future(f"{target}!={state}", Evidence(soft={target: rest}), 1.0 - now[state]),
        ]
    return [Future(f"{target}={s}", Evidence({target: s}), p) for s, p in now.items() if p > 0]


def scenario_futures(scenarios: ScenarioSet, names: Sequence[str] = ()) -> list[Future]:
    """The named scenarios (default: all of the file's) as futures of equal weight."""
    chosen = list(dict.fromkeys(names)) or list(scenarios.scenarios)
    for name in chosen:
        if name not in scenarios.scenarios:
            raise QueryError(
                f"no scenario '{name}' in the file.{did_you_mean(name, list(scenarios.scenarios))}"
                f" Scenarios: {', '.join(scenarios.scenarios)}"
            )
    if len(chosen) < 2:
        raise QueryError("indicators needs at least two futures to tell apart; name two or more")
    return [Future(n, scenarios.scenarios[n].evidence, 1.0 / len(chosen)) for n in chosen]


def indicators(
    engine: Engine,
    futures: Sequence[Future],
    observables: Sequence[str],
    evidence: Asked = None,
    depth: int = 3,
) -> IndicatorAnalysis:
    """Signals per future and what would change my mind (see the module's docstring)."""
    evidence = engine.prepare(evidence).evidence
    futures = [f for f in futures if f.weight > 0]
    given = [engine.resolve(evidence.merged(f.evidence)) for f in futures]
    by_all = set.intersection(*({*f.evidence.observed, *f.evidence.do} for f in futures))
    spoken = {*evidence.hard, *evidence.do, *by_all}  # a soft report leaves it collectable
    candidates = [n for n in dict.fromkeys(observables) if n not in spoken]
    singles: list[tuple[Finding, ...]] = [
        ((n, s),) for n in candidates for s in engine.model.variables[n].states
    ]
    likelihood = finding_likelihoods(engine, given, singles)
    matrix = {
        f.label: {combo[0]: float(likelihood[i, j]) for j, combo in enumerate(singles)}
        for i, f in enumerate(futures)
    }
    weights = np.array([f.weight for f in futures]) / sum(f.weight for f in futures)
    signals = {f.label: _signals(i, weights, likelihood, singles) for i, f in enumerate(futures)}
    changes, unreachable, searched = _mind_changes(
        engine, futures, weights, given, candidates, depth
    )
    return IndicatorAnalysis(
        list(futures), candidates, matrix, signals, changes, depth, unreachable, searched
    )


def finding_likelihoods(
    engine: Engine, given: list[Evidence], combos: Sequence[tuple[Finding, ...]]
) -> np.ndarray:
    """P(combo | future) for each future (rows) and combination of findings (columns). A
    combination is its first findings and its last: P(first, last | future) = P(first |
    future) P(last | future, first), so one batched query per future and distinct first
    findings (P(evidence) and the posterior of every last variable) answers every
    combination that shares them: a finding's likelihood costs no query of its own. Taken in
    logs, so that evidence too unlikely for a float (many findings) still gives its
    likelihoods. A future whose evidence is impossible gives 0."""
    out = np.zeros((len(given), len(combos)))
    if not combos:
        return out
    firsts = list(dict.fromkeys(combo[:-1] for combo in combos))
    sets: list[Evidence] = list(given)
    factors = np.ones((len(given), len(firsts)))
    for i, base in enumerate(given):
        for k, first in enumerate(firsts):
            added, factors[i, k] = _plus(engine, base, first)
            sets.append(added)
    lasts = list(dict.fromkeys(combo[-1][0] for combo in combos))
    answers, log_p = engine.log_query_batch(sets, lasts)
    futures = len(given)
    rows = futures + np.arange(futures)[:, None] * len(firsts) + np.arange(len(firsts))
    with np.errstate(invalid="ignore", over="ignore"):
        scale = np.exp(log_p[rows] - log_p[:futures, None]) * factors  # P(first | future)
    scale = np.where(np.isfinite(scale), scale, 0.0)
    at = {first: k for k, first in enumerate(firsts)}
    variables = engine.model.variables
    for j, combo in enumerate(combos):
        k = at[combo[:-1]]
        name, state = combo[-1]
        posterior = answers[name][rows[:, k], variables[name].state_index(state)]
        out[:, j] = np.where(scale[:, k] > 0, scale[:, k] * np.nan_to_num(posterior), 0.0)
    return out


def _plus(engine: Engine, base: Evidence, combo: tuple[Finding, ...]) -> tuple[Evidence, float]:
    """The evidence with the findings added, and a factor for what ``base`` already says of
    their variables: a finding on a variable it fixes is 1 or 0; one on a variable with a
    likelihood finding keeps that likelihood (normalized as the engine enters it)."""
    factor = 1.0
    for name, state in combo:
        fixed = base.hard.get(name, base.do.get(name))
        if fixed is not None:
            factor *= float(fixed == state)
            continue
        var = engine.model.variables[name]
        if name in base.soft:
            factor *= float(var.likelihoods(base.soft[name])[var.state_index(state)])
        base = base.with_finding(name, state)
    return base, factor


def _signals(
    i: int, weights: np.ndarray, likelihood: np.ndarray, singles: list[tuple[Finding, ...]]
) -> list[Signal]:
    others = np.delete(np.arange(len(weights)), i)
    rest = weights[others].sum()
    out = []
    for j, ((name, state),) in enumerate(singles):
        if_future = float(likelihood[i, j])
        otherwise = float(weights[others] @ likelihood[others, j] / rest) if rest > 0 else 0.0
        total = float(weights @ likelihood[:, j])
        if total <= 0:
            continue  # a finding no future allows
        signal = Signal(name, state, if_future, otherwise, float(weights[i]) * if_future / total)
        if not 1 / DIAGNOSTIC < signal.likelihood_ratio < DIAGNOSTIC:
            out.append(signal)
    return sorted(out, key=lambda s: (-s.likelihood_ratio, -s.then, s.finding))


def _mind_changes(
    engine: Engine,
    futures: Sequence[Future],
    weights: np.ndarray,
    given: list[Evidence],
    candidates: list[str],
    depth: int,
) -> tuple[list[MindChange], list[str], int]:
    """For each future not leading now (each future, on a tie), a smallest set of findings
    after which it is more likely than every other; and the depth searched in full (sets
    times futures over the ``finding_sets`` limit stop the search before that depth)."""
    leading = _leader(weights)
    wanted = {i for i in range(len(futures)) if i != leading}
    found: dict[int, MindChange] = {}
    variables = engine.model.variables
    searched = depth
    for size in range(1, depth + 1):
        combos = [
            tuple(zip(names, states, strict=True))
            for names in itertools.combinations(candidates, size)
            for states in itertools.product(*(variables[n].states for n in names))
        ]
        if not combos or not wanted - set(found):
            break  # every future reached with fewer findings
        if len(combos) * len(futures) > limits.get("finding_sets"):
            searched = size - 1
            break
        posterior = weights[:, None] * finding_likelihoods(engine, given, combos)
        total = posterior.sum(axis=0)
        for j, combo in enumerate(combos):
            best = _leader(posterior[:, j]) if total[j] > 0 else None
            if (
                best is None
                or best == leading
                or best in found
                and len(found[best].findings) < size
            ):
                continue
            change = _change(
                engine, futures[best].label, combo, float(posterior[best, j] / total[j])
            )
            if best not in found or _better(change, found[best]):
                found[best] = change
    changes = sorted(found.values(), key=lambda c: (len(c.findings), -c.probability))
    return changes, [futures[i].label for i in sorted(wanted - set(found))], searched


def _change(engine: Engine, label: str, combo: tuple[Finding, ...], p: float) -> MindChange:
    variables = engine.model.variables
    costs = [variables[n].cost for n, _ in combo]
    leads = [variables[n].lead_time for n, _ in combo]
    cost = None if None in costs else float(sum(c for c in costs if c is not None))
    lead = None if None in leads else float(max(x for x in leads if x is not None))
    return MindChange(label, combo, p, cost, lead)


def _better(new: MindChange, old: MindChange) -> bool:
    """Fewer findings, then the more convincing, then the cheaper."""
    if len(new.findings) != len(old.findings):
        return len(new.findings) < len(old.findings)
    if not math.isclose(new.probability, old.probability, abs_tol=1e-12):
        return new.probability > old.probability
    return (new.cost or 0.0) < (old.cost or 0.0)


@dataclass(frozen=True)
class HiddenKey:
    """A variable no one can observe (none of its indicators is marked observable) whose
    state, if it were known, would make a future likely: where an indicator is missing."""

    future: str
    variable: str
    state: str
    then: float  # P(future | evidence, variable=state)
    bits: float  # what knowing the variable would tell of the future (mutual information)


def hidden_keys(
    engine: Engine, target: str, evidence: Asked, observables: Sequence[str]
) -> dict[str, list[HiddenKey]]:
    """For each state of ``target`` (a future ``target=state``), the hidden variables (not
    observable, not in the evidence, not the target) one state of which would make it likely
    (:data:`LIKELY` or more), the most telling first: each variable once, at its best state.
    A state the evidence rules out (a report that gives it no weight) is not a key."""
    evidence = engine.prepare(evidence, [target]).evidence
    model = engine.model
    fixed = {target, *evidence.hard, *evidence.do, *observables}
    hidden = [n for n in model.names if n not in fixed]
    now = engine.query(evidence, hidden).posteriors if hidden else {}
    pairs = [(n, s) for n in hidden for s in model.variables[n].states if now[n][s] > 0]
    if not pairs:
        return {}
    answers, p = engine.query_batch([evidence.with_finding(n, s) for n, s in pairs], [target])
    var = model.variables[target]
    found: dict[str, list[HiddenKey]] = {}
    for state in var.states:
        best: dict[str, tuple[float, str]] = {}
        for i, (name, value) in enumerate(pairs):
            then = float(answers[target][i][var.state_index(state)]) if p[i] > 0 else 0.0
            if then >= LIKELY and then > best.get(name, (0.0, ""))[0]:
                best[name] = (then, value)
        if not best:
            continue
        bits = {
            r.variable: r.mutual_information
            for r in value_of_information(engine, target, evidence, state, best)
        }
        keys = [HiddenKey(f"{target}={state}", n, v, t, bits[n]) for n, (t, v) in best.items()]
        found[f"{target}={state}"] = sorted(keys, key=lambda k: (-k.bits, -k.then, k.variable))
    return found
