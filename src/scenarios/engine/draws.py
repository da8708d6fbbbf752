"""Questions answered for many draws of the CPTs at once (credible intervals, expectations
checked in a share of draws): every CPT that is drawn gets a leading batch axis and the passes
of :class:`~scenarios.engine.network.CompiledNetwork` run once over all draws; and joint
distributions of several variables, for one set of tables or for many.

Evidence here has no interventions (:class:`~scenarios.engine.compiled.Engine` answers those
on the mutilated model); targets are checked by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from scenarios.engine.contraction import BATCH
from scenarios.engine.network import UNDERFLOW, CompiledNetwork
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors


def posteriors_over_draws(
    network: CompiledNetwork, ev: Evidence, names: list[str], cpts: Mapping[str, np.ndarray]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``{target: (draws, states)}`` and P(evidence) per draw; ``cpts`` maps variables to
    arrays ``(draws, *cpt_shape)``, the others keep their table."""
    obs = network.observe(ev)
    draws = len(next(iter(cpts.values()))) if cpts else 1
    factors = network.net.factors(obs, cpts, draws)
    if obs.names:
        nodes = ancestors(network.parents, obs.names)
        operands = network.net.operands(nodes, obs, factors)[0]
        p_evidence = np.asarray(network.contractor.contract(operands, (BATCH,)), dtype=float)
    else:
        p_evidence = np.ones(draws)
    return network.posteriors(obs, factors, names, batched=True, size=draws)[0], p_evidence


def joint(
    network: CompiledNetwork,
    ev: Evidence,
    names: Sequence[str],
    cpts: Mapping[str, np.ndarray] | None,
) -> np.ndarray:
    """The posterior joint over ``names`` (axes in that order); with ``cpts``, one per CPT
    set on a leading axis. Contractions that underflow are rescaled (the joint is
    normalized, so a scale cancels)."""
    obs = network.observe(ev)
    free = tuple(n for n in names if n not in obs.findings)
    nodes = ancestors(network.parents, [*free, *obs.names])
    batch = () if cpts is None else (len(next(iter(cpts.values()))),)  # draws
    factors = network.net.factors(obs, cpts, *batch)
    outputs = (BATCH, *free) if batch else free
    operands = network.net.operands(nodes, obs, factors)[0]
    found = network.contractor.contract(operands, outputs)
    if (found.reshape(*batch, -1).sum(axis=-1) < UNDERFLOW).any():
        found = network.contractor.contract_scaled(operands, outputs)[0]
    flat = found.reshape(*batch, -1)
    out = np.zeros([*batch, *(network.model.variables[n].cardinality for n in names)])
    index = tuple(obs.findings.get(n, slice(None)) for n in names)
    out[(*(slice(None) for _ in batch), *index)] = (
        flat / flat.sum(axis=-1, keepdims=True)
    ).reshape(found.shape)
    return out
