"""Second-order uncertainty: how much an answer rests on the priors.

Each CPT row is read as the mean of a Dirichlet distribution whose total weight is the row's
*confidence* (an equivalent sample size: ``confidence: 20`` means "as sure as if we had seen 20
cases"). Drawing every CPT from its Dirichlet and answering the query for each draw gives a
distribution of posteriors: its mean and an equal-tailed credible interval. States with
probability 0 stay 0 in every draw (structural zeros). All draws are answered in one batched
pass.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> r = posterior_intervals(Engine(load_model()), None, ["fata_relocation"],
    ...                         draws=2000, level=0.9, seed=1)
    >>> iv = r.intervals["fata_relocation"]["yes"]
    >>> iv.low < r.point["fata_relocation"]["yes"] < iv.high
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from scenarios.core import limits
from scenarios.engine.compiled import Asked, Engine
from scenarios.model.measures import Measure
from scenarios.model.schema import Model
from scenarios.model.time import tied_tables

CHUNK = 2000  # draws answered at once
DRAW_CELLS = 2**23  # cells of drawn tables made at once (64 MiB of float64)
SMALL_ALPHA = 0.1  # Dirichlet parameters below this are drawn in logs (their gammas underflow)


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


@dataclass(frozen=True)
class IntervalResult:
    point: dict[str, dict[str, float]]
    intervals: dict[str, dict[str, Interval]]
    draws: int
    level: float
    seed: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "draws": self.draws,
            "level": self.level,
            "seed": self.seed,
            "intervals": {
                v: {s: iv.to_dict() for s, iv in d.items()} for v, d in self.intervals.items()
            },
        }


def sample_cpts(model: Model, draws: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """``draws`` CPT sets: every row ~ Dirichlet(row weight x row) (:meth:`Model.row_confidence`),
    zeros kept at zero; a table the slices of a time-sliced model share is drawn once for
    all of them (:func:`~scenarios.model.time.tied_tables`)."""
    tied = tied_tables(model)
    drawn = {
        name: dirichlet_rows(model.row_confidence(name), model.variables[name].cpt, draws, rng)
        for name in dict.fromkeys(tied.values())
    }
    return {name: drawn[tied[name]] for name in model.variables}


def dirichlet_rows(
    weights: np.ndarray, table: np.ndarray, draws: int, rng: np.random.Generator
) -> np.ndarray:
    """``draws`` tables whose rows are Dirichlet with parameters ``weights x row``: gamma
    draws normalized per row. Parameters below SMALL_ALPHA (tiny confidences or tiny
    probabilities), whose gamma draws underflow, are drawn in logs instead (G(a) = G(a + 1)
    U^(1/a)); a row whose every log-draw is -inf is a vertex, the state with the smallest
    exponential key -log(U) / a, which is what the draws tend to as a goes to 0."""
    positive = table > 0
    with np.errstate(divide="ignore", over="ignore"):
        log_alpha = np.where(positive, np.log(weights)[..., None] + np.log(table), -np.inf)
    alpha = np.exp(log_alpha)
    gammas = rng.standard_gamma(alpha, size=(draws, *alpha.shape))
    small = positive & (alpha < SMALL_ALPHA)
    if not small.any():
        totals = gammas.sum(axis=-1, keepdims=True)
        return np.asarray(gammas / totals)
    with np.errstate(divide="ignore"):
        log_g = np.log(gammas)
        boost = np.log(rng.standard_gamma(alpha + 1, size=gammas.shape))
        log_u = np.log(rng.random(gammas.shape))
        # log(U) / a without overflow: -exp(log(-log U) - log a)
        key = np.where(small, np.log(-log_u) - log_alpha, np.inf)
        with np.errstate(over="ignore"):
            log_g = np.where(small, boost - np.exp(key), log_g)
    peak = log_g.max(axis=-1, keepdims=True)
    vertex = ~np.isfinite(peak)  # every positive cell underflowed even in logs
    scaled = np.exp(log_g - np.where(vertex, 0.0, peak))
    out = scaled / np.where(vertex, 1.0, scaled.sum(axis=-1, keepdims=True))
    if vertex.any():
        winner = key.argmin(axis=-1)[..., None] == np.arange(table.shape[-1])
        out = np.where(vertex, winner.astype(float), out)
    return np.asarray(out)


def chunks(
    draws: int, progress: Callable[[int], None] | None = None, model: Model | None = None
) -> Iterator[int]:
    """Sizes of the chunks that ``draws`` are answered in (CHUNK, fewer when one draw of
    ``model``'s tables is large: a chunk's tables stay under DRAW_CELLS), reporting each to
    ``progress``."""
    cells = sum(v.cpt.size for v in model.variables.values()) if model is not None else 1
    most = max(1, min(CHUNK, DRAW_CELLS // max(cells, 1)))
    done = 0
    while done < draws:
        size = min(most, draws - done)
        yield size
        done += size
        if progress:
            progress(size)


def kept_answers(draws: int, numbers: int) -> None:
    """Refuse, before drawing, ``draws`` whose answers (``numbers`` per draw, kept for the
    quantiles) would not fit the memory limit."""
    limits.check_memory(
        draws * numbers * 8 / 2**20,
        f"the answers of {draws:,} draws ({numbers:,} numbers each)",
        "ask for fewer draws (--draws) or fewer targets",
    )


def posterior_intervals(
    engine: Engine,
    evidence: Asked,
    targets: Sequence[str],
    draws: int = 10_000,
    level: float = 0.9,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> IntervalResult:
    """Mean and equal-tailed ``level`` interval of each target state's posterior over
    ``draws`` Dirichlet draws of all CPTs; ``progress(n)`` is called after each chunk."""
    if draws < 2 or not 0 < level < 1:
        raise ValueError("need at least 2 draws and a level strictly between 0 and 1")
    question = engine.prepare(evidence, targets)
    point = engine.query(question).posteriors
    kept_answers(draws, sum(len(p) for p in point.values()))
    rng = np.random.default_rng(seed)
    collected: dict[str, list[np.ndarray]] = {t: [] for t in point}
    for size in chunks(draws, progress, engine.model):
        answers, _ = engine.query_draws(question, None, sample_cpts(engine.model, size, rng))
        for target, values in answers.items():
            collected[target].append(values)
    tail = (1 - level) / 2
    intervals = {}
    for target, parts in collected.items():
        values = np.concatenate(parts)
        low, high = np.quantile(values, [tail, 1 - tail], axis=0)
        states = engine.model.variables[target].states
        intervals[target] = {
            s: Interval(float(values[:, i].mean()), float(low[i]), float(high[i]))
            for i, s in enumerate(states)
        }
    return IntervalResult(point, intervals, draws, level, seed)


@dataclass(frozen=True)
class ScenarioSpread:
    """A scenario's posterior of one target state across CPT draws, against the baseline."""

    interval: Interval
    exceeds_baseline: float  # share of draws in which this scenario's value is the higher

    def to_dict(self) -> dict[str, float]:
        return {**self.interval.to_dict(), "exceeds_baseline": self.exceeds_baseline}


