"""Where analysts disagree, and which disagreement moves a judgement (``scenarios disagree``).

For a judgement (P(VAR=STATE), or the expected level of an ordinal VAR) given the evidence:
its value under the shared model, under each analyst's model (every table the analyst
assessed as they assessed it, the others shared) and under the pooled model; and for each
table some analyst assessed, the judgement when only that table follows each analyst in turn
(the rest shared): its range over the analysts is how much settling that table's
disagreement could move the judgement. Tables are ranked by that range, widest first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from scenarios.analysis.pool import pool
from scenarios.engine.compiled import Engine
from scenarios.io.analyst_file import Assessment
from scenarios.model.evidence import Evidence
from scenarios.model.measures import Measure
from scenarios.model.schema import Model


@dataclass(frozen=True)
class TableDisagreement:
    """One table: the judgement with only it following each analyst, and their range."""

    variable: str
    values: dict[str, float]  # analyst -> the judgement
    reasons: dict[str, str]  # analyst -> their reason (those who assessed it)

    @property
    def spread(self) -> float:
        return max(self.values.values()) - min(self.values.values())


@dataclass(frozen=True)
class Disagreement:
    measure: Measure
    evidence: Evidence
    shared: float  # the judgement under the shared model
    pooled: float  # under the linear pool with equal weights
    by_analyst: dict[str, float]  # under each analyst's whole assessment
    tables: list[TableDisagreement]  # widest range first


def disagree(
    model: Model, analysts: Sequence[Assessment], measure: Measure, evidence: Evidence
) -> Disagreement:
    def judged(which: Model) -> float:
        return measure.of(Engine(which).query(evidence, [measure.variable])[measure.variable])

    by_analyst = {a.analyst: judged(_as_assessed(model, a, a.assessed)) for a in analysts}
    tables = []
    for name in dict.fromkeys(n for a in analysts for n in a.assessed):
        values = {a.analyst: judged(_as_assessed(model, a, [name])) for a in analysts}
        reasons = {a.analyst: a.reasons[name] for a in analysts if name in a.reasons}
        tables.append(TableDisagreement(name, values, reasons))
    tables.sort(key=lambda t: -t.spread)
    pooled = judged(pool(model, analysts))
    return Disagreement(measure, evidence, judged(model), pooled, by_analyst, tables)


def _as_assessed(model: Model, analyst: Assessment, names: Sequence[str]) -> Model:
    """The shared model with ``names`` as ``analyst`` assessed them (tables, confidences)."""
    variables = dict(model.variables)
    for name in names:
        var = variables[name]
        table = analyst.tables.get(name, var.cpt)
        variables[name] = replace(
            var, cpt=table, confidence=analyst.confidences.get(name, var.confidence)
        )
    return replace(model, variables=variables)
