"""Explain a posterior: how much each finding moved the target, by leaving it out.

Example:
    >>> from scenarios.model.bundled import load_bundled
    >>> from scenarios.engine import Engine
    >>> from scenarios.analysis.measures import Measure
    >>> ev = Evidence({"is_funding": "high", "taliban_stance": "confront"})
    >>> rows = explain(Engine(load_bundled()), Measure("fata_relocation", "yes"), ev)
    >>> rows[0].finding
    'taliban_stance=confront'
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.analysis.measures import Measure
from scenarios.engine.compiled import Engine
from scenarios.engine.evidence import Evidence


@dataclass(frozen=True)
class ExplainRow:
    finding: str
    without: float
    with_all: float

    @property
    def contribution(self) -> float:
        """How much the finding moves the measure, given all the other findings."""
        return self.with_all - self.without


def explain(engine: Engine, measure: Measure, evidence: Evidence) -> list[ExplainRow]:
    """A row per finding or intervention, largest absolute contribution first."""
    full = measure.of(engine.query(evidence, [measure.variable])[measure.variable])
    rows = []
    for name in [*evidence.observed, *evidence.do]:
        label = Evidence({k: v for k, v in evidence.hard.items() if k == name},
                         {k: v for k, v in evidence.soft.items() if k == name},
                         {k: v for k, v in evidence.do.items() if k == name}).describe()
        reduced = engine.query(evidence.without(name), [measure.variable])
        rows.append(ExplainRow(label, measure.of(reduced[measure.variable]), full))
    return sorted(rows, key=lambda r: (-abs(r.contribution), r.finding))
