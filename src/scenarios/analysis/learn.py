"""Learning CPTs from cases, with the model's tables as the prior.

Each row of a variable's CPT is read as a Dirichlet prior whose weight is the row's
confidence (:meth:`~scenarios.model.schema.Model.row_confidence`: the variable's
``confidence``, the equivalent sample size the credible intervals use, plus what earlier
learning counted into the row): pseudo-counts ``weight x row``. With complete cases the
learned row is the posterior mean

    (weight x prior + counts) / (weight + n)          n: cases with those parents

per combination of the parents' states, and the row's weight becomes weight + n: a row no
case reached keeps its weight, so its credible interval does not narrow. With values
missing, EM: the counts are expected counts under the current tables
(:class:`~scenarios.engine.counts.CaseCounter`, exact inference batched over cases; a case
counts into a table only when it shows the variable or one of its descendants, since
otherwise it says nothing about that table), the tables are updated by the same formula, and
so on until no entry of any table moves by more than ``tolerance`` (a rule that does not
depend on how many cases there are). The objective EM raises at every step is the
log-likelihood of the cases plus the prior's term ``sum(pseudo-counts x log table)`` (the
log-density of a Dirichlet with parameters pseudo-counts + 1, up to a constant); both are
reported. A state the prior gives probability 0 (a structural zero) stays 0: a case that
needs it is impossible, and learning refuses it. In a time-sliced model the slices that share
a table (:func:`~scenarios.model.time.tied_tables`) learn it as one: their counts pooled, its
prior counted once, so the learned model keeps one transition.

Example:
    >>> import numpy as np
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nconfidence: 10\\nvariables:\\n"
    ...                 "  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}")
    >>> learned = learn(m, np.array([[0]] * 30))
    >>> learned.model.variables["a"].cpt.tolist()  # (10 x 0.5 + 30) / (10 + 30)
    [0.875, 0.125]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from scenarios.core.errors import Diagnostic, ImpossibleEvidenceError, ModelError, QueryError
from scenarios.engine import Engine
from scenarios.engine.counts import CaseCounter, Counted
from scenarios.io.case_table import Cases
from scenarios.model.records import Learning
from scenarios.model.schema import Model, Variable
from scenarios.model.time import tied_tables


@dataclass(frozen=True)
class Learned:
    """What learning did: the learned model (its tables and confidences), the prior it
    started from, the cases behind each table, and EM's course."""

    model: Model
    prior: Model
    cases: dict[str, int]  # per variable: the cases that give it a value
    iterations: int
    converged: bool
    log_likelihood: float  # of the cases under the learned tables
    objective: list[float]  # per iteration: log-likelihood + the prior's term (never falls)
    counts: dict[str, np.ndarray]  # per table: the (expected) counts behind it
    log_likelihoods: list[float]  # per iteration (never falls as the prior's weight goes to 0)
    fixed: tuple[str, ...] = ()


class ImpossibleCases(QueryError):
    """Cases the model's structural zeros rule out, as row indices (0-based)."""

    def __init__(self, rows: Sequence[int]):
        self.rows = list(rows)
        shown = ", ".join(str(r) for r in self.rows[:5])
        more = f" and {len(self.rows) - 5} more" if len(self.rows) > 5 else ""
        super().__init__(f"cases {shown}{more} are impossible under the model")


def pseudo_counts(model: Model) -> dict[str, np.ndarray]:
    """The prior as counts: each CPT row times its weight (:meth:`Model.row_confidence`)."""
    return {n: model.row_confidence(n)[..., None] * v.cpt for n, v in model.variables.items()}


def learn(
    model: Model,
    cases: np.ndarray,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
    fixed: Sequence[str] = (),
    progress: Callable[[int, float], None] | None = None,
    source: str = "",
) -> Learned:
    """Learn the tables of ``model`` from ``cases`` (state indices, model order, -1 where
    missing); variables in ``fixed`` keep their tables, the others record what learning did
    (``learned:``, naming ``source``). ``progress(iteration, objective)`` is called after
    each E-step. ImpossibleCases when a case cannot happen under the
    prior's structural zeros."""
    prior = pseudo_counts(model)
    tie = tied_tables(model)
    course = _em(
        CaseCounter(model), prior, model, cases, max_iterations, tolerance, fixed, progress, tie
    )
    seen = {n: int((cases[:, i] >= 0).sum()) for i, n in enumerate(model.names)}
    observed = {n: sum(seen[m] for m in model.names if tie[m] == tie[n]) for n in seen}
    variables = {
        n: v
        if n in fixed
        else replace(
            v,
            cpt=course.tables[n],
            confidence=model.confidence_of(n),
            learned=_learning(v, observed[n], course.counts[n], source),
            builder="",
        )
        for n, v in model.variables.items()
    }
    return Learned(
        replace(model, variables=variables, notes=(), warnings=()),
        model,
        observed,
        course.iterations,
        course.converged,
        course.log_likelihood,
        course.objective,
        course.counts,
        course.log_likelihoods,
        tuple(fixed),
    )


