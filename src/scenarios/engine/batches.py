"""Questions answered for many evidence sets at once (sweeps, indicators, the signposts of
futures): each observed variable enters as a vector with one row per set, and the passes of
:class:`~scenarios.engine.network.CompiledNetwork` run once per chunk of sets, cut as
:mod:`~scenarios.engine.batching` says. Evidence here has no interventions or beliefs
(:class:`~scenarios.engine.compiled.Engine` answers those first); targets are checked by the
caller. With no targets, only log P(evidence) of each set is computed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from scenarios.engine.batching import Cost, chunk_size, signature_order
from scenarios.engine.contraction import BATCH
from scenarios.engine.factors import Factors
from scenarios.engine.network import CompiledNetwork
from scenarios.engine.observation import Observation, evidence_vectors
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors

Item = Evidence | Mapping[str, str]


def answer_batch(
    network: CompiledNetwork, items: Sequence[Item], names: list[str]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``{target: (sets, states)}`` and log P(evidence) per set (-inf and a row of NaN for a
    set whose evidence is impossible): sets observing the same variables together, in chunks
    of the size the plans say costs least per set."""
    order = signature_order(items, network.position)
    size = chunk_size(lambda n: _cost(network, [items[i] for i in order[:n]], names), len(items))
    cards = {n: network.model.variables[n].cardinality for n in names}
    out = {n: np.empty((len(items), cards[n])) for n in names}
    log_p = np.empty(len(items))
    for start in range(0, len(items), size):
        rows = order[start : start + size]
        answers, log_p[rows] = _chunk(network, [items[i] for i in rows], names)
        for name in names:
            out[name][rows] = answers[name]
    return out, log_p


def _cost(network: CompiledNetwork, items: Sequence[Item], names: list[str]) -> Cost:
    """What answering ``items`` as one chunk would cost (see Contractor.batch_cost)."""
    vectors = evidence_vectors(network.model, items)
    extra: Factors = {n: (v, (BATCH, n)) for n, v in vectors.items()}
    nodes = ancestors(network.parents, [*names, *extra])
    if not nodes:
        return 0, 0, 0  # nothing asked, nothing observed
    obs = Observation({}, {})
    return network.contractor.batch_cost(
        network.net.operands(nodes, obs, network.net.factors(obs), extra)[0]
    )


def _chunk(
    network: CompiledNetwork, items: Sequence[Item], names: list[str]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    vectors = evidence_vectors(network.model, items)
    if not vectors and not names:
        return {}, np.zeros(len(items))  # nothing asked, nothing observed: P(evidence) = 1
    extra: Factors = {n: (v, (BATCH, n)) for n, v in vectors.items()}
    obs = Observation({}, {})
    factors = network.net.factors(obs)
    answers, log_p = network.posteriors(obs, factors, names, True, len(items), extra)
    if not vectors:
        log_p = np.zeros(len(items))
    elif log_p is None:
        nodes = ancestors(network.parents, list(vectors))
        log_p = network.log_contract(nodes, obs, factors, (BATCH,), extra)
    possible = np.isfinite(log_p)
    answers = {n: np.where(possible[:, None], a, np.nan) for n, a in answers.items()}
    return answers, log_p
