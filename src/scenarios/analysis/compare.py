"""Run the scenarios of a scenario file, compare them, and check their expectations.

Example:
    >>> from scenarios.model.bundled import load_bundled
    >>> from scenarios.engine import Engine
    >>> from scenarios.analysis.scenariofile import Scenario, ScenarioSet
    >>> from scenarios.engine.evidence import Evidence
    >>> model = load_bundled()
    >>> s = ScenarioSet(model, {"base": Scenario("base"),
    ...     "confront": Scenario("confront", evidence=Evidence(do={"taliban_stance": "confront"}))},
    ...     "base")
    >>> results = run_scenarios(Engine(model), s, ["fata_relocation"])
    >>> round(results["confront"]["fata_relocation"]["yes"], 2)
    0.7
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.analysis.scenariofile import ScenarioSet
from scenarios.engine.compiled import Engine
from scenarios.engine.result import QueryResult
from scenarios.errors import ImpossibleEvidenceError, QueryError


@dataclass(frozen=True)
class ExpectationResult:
    scenario: str
    text: str
    value: float | None
    reference: float | None  # the threshold, or the baseline's value for rises/falls
    passed: bool
    problem: str = ""


def run_scenarios(engine: Engine, scenario_set: ScenarioSet, targets: list[str] | None
                  ) -> dict[str, QueryResult]:
    """Each scenario's posteriors of ``targets``, answered as one batch; QueryError naming the
    scenario on failure."""
    names = list(scenario_set.scenarios)
    evidences = [scenario_set.scenarios[n].evidence for n in names]
    for name, evidence in zip(names, evidences, strict=True):
        try:
            engine.observe(evidence)
            engine.probability(evidence)
        except QueryError as exc:
            raise QueryError(f"scenario '{name}': {exc}") from None
    targets = engine.check_targets(targets)
    answers, p = engine.query_batch(evidences, targets)
    results = {}
    for i, (name, evidence) in enumerate(zip(names, evidences, strict=True)):
        posteriors = {t: dict(zip(engine.model.variables[t].states, answers[t][i].tolist(),
                                  strict=True)) for t in targets}
        results[name] = QueryResult(engine.model.name, dict(evidence.hard), float(p[i]),
                                    posteriors, evidence.soft, evidence.do)
    return results


def check_expectations(engine: Engine, scenario_set: ScenarioSet) -> list[ExpectationResult]:
    """Evaluate every expectation of every scenario (impossible evidence fails the check)."""
    variables = sorted({e.measure.variable for s in scenario_set.scenarios.values()
                        for e in s.expectations})
    base_scenario = scenario_set.scenarios[scenario_set.baseline]
    base = _safe_query(engine, base_scenario.evidence, variables)
    out = []
    for name, scenario in scenario_set.scenarios.items():
        result = _safe_query(engine, scenario.evidence, variables)
        for expectation in scenario.expectations:
            measure = expectation.measure
            if isinstance(result, str):
                out.append(ExpectationResult(name, expectation.text, None, None, False, result))
                continue
            value = measure.of(result[measure.variable])
            if expectation.direction:
                reference = None if isinstance(base, str) else measure.of(base[measure.variable])
            else:
                reference = expectation.threshold
            out.append(ExpectationResult(name, expectation.text, value, reference,
                                         expectation.holds(value, reference)))
    return out


def _safe_query(engine: Engine, evidence, variables) -> QueryResult | str:
    try:
        return engine.query(evidence, variables or None)
    except ImpossibleEvidenceError as exc:
        return str(exc)
