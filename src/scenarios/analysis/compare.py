"""Run the scenarios of a scenario file as one batch and compare them (their expectations are
checked in :mod:`scenarios.analysis.check`).

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> from scenarios.io.scenariofile import Scenario, ScenarioSet
    >>> from scenarios.model.evidence import Evidence
    >>> model = load_model()
    >>> s = ScenarioSet(model, {"base": Scenario("base"),
    ...     "confront": Scenario("confront", evidence=Evidence(do={"taliban_stance": "confront"}))},
    ...     "base")
    >>> results = run_scenarios(Engine(model), s, ["fata_relocation"])
    >>> round(results["confront"]["fata_relocation"]["yes"], 2)
    0.75
"""

from __future__ import annotations

from scenarios.core.errors import QueryError
from scenarios.engine.compiled import Engine
from scenarios.engine.result import QueryResult
from scenarios.io.scenariofile import ScenarioSet


def run_scenarios(
    engine: Engine, scenario_set: ScenarioSet, targets: list[str] | None
) -> dict[str, QueryResult]:
    """Each scenario's posteriors of ``targets``, answered as one batch; QueryError naming the
    scenario on failure."""
    names = list(scenario_set.scenarios)
    evidences = [scenario_set.scenarios[n].evidence for n in names]
    targets = engine.check_targets(targets)
    for name, evidence in zip(names, evidences, strict=True):
        try:
            engine.prepare(evidence)
        except QueryError as exc:
            raise QueryError(f"scenario '{name}': {exc}") from None
    answers, p = engine.query_batch(evidences, targets)
    results = {}
    for i, (name, evidence) in enumerate(zip(names, evidences, strict=True)):
        posteriors = {t: engine.model.variables[t].distribution(answers[t][i]) for t in targets}
        results[name] = QueryResult(
            engine.model.name,
            dict(evidence.hard),
            float(p[i]),
            posteriors,
            evidence.soft,
            evidence.do,
            beliefs=dict(evidence.beliefs),
        )
    return results
