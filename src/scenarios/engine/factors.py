"""The model's CPTs as named factors: sliced at hard findings, batched over CPT draws, and
chosen for the variables a query keeps.

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.3, y: 0.7}}")
    >>> net = NetworkFactors(m)
    >>> array, axes = net.factors(Observation({"a": 1}, {}))["a"]
    >>> float(array), axes
    (0.7, ())
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from scenarios.engine.contraction import BATCH, Operand
from scenarios.engine.observation import Observation
from scenarios.model.schema import Model

Factors = dict[str, Operand]
_ALL = slice(None)  # an axis kept whole


class NetworkFactors:
    """Factors of one model, named by variable."""

    def __init__(self, model: Model):
        self.model = model
        self._families = {name: (*var.parents, name) for name, var in model.variables.items()}

    def factors(
        self, obs: Observation, cpts: Mapping[str, np.ndarray] | None = None, draws: int = 0
    ) -> Factors:
        """Each CPT with observed axes fixed at their state, and the names of its axes. With
        ``cpts`` every factor gets a leading batch axis of ``draws`` CPT sets."""
        out = {}
        findings = obs.findings
        for name, var in self.model.variables.items():
            axes = self._families[name]
            if cpts is None and findings.keys().isdisjoint(axes):
                out[name] = (var.cpt, axes)  # (the CPT itself: nothing observed on it)
                continue
            index = tuple([findings.get(a, _ALL) for a in axes])
            kept = tuple([a for a in axes if a not in findings])
            if cpts is None:
                out[name] = (var.cpt[index], kept)
                continue
            batch = (
                cpts[name] if name in cpts else np.broadcast_to(var.cpt, (draws, *var.cpt.shape))
            )
            out[name] = (batch[(slice(None), *index)], (BATCH, *kept))
        return out

    def operands(
        self, nodes: Iterable[str], obs: Observation, factors: Factors, extra: Factors | None = None
    ) -> tuple[list[Operand], dict[str, int]]:
        """The factors of ``nodes`` (in model order), then their soft-evidence likelihoods and
        ``extra`` vectors; and the position of each node's own factor."""
        relevant = set(nodes)
        order = [n for n in self.model.variables if n in relevant]
        operands = [factors[n] for n in order]
        operands += [(obs.likelihoods[n], (n,)) for n in order if n in obs.likelihoods]
        operands += [(extra or {})[n] for n in order if n in (extra or {})]
        return operands, {n: i for i, n in enumerate(order)}
