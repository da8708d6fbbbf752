"""Exact inference by tensor contraction over a model compiled once into numpy arrays.

Each query prunes the network to the ancestors of its evidence and target (everything else sums
to one), slices the CPTs at the observed states, and contracts what is left with an
opt_einsum path that is computed once per query shape and cached. Paths are found greedily: on
networks of this size a greedy path costs under a millisecond and is as cheap to run as an
optimal one, while exhaustive searches cost more than they save (see benchmarks/).

Example:
    >>> from scenarios.model import parse_model
    >>> m = parse_model('''
    ... name: tiny
    ... variables:
    ...   rain: {states: [no, yes], cpt: {no: 0.8, yes: 0.2}}
    ...   wet:
    ...     states: [dry, wet]
    ...     parents: [rain]
    ...     cpt: {table: {"rain=no": [0.9, 0.1], "rain=yes": [0.2, 0.8]}}
    ... ''')
    >>> r = Engine(m).query({"wet": "wet"}, ["rain"])
    >>> round(r["rain"]["yes"], 6), round(r.probability_of_evidence, 6)
    (0.666667, 0.24)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import opt_einsum as oe

from scenarios.engine.result import QueryResult
from scenarios.errors import ImpossibleEvidenceError
from scenarios.model.graph import ancestors
from scenarios.model.schema import Model

Findings = dict[str, int]


class Engine:
    """Compiled exact inference for one model. Reuse it: contraction paths are cached."""

    def __init__(self, model: Model):
        self.model = model
        self._parents = {n: v.parents for n, v in model.variables.items()}
        self._symbols = {n: oe.get_symbol(i) for i, n in enumerate(model.variables)}
        self._expressions: dict[tuple, oe.contract.ContractExpression] = {}

    def query(self, evidence: Mapping[str, str] | None = None,
              targets: Sequence[str] | None = None) -> QueryResult:
        """Posteriors of ``targets`` (default: every variable) given hard ``evidence``.

        Raises QueryError for unknown names and ImpossibleEvidenceError when P(evidence) = 0.
        """
        evidence = dict(evidence or {})
        findings = self.resolve_evidence(evidence)
        names = list(targets) if targets else self.model.names
        for name in names:
            self.model.variable(name)
        p_evidence = self.probability_of(findings)
        if not p_evidence > 0:
            raise ImpossibleEvidenceError(self._conflict(findings))
        factors = self._sliced_factors(findings)
        posteriors = {name: self._posterior(name, findings, factors)
                      for name in dict.fromkeys(names)}
        return QueryResult(self.model.name, evidence, p_evidence, posteriors)

    def resolve_evidence(self, evidence: Mapping[str, str]) -> Findings:
        """Map ``{variable: state}`` to ``{variable: state index}``; QueryError if unknown."""
        return {v: self.model.variable(v).state_index(s) for v, s in evidence.items()}

    def probability_of(self, findings: Findings) -> float:
        """P(findings), the sum of the joint over everything unobserved."""
        if not findings:
            return 1.0
        factors = self._sliced_factors(findings)
        return float(self._contract(ancestors(self._parents, findings), findings, factors, None))

    def _posterior(self, name: str, findings: Findings,
                   factors: dict[str, tuple[np.ndarray, str]]) -> dict[str, float]:
        states = self.model.variables[name].states
        if name in findings:
            return {s: float(i == findings[name]) for i, s in enumerate(states)}
        nodes = ancestors(self._parents, [name, *findings])
        unnormalized = self._contract(nodes, findings, factors, name)
        distribution = unnormalized / unnormalized.sum()
        return dict(zip(states, distribution.tolist(), strict=True))

    def _sliced_factors(self, findings: Findings) -> dict[str, tuple[np.ndarray, str]]:
        """Each CPT with observed axes fixed at their state, and its einsum subscript."""
        out = {}
        for name, var in self.model.variables.items():
            axes = [*var.parents, name]
            index = tuple(findings.get(a, slice(None)) for a in axes)
            kept = "".join(self._symbols[a] for a in axes if a not in findings)
            out[name] = (var.cpt[index], kept)
        return out

    def _contract(self, nodes: Iterable[str], findings: Findings,
                  factors: dict[str, tuple[np.ndarray, str]], output: str | None) -> np.ndarray:
        order = [n for n in self.model.variables if n in set(nodes)]
        key = (tuple(order), tuple(sorted(findings)), output)
        expression = self._expressions.get(key)
        operands = [factors[n][0] for n in order]
        if expression is None:
            out_symbol = self._symbols[output] if output else ""
            equation = ",".join(factors[n][1] for n in order) + "->" + out_symbol
            shapes = [op.shape for op in operands]
            expression = oe.contract_expression(equation, *shapes, optimize="greedy")
            self._expressions[key] = expression
        return np.asarray(expression(*operands))

    def _conflict(self, findings: Findings) -> dict[str, str]:
        """A smallest-by-deletion subset of findings that is impossible on its own."""
        conflict = dict(findings)
        for name in list(findings):
            trial = {k: v for k, v in conflict.items() if k != name}
            if trial and not self.probability_of(trial) > 0:
                conflict = trial
        return {n: self.model.variables[n].states[i] for n, i in conflict.items()}