def _learning(var: Variable, observed: int, counts: np.ndarray, source: str) -> Learning:
    """What learning did to ``var``, added to what earlier learning did: the cases with a
    value, the cases counted into each row, the case files, the builder replaced."""
    before = var.learned
    rows = counts.sum(axis=-1)
    if before is not None and before.rows:
        rows = rows + np.reshape(before.rows, rows.shape)
    files = [f for f in (before.source if before else "", source) if f]
    return Learning(
        (before.cases if before else 0) + observed,
        tuple(float(r) for r in np.ravel(rows)),
        ", ".join(dict.fromkeys(files)),
        var.builder or (before.replaced if before else ""),
    )


@dataclass
class _Course:
    """Where EM ended: the tables, the counts under them, and how it got there."""

    tables: dict[str, np.ndarray]
    counts: dict[str, np.ndarray]
    iterations: int
    converged: bool
    log_likelihood: float
    objective: list[float]
    log_likelihoods: list[float]


def _em(
    counter: CaseCounter,
    prior: dict[str, np.ndarray],
    model: Model,
    cases: np.ndarray,
    max_iterations: int,
    tolerance: float,
    fixed: Sequence[str],
    progress: Callable[[int, float], None] | None,
    tie: dict[str, str],
) -> _Course:
    """Count, update, until no table entry moves by more than ``tolerance`` (complete
    cases: one count). Tables that ``tie`` shares (a time-sliced model's slices) are
    learned as one: their counts pooled, their prior counted once."""
    tables = {n: v.cpt for n, v in model.variables.items()}
    gaps = bool((cases < 0).any())
    objective: list[float] = []
    history: list[float] = []
    for iteration in range(1, max_iterations + 1):
        counted = _pooled(counter.count(tables, cases), tie)
        impossible = np.flatnonzero(~np.isfinite(counted.log_likelihoods))
        if impossible.size:
            raise ImpossibleCases(impossible.tolist())
        log_likelihood = float(counted.log_likelihoods.sum())
        history.append(log_likelihood)
        objective.append(log_likelihood + _prior_term(prior, tables, tie))
        if progress:
            progress(iteration, objective[-1])
        updated = _maximized(prior, counted.tables, tables, fixed, tie)
        if not gaps:  # complete cases: the exact posterior mean after one count
            final = float(counter.count(updated, cases).log_likelihoods.sum())
            return _Course(updated, counted.tables, iteration, True, final, objective, history)
        if _largest_move(tables, updated) <= tolerance:  # settled: the last count is of these
            return _Course(
                tables, counted.tables, iteration, True, log_likelihood, objective, history
            )
        tables = updated
    counted = _pooled(counter.count(tables, cases), tie)  # stopped: the tables kept
    final = float(counted.log_likelihoods.sum())
    return _Course(tables, counted.tables, max_iterations, False, final, objective, history)


def _pooled(counted: Counted, tie: dict[str, str]) -> Counted:
    """Each table's counts, those of tables ``tie`` shares summed (every one of them then
    holds the sum: what the shared table was learned from)."""
    sums: dict[str, np.ndarray] = {}
    for name, counts in counted.tables.items():
        sums[tie[name]] = sums[tie[name]] + counts if tie[name] in sums else counts
    return replace(counted, tables={n: sums[tie[n]] for n in counted.tables})


def _largest_move(before: dict[str, np.ndarray], after: dict[str, np.ndarray]) -> float:
    return max(float(np.abs(after[n] - before[n]).max(initial=0.0)) for n in before)


def _maximized(
    prior: dict[str, np.ndarray],
    counts: dict[str, np.ndarray],
    tables: dict[str, np.ndarray],
    fixed: Sequence[str],
    tie: dict[str, str],
) -> dict[str, np.ndarray]:
    """The posterior-mean tables: (pseudo-counts + counts), each row divided by its sum; a
    shared table's pseudo-counts are its first holder's (``tie``), its counts pooled."""
    out = {}
    for name, table in tables.items():
        if name in fixed:
            out[name] = table
            continue
        mass = prior[tie[name]] + counts[name]
        out[name] = mass / mass.sum(axis=-1, keepdims=True)
    return out


def _prior_term(
    prior: dict[str, np.ndarray], tables: dict[str, np.ndarray], tie: dict[str, str]
) -> float:
    """sum(pseudo-counts x log table), with 0 x log 0 = 0; a shared table once."""
    total = 0.0
    for name, alpha in prior.items():
        if tie[name] != name:
            continue
        positive = alpha > 0
        total += float((alpha[positive] * np.log(tables[name][positive])).sum())
    return total


