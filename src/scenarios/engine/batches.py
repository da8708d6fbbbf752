"""Questions answered for many evidence sets at once (sweeps, indicators, the signposts of
futures): each observed variable enters as a vector with one row per set, and the passes of
:class:`~scenarios.engine.network.CompiledNetwork` run once per chunk of sets, cut as
:mod:`~scenarios.engine.batching` says. Evidence here has no interventions or beliefs
(:class:`~scenarios.engine.compiled.Engine` answers those first); targets are checked by the
caller. With no targets, only log P(evidence) of each set is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from scenarios.engine.batching import Cost, chunk_size, observed_so_far, signature_order
from scenarios.engine.contraction import BATCH, BATCH_CELLS
from scenarios.engine.factors import Factors
from scenarios.engine.network import CompiledNetwork
from scenarios.engine.observation import Observation, evidence_vectors
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors

Item = Evidence | Mapping[str, str]
SAMPLES = 4  # sets (spread over the signature order) that price a loop against the batch
QUERY_STEP_CELLS = 4_500  # a single query's step: its plan, slicing, results (products)


def answer_batch(
    network: CompiledNetwork, items: Sequence[Item], names: list[str]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """``{target: (sets, states)}`` and log P(evidence) per set (-inf and a row of NaN for a
    set whose evidence is impossible): sets observing the same variables together, in chunks
    of the size the plans say costs least per set, and no larger than BATCH_CELLS allows:
    a chunk's evidence vectors and tables are made when it runs, so memory is bounded by one
    chunk and the answers. Where the plans say single queries cost less (findings slice the
    tables of a single query, while a batch keeps them whole), the sets are answered one by
    one."""
    if not items:
        return _loop(network, items, names)  # nothing to batch
    order = signature_order(items, network.position)
    per_set = _Pricing(network, observed_so_far(items, order), names)
    size = chunk_size(per_set, len(items))
    floor = 3 * (len(names) - 1) * QUERY_STEP_CELLS  # a single query's steps: a merge a leaf
    sample = [items[i] for i in order[:: max(1, len(order) // SAMPLES)]]
    cost = per_set(size)
    if cost > floor and cost > _single_cost(network, sample, names):
        return _loop(network, items, names)  # findings slice tables that a batch keeps whole
    observed = per_set.observed(len(items))
    size = max(1, min(size, BATCH_CELLS // _cells_per_set(network, observed, names)))
    cards = {n: network.model.variables[n].cardinality for n in names}
    out = {n: np.empty((len(items), cards[n])) for n in names}
    log_p = np.empty(len(items))
    for start in range(0, len(items), size):
        chunk = order[start : start + size]
        rows = np.array(chunk)  # indexing with an array, not a list converted for each target
        answers, log_p[rows] = _chunk(network, [items[i] for i in chunk], names)
        for name in names:
            out[name][rows] = answers[name]
    return out, log_p


def _cells_per_set(network: CompiledNetwork, observed: list[str], names: list[str]) -> int:
    """The cells a set takes in a chunk: its evidence vectors and its answers (the chunk's
    tables are cut to BATCH_CELLS by the contraction itself)."""
    variables = network.model.variables
    return max(1, sum(variables[n].cardinality for n in [*observed, *names] if n in variables))


def _single_cost(network: CompiledNetwork, sample: Sequence[Item], names: list[str]) -> float:
    """The mean cost of answering the ``sample`` sets one at a time, each finding slicing
    the tables it is on (which a batch cannot do: its findings differ from set to set)."""
    costs = []
    for item in sample:
        obs = network.observe(item if isinstance(item, Evidence) else Evidence(dict(item)))
        nodes = ancestors(network.parents, [*names, *obs.names])
        if not nodes:
            return 0.0
        operands = network.net.operands(nodes, obs, network.net.factors(obs))[0]
        cost = network.contractor.batch_cost(operands, replan=True)
        costs.append(cost.steps * QUERY_STEP_CELLS + cost.shared + cost.batched)
    return sum(costs) / len(costs)


def _loop(
    network: CompiledNetwork, items: Sequence[Item], names: list[str]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """:func:`answer_batch` one set at a time (where the plans say a loop costs less)."""
    cards = {n: network.model.variables[n].cardinality for n in names}
    out = {n: np.full((len(items), cards[n]), np.nan) for n in names}
    log_p = np.full(len(items), -np.inf)
    for row, item in enumerate(items):
        obs = network.observe(item if isinstance(item, Evidence) else Evidence(dict(item)))
        tables, log_z = network.posteriors(obs, network.net.factors(obs), names, False)
        log_p[row] = network.log_probability(obs) if log_z is None else float(log_z)
        if log_p[row] > -np.inf:
            for name in names:
                out[name][row] = tables[name]
    return out, log_p


class _Pricing:
    """The estimated cost per set of cutting the batch into chunks of ``size``: the first
    chunk's (see Contractor.batch_cost), from the shapes of its factors (no evidence vector
    is made to price one), priced once per set of observed variables."""

    def __init__(
        self, network: CompiledNetwork, observed: Callable[[int], list[str]], names: list[str]
    ):
        self.network, self.observed, self.names = network, observed, names
        self._costs: dict[frozenset[str], Cost] = {}

    def __call__(self, size: int) -> float:
        observed = self.observed(size)
        key = frozenset(observed)
        if key not in self._costs:
            self._costs[key] = _cost(self.network, observed, self.names)
        return self._costs[key].per_set(size)


def _cost(network: CompiledNetwork, observed: list[str], names: list[str]) -> Cost:
    """What answering one chunk whose sets observe ``observed`` would cost."""
    variables = network.model.variables
    extra: Factors = {
        n: (np.broadcast_to(np.ones(1), (1, variables[n].cardinality)), (BATCH, n))
        for n in observed
        if n in variables
    }
    nodes = ancestors(network.parents, [*names, *extra])
    if not nodes:
        return Cost(0, 0, 0, False)  # nothing asked, nothing observed
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
    if not possible.all():
        answers = {n: np.where(possible[:, None], a, np.nan) for n, a in answers.items()}
    return answers, log_p
