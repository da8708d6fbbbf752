"""Explain a posterior: how much each finding moved the target, by leaving it out.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> from scenarios.model.evidence import Evidence
    >>> from scenarios.model.measures import Measure
    >>> ev = Evidence({"is_funding": "high", "taliban_stance": "confront"})
    >>> rows = explain(Engine(load_model()), Measure("fata_relocation", "yes"), ev)
    >>> rows[0].finding
    'taliban_stance=confront'
"""

from __future__ import annotations

from dataclasses import dataclass

from scenarios.engine.compiled import Asked, Engine
from scenarios.model.graph import shortest_route
from scenarios.model.measures import Measure
from scenarios.model.schema import Model


@dataclass(frozen=True)
class Link:
    """One edge on the route from a finding to the target, and what it rests on."""

    parent: str
    child: str
    basis: str | None  # "quote", "assumption", or None when the model gives neither
    forward: bool  # walked from parent to child (False: against the arrow, by diagnosis)


@dataclass(frozen=True)
class ExplainRow:
    finding: str
    without: float
    with_all: float
    route: tuple[Link, ...] = ()

    @property
    def assumptions(self) -> int:
        return sum(link.basis == "assumption" for link in self.route)

    @property
    def contribution(self) -> float:
        """How much the finding moves the measure, given all the other findings."""
        return self.with_all - self.without


def explain(engine: Engine, measure: Measure, evidence: Asked) -> list[ExplainRow]:
    """A row per finding or intervention, largest absolute contribution first. A set belief
    stays the belief it is when another finding is removed."""
    question = engine.prepare(evidence, [measure.variable])
    full = measure.of(engine.query(question)[measure.variable])
    evidence = question.stated
    rows = []
    for name in [*evidence.observed, *evidence.do]:
        label = evidence.only(name).describe()
        reduced = engine.query(evidence.without(name), [measure.variable])
        rows.append(
            ExplainRow(
                label,
                measure.of(reduced[measure.variable]),
                full,
                route_links(engine.model, name, measure.variable),
            )
        )
    return sorted(rows, key=lambda r: (-abs(r.contribution), r.finding))


def route_links(model: Model, start: str, goal: str) -> tuple[Link, ...]:
    """The links of a shortest route from ``start`` to ``goal`` (edges in either direction),
    each with its basis: the chain of claims a finding's effect rests on."""
    route = shortest_route({n: v.parents for n, v in model.variables.items()}, start, goal)
    links = []
    for a, b in zip(route or (), (route or ())[1:], strict=False):
        forward = a in model.variables[b].parents
        parent, child = (a, b) if forward else (b, a)
        basis = model.variables[child].edge_basis(parent)
        links.append(Link(parent, child, basis.kind if basis else None, forward))
    return tuple(links)