def compare_intervals(
    engine: Engine,
    scenarios: Mapping[str, Asked],
    baseline: str,
    targets: Sequence[str],
    draws: int = 10_000,
    level: float = 0.9,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, dict[str, ScenarioSpread]]]:
    """``{scenario: {target: {state: ScenarioSpread}}}``. Every scenario is answered on the same
    CPT draws, so "exceeds the baseline" is a paired comparison, draw by draw."""
    rng = np.random.default_rng(seed)
    kept_answers(draws, len(scenarios) * sum(engine.model.variable(t).cardinality for t in targets))
    questions = {name: engine.prepare(asked, targets) for name, asked in scenarios.items()}
    values: dict[str, dict[str, list[np.ndarray]]] = {
        n: {t: [] for t in targets} for n in scenarios
    }
    for size in chunks(draws, progress, engine.model):
        cpts = sample_cpts(engine.model, size, rng)
        for name, question in questions.items():
            answers, _ = engine.query_draws(question, None, cpts)
            for target in targets:
                values[name][target].append(answers[target])
    tail = (1 - level) / 2
    out: dict[str, dict[str, dict[str, ScenarioSpread]]] = {}
    for name in scenarios:
        out[name] = {}
        for target in targets:
            mine = np.concatenate(values[name][target])
            base = np.concatenate(values[baseline][target])
            low, high = np.quantile(mine, [tail, 1 - tail], axis=0)
            states = engine.model.variables[target].states
            out[name][target] = {
                s: ScenarioSpread(
                    Interval(float(mine[:, i].mean()), float(low[i]), float(high[i])),
                    float((mine[:, i] > base[:, i] + 1e-12).mean()),
                )
                for i, s in enumerate(states)
            }
    return out


def future_intervals(
    engine: Engine,
    evidence: Asked,
    targets: Sequence[str],
    futures: Sequence[dict[str, str]],
    draws: int = 10_000,
    level: float = 0.9,
    seed: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Interval]:
    """The probability of each joint future (a state per target) across CPT draws."""
    question = engine.prepare(evidence, targets)
    rng = np.random.default_rng(seed)
    model = engine.model
    cells = [tuple(model.variables[t].state_index(f[t]) for t in targets) for f in futures]
    kept_answers(draws, len(cells))
    values: list[np.ndarray] = []
    for size in chunks(draws, progress, model):
        joint = engine.joint_draws(question, targets, sample_cpts(model, size, rng))
        flat = joint.reshape(len(joint), -1)  # a draw per row, a joint future per column
        values.append(flat[:, [int(np.ravel_multi_index(c, joint.shape[1:])) for c in cells]])
    samples = np.concatenate(values)
    tail = (1 - level) / 2
    low, high = np.quantile(samples, [tail, 1 - tail], axis=0)
    return [
        Interval(float(samples[:, i].mean()), float(low[i]), float(high[i]))
        for i in range(len(cells))
    ]


def measure_draws(
    engine: Engine,
    evidences: Sequence[Asked],
    measures: Sequence[Measure],
    draws: int = 2_000,
    seed: int | None = 0,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Each measure under each evidence set across the same ``draws`` Dirichlet draws of the
    CPTs: shape ``(evidence sets, measures, draws)``. Differences along the first axis are
    paired, draw by draw (what "rises in at least 90% of draws" asks for); ``progress(n)``
    is called after each chunk."""
    rng = np.random.default_rng(seed)
    targets = sorted({m.variable for m in measures})
    questions = [engine.prepare(evidence, targets) for evidence in evidences]
    kept_answers(draws, len(evidences) * len(measures))
    parts: list[np.ndarray] = []
    for size in chunks(draws, progress, engine.model):
        cpts = sample_cpts(engine.model, size, rng)
        chunk = []
        for question in questions:
            answers, _ = engine.query_draws(question, None, cpts)
            chunk.append([_measure_of(engine.model, m, answers[m.variable]) for m in measures])
        parts.append(np.asarray(chunk))
    return np.concatenate(parts, axis=-1)


def _measure_of(model: Model, measure: Measure, values: np.ndarray) -> np.ndarray:
    """A measure of a batch of distributions ``(draws, states)``."""
    var = model.variables[measure.variable]
    if measure.state is not None:
        return values[:, var.state_index(measure.state)]
    return (
        values @ np.linspace(0.0, 1.0, var.cardinality)
        if var.cardinality > 1
        else np.zeros(len(values))
    )
