"""One model compiled for inference: its factors, its contractor (one elimination order, plans
cached per shape), and the passes every kind of question is answered with. :class:`Engine`
(the public API), :mod:`~scenarios.engine.batches` (many evidence sets) and
:mod:`~scenarios.engine.draws` (many CPT sets) all answer through one of these.

Each pass prunes the network to the ancestors of its evidence and targets (everything else sums
to one), slices the CPTs at the observed states, multiplies in soft-evidence likelihoods, and
contracts the rest along a path following the model's elimination order. Many targets share
one forward and one reverse pass that also gives P(evidence)
(:mod:`~scenarios.engine.adjoint`); sums that underflow are redone with every step rescaled.

Example:
    >>> from scenarios import load_model
    >>> network = CompiledNetwork(load_model())
    >>> obs = network.observe(Evidence({"is_funding": "high"}))
    >>> round(float(np.exp(network.log_probability(obs))), 2)
    0.25
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from itertools import accumulate, pairwise

import numpy as np

from scenarios.core.errors import TooLargeError
from scenarios.engine.contraction import BATCH, Contractor, Operand
from scenarios.engine.factors import Factors, NetworkFactors
from scenarios.engine.observation import Observation, observe, smallest_conflict
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors
from scenarios.model.schema import Model

UNDERFLOW = 1e-280  # sums below this are redone with every step rescaled (no underflow)


class CompiledNetwork:
    """The compiled contraction machinery of one model (see the module's docstring)."""

    def __init__(self, model: Model):
        self.model = model
        self.parents = {n: v.parents for n, v in model.variables.items()}
        self.position = {n: i for i, n in enumerate(model.names)}
        self.contractor = Contractor(
            model.names,
            [[*v.parents, n] for n, v in model.variables.items()],
            {n: v.cardinality for n, v in model.variables.items()},
        )
        self.net = NetworkFactors(model)
        self._priors: dict[str, dict[str, float]] = {}

    def observe(self, ev: Evidence) -> Observation:
        """Resolve names to indices; QueryError for unknown names or unusable likelihoods."""
        return observe(self.model, ev)

    def prior(self, names: list[str]) -> dict[str, dict[str, float]]:
        """Marginals with no evidence, computed once per variable and kept."""
        missing = [n for n in names if n not in self._priors]
        if missing:
            obs = Observation({}, {})
            tables = self.posteriors(obs, self.net.factors(obs), missing, False)[0]
            for name in missing:
                self._priors[name] = self.model.variables[name].distribution(tables[name])
        return self._priors

    def posteriors(
        self,
        obs: Observation,
        factors: Factors,
        names: list[str],
        batched: bool,
        size: int = 1,
        extra: Factors | None = None,
    ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
        """Normalized posteriors of ``names``: observed ones are indicators, one free target
        is a contraction to its axis, several share one forward and reverse pass (which also
        gives log P(evidence), returned second; else None). ``extra`` are batched evidence
        vectors entered as factors. Sums that underflow are redone with rescaled steps."""
        free = [n for n in names if n not in obs.findings]
        nodes = ancestors(self.parents, [*free, *obs.names, *(extra or {})])
        operands, index = self.net.operands(nodes, obs, factors, extra)
        joints, log_z = self._joints(operands, index, free, scaled=False)
        normalized, least = _normalized(joints)
        if least < UNDERFLOW:
            joints, log_z = self._joints(operands, index, free, scaled=True)
            normalized, _ = _normalized(joints)
        out = {}
        for name in names:
            if name in obs.findings:
                out[name] = np.zeros(self.model.variables[name].cardinality)
                out[name][obs.findings[name]] = 1.0
            else:
                out[name] = normalized[name]
            if batched and out[name].ndim == 1:
                out[name] = np.tile(out[name], (size, 1))
        return out, log_z

    def _joints(
        self, operands: list[Operand], index: dict[str, int], free: list[str], scaled: bool
    ) -> tuple[dict[str, np.ndarray], np.ndarray | None]:
        """Unnormalized posteriors of ``free`` (each up to a positive factor when ``scaled``)
        and log P(evidence) (None when nothing is free)."""
        lead = (BATCH,) if any(axes[:1] == (BATCH,) for _, axes in operands) else ()
        if len(free) > 1:
            try:
                _, log_z, together = self.contractor.marginals(
                    operands, {n: index[n] for n in free}, scaled
                )
                return together, log_z
            except TooLargeError:  # the single pass holds every table at once: go target by
                pass  # target, holding only the largest table of each
        joints: dict[str, np.ndarray] = {}
        log_p: np.ndarray | None = None
        for name in free:  # every plan checked against the memory limit before any runs
            self.contractor.plan(operands, (*lead, name))
        for name in free:
            outputs = (*lead, name)
            log_scale: np.ndarray | float = 0.0
            if scaled:
                joint, log_scale = self.contractor.contract_scaled(operands, outputs)
            else:
                joint = self.contractor.contract(operands, outputs)
            joints[name] = joint = np.asarray(joint, dtype=float)
            if log_p is None:  # every target's joint sums to the same P(evidence)
                with np.errstate(divide="ignore"):
                    log_p = np.log(joint.sum(axis=-1)) + log_scale
        return joints, log_p

    def log_probability(self, obs: Observation) -> float:
        """log P(evidence): -inf only when the evidence is impossible, finite even where
        P(evidence) itself underflows (below about 1e-308)."""
        if not obs.names:
            return 0.0
        nodes = ancestors(self.parents, obs.names)
        return float(self.log_contract(nodes, obs, self.net.factors(obs), ()))

    def log_contract(
        self,
        nodes: Iterable[str],
        obs: Observation,
        factors: Factors,
        outputs: tuple[str, ...],
        extra: Factors | None = None,
    ) -> np.ndarray:
        """log of a contraction to the batch axis (or a scalar), redone with rescaled steps
        where the plain one underflows."""
        operands = self.net.operands(nodes, obs, factors, extra)[0]
        plain = np.asarray(self.contractor.contract(operands, outputs), dtype=float)
        with np.errstate(divide="ignore"):
            logs = np.log(plain)
        if (plain < UNDERFLOW).any():
            value, log_scale = self.contractor.contract_scaled(operands, outputs)
            with np.errstate(divide="ignore"):
                logs = np.where(plain < UNDERFLOW, np.log(value) + log_scale, logs)
        return np.asarray(logs)

    def conflict(self, ev: Evidence) -> dict[str, str]:
        """A smallest set of the findings that cannot hold together."""
        return smallest_conflict(ev, lambda e: self.log_probability(self.observe(e)) == -np.inf)


def _normalized(joints: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], float]:
    """Each joint divided by its sum over its last axis (views of one array: a handful of
    numpy calls for any number of targets), and the least of those sums (inf for none). An
    impossible joint (sum 0) becomes NaN: its caller reports the evidence impossible."""
    if not joints:
        return {}, math.inf
    cards = [joint.shape[-1] for joint in joints.values()]
    starts = list(accumulate(cards, initial=0))
    flat = np.concatenate(list(joints.values()), axis=-1)
    sums = np.add.reduceat(flat, starts[:-1], axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if flat.ndim == 1:
            flat /= np.repeat(sums, cards)
        else:  # a batch: target by target, no temporary the size of every answer
            for i, (start, end) in enumerate(pairwise(starts)):
                flat[..., start:end] /= sums[..., i : i + 1]
    spans = zip(joints, pairwise(starts), strict=True)
    views = {name: flat[..., start:end] for name, (start, end) in spans}
    return views, float(sums.min())
