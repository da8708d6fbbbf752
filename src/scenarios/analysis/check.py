"""Check the expectations of a scenario file: each statement ("P(x=high) rises by at least 5 pp
vs baseline", "... in at least 90% of draws") evaluated on its scenario's posteriors, exactly,
or on paired Dirichlet draws of the CPTs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from scenarios.analysis.forecast import reached_by
from scenarios.analysis.uncertainty import measure_draws
from scenarios.core.errors import QueryError
from scenarios.engine.compiled import Engine
from scenarios.engine.result import QueryResult
from scenarios.io.scenariofile import ScenarioSet
from scenarios.model.evidence import Evidence
from scenarios.model.expectations import Expectation
from scenarios.model.time import SEPARATOR, series


@dataclass(frozen=True)
class ExpectationResult:
    scenario: str
    text: str
    value: float | None
    reference: float | None  # the threshold, or the baseline's value for rises/falls
    passed: bool
    problem: str = ""
    share: float | None = None  # of the CPT draws in which it held ("in at least N% of draws")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_expectations(
    engine: Engine, scenario_set: ScenarioSet, draws: int = 2_000, seed: int | None = 0
) -> list[ExpectationResult]:
    """Evaluate every expectation of every scenario. Those asking for a share of draws are
    evaluated on ``draws`` Dirichlet draws of the CPTs, each scenario paired draw by draw with
    the baseline (``seed`` makes the check repeatable). A scenario whose evidence is
    impossible is bad input, as in :func:`run_scenarios`: a QueryError naming it.
    """
    variables = sorted(
        {e.measure.variable for s in scenario_set.scenarios.values() for e in s.expectations}
    )
    base_scenario = scenario_set.scenarios[scenario_set.baseline]
    base = _query(engine, scenario_set.baseline, base_scenario.evidence, variables)
    out = []
    for name, scenario in scenario_set.scenarios.items():
        result = _query(engine, name, scenario.evidence, variables)
        for expectation in scenario.expectations:
            value = _value(engine, scenario.evidence, result, expectation)
            reference = (
                _value(engine, base_scenario.evidence, base, expectation)
                if expectation.direction
                else expectation.threshold
            )
            passed = expectation.holds(value, reference)
            share = None
            if expectation.share is not None:
                share = _share_of_draws(
                    engine, base_scenario.evidence, scenario.evidence, expectation, draws, seed
                )
                passed = share >= expectation.share
            out.append(
                ExpectationResult(name, expectation.text, value, reference, passed, share=share)
            )
    return out


def _value(
    engine: Engine, evidence: Evidence, result: QueryResult, expectation: Expectation
) -> float:
    """The expectation's measure given ``evidence`` (``result`` holds its posteriors); for
    ``by SLICE``, the probability that the state is reached at some slice up to that one."""
    measure = expectation.measure
    if not expectation.by or measure.state is None:
        return measure.of(result[measure.variable])
    base = measure.variable.rpartition(SEPARATOR)[0]
    every = series(engine.model, base)
    copies = every[: every.index(measure.variable) + 1]
    state = engine.model.variables[measure.variable].state_index(measure.state)
    return float(reached_by(engine, engine.prepare(evidence, []), copies, state)[-1])


def _share_of_draws(
    engine: Engine,
    baseline: Evidence,
    evidence: Evidence,
    expectation: Expectation,
    draws: int,
    seed: int | None,
) -> float:
    """The share of CPT draws in which ``expectation`` holds, paired with the baseline."""
    values = measure_draws(engine, [baseline, evidence], [expectation.measure], draws, seed)
    held = expectation.holds_each(values[1, 0], values[0, 0])
    return float(np.mean(held))


def _query(
    engine: Engine, name: str, evidence: Evidence, variables: Sequence[str] | None
) -> QueryResult:
    try:
        return engine.query(evidence, variables or None)
    except QueryError as exc:
        raise QueryError(f"scenario '{name}': {exc}") from None