@dataclass(frozen=True)
class TableReview:
    """What the cases did to one table: how many informed it, its largest change (the row
    by its parents' states, the state, the prior and learned probabilities), and the
    probability the judgement gave the counts it met (Dirichlet-multinomial, log10): the
    lower, the more the data disagree with the judgement."""

    variable: str
    cases: int  # cases with a value for the variable
    weights_before: tuple[float, float]  # the least and the most weight of a row, in cases
    weights_after: tuple[float, float]
    row: dict[str, str]
    state: str
    before: float
    after: float
    log10_probability: float
    log10_bayes_factor: float  # the judgement against a flat prior of 1 case per cell
    replaced: str = ""

    @property
    def change(self) -> float:
        return self.after - self.before


def review(learned: Learned) -> list[TableReview]:
    """A review per learned table (fixed ones left out), the data's disagreement with the
    judgement first: the lowest Bayes factor of the judgement against ignorance (a flat
    prior worth one case per cell), i.e. how much better (above 0) or worse (below 0) the
    judgement foretold the counts than knowing nothing would have, in log10. The raw
    probability of the counts is reported too; it falls with the size of a table and of
    the data, so it ranks tables by size as much as by surprise."""
    prior = pseudo_counts(learned.prior)
    out = []
    for name, var in learned.model.variables.items():
        if name in learned.fixed:
            continue
        before = learned.prior.variables[name].cpt
        counts = learned.counts[name]
        judged = _log10_dirichlet_multinomial(prior[name], counts)
        delta = np.abs(var.cpt - before)
        cell = np.unravel_index(int(delta.argmax()), delta.shape)
        states = [learned.model.variables[p].states for p in var.parents]
        row = {p: st[i] for p, st, i in zip(var.parents, states, cell[:-1], strict=True)}
        out.append(
            TableReview(
                name,
                learned.cases[name],
                _spread(learned.prior.row_confidence(name)),
                _spread(learned.model.row_confidence(name)),
                row,
                var.states[cell[-1]],
                float(before[cell]),
                float(var.cpt[cell]),
                judged,
                judged - _log10_dirichlet_multinomial(np.ones(var.cpt.shape), counts),
                learned.prior.variables[name].builder,
            )
        )
    return sorted(out, key=lambda r: r.log10_bayes_factor)


def _spread(weights: np.ndarray) -> tuple[float, float]:
    return float(weights.min()), float(weights.max())


_LGAMMA = np.frompyfunc(math.lgamma, 1, 1)


def _lgamma(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(_LGAMMA(x), dtype=float)


def _log10_dirichlet_multinomial(alpha: np.ndarray, counts: np.ndarray) -> float:
    """log10 of the probability of ``counts`` (real, for expected counts) under a
    Dirichlet-multinomial with parameters ``alpha``, summed over the rows (last axis the
    states); cells with alpha 0 (structural zeros) hold no counts and are left out."""
    a = alpha.reshape(-1, alpha.shape[-1])
    n = counts.reshape(-1, counts.shape[-1])
    live = a > 0
    total = (
        _lgamma(a.sum(axis=1))
        - _lgamma(a.sum(axis=1) + n.sum(axis=1))
        + _lgamma(n.sum(axis=1) + 1)
        + np.where(live, _lgamma(np.where(live, a + n, 1)) - _lgamma(np.where(live, a, 1)), 0).sum(
            axis=1
        )
        - _lgamma(n + 1).sum(axis=1)
    )
    return float(total.sum() / math.log(10))


def located(exc: ImpossibleCases, cases: Cases, model: Model) -> ModelError:
    """The impossible cases as located problems of the case file (20 at most): each at
    its line, at the column of a variable in a smallest set of its values the model rules
    out."""
    engine = Engine(model)
    found = []
    for row in exc.rows[:20]:
        values = {
            n: model.variables[n].states[code]
            for n, code in zip(model.names, cases.codes[row], strict=True)
            if code >= 0
        }
        conflict = _conflict(engine, values)
        first = next(iter(conflict), model.names[0])
        found.append(
            Diagnostic(
                "this case is impossible under the model: "
                + ", ".join(f"{n}={s}" for n, s in conflict.items())
                + " cannot happen together (a probability 0 in its tables)",
                cases.path,
                cases.lines[row],
                cases.columns.get(first),
                first,
                "correct the case, or give the states a small probability in the model",
                "column",
            )
        )
    return ModelError(found, len(exc.rows) - len(found))


def _conflict(engine: Engine, values: dict[str, str]) -> dict[str, str]:
    """A smallest set of the case's values that cannot happen together."""
    try:
        engine.probability(values)
    except ImpossibleEvidenceError as exc:
        return dict(exc.conflicting)
    return values
