"""Exact inference by tensor contraction over a model compiled once into numpy arrays.

Each query prunes the network to the ancestors of its evidence and target (everything else sums
to one), slices the CPTs at the observed states, multiplies in soft-evidence likelihoods, and
contracts the rest along a path following one elimination order for the whole model
(:mod:`~scenarios.engine.elimination`). Many targets share one forward and one reverse pass
that also gives P(evidence) (:mod:`~scenarios.engine.adjoint`). Priors are kept once computed;
batches are chunked by cost (:mod:`~scenarios.engine.batching`); interventions answered on the
mutilated model (cached); set beliefs entered as likelihoods (:mod:`~scenarios.engine.beliefs`).

Example:
    >>> from scenarios import parse_model
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
from dataclasses import replace

import numpy as np

from scenarios.core.errors import ImpossibleEvidenceError, QueryError, TooLargeError
from scenarios.engine.batching import chunk_size, signature_order
from scenarios.engine.beliefs import beliefs_as_likelihoods
from scenarios.engine.contraction import BATCH, Contractor, Operand
from scenarios.engine.factors import Factors, NetworkFactors
from scenarios.engine.intervention import intervene
from scenarios.engine.observation import (
    Observation,
    evidence_vectors,
    observe,
    smallest_conflict,
)
from scenarios.engine.result import QueryResult
from scenarios.model.evidence import Evidence, as_evidence
from scenarios.model.graph import ancestors
from scenarios.model.schema import Model

UNDERFLOW = 1e-280  # sums below this are redone with every step rescaled (no underflow)


class Engine:
    """Compiled exact inference for one model. Reuse it: contraction paths are cached."""

    def __init__(self, model: Model):
        self.model = model
        self._parents = {n: v.parents for n, v in model.variables.items()}
        self._contractor = Contractor(
            model.names,
            [[*v.parents, n] for n, v in model.variables.items()],
            {n: v.cardinality for n, v in model.variables.items()},
        )
        self._mutilated: dict[frozenset, Engine] = {}
        self._priors: dict[str, dict[str, float]] = {}
        self._position = {n: i for i, n in enumerate(model.names)}
        self._net = NetworkFactors(model)

    def query(
        self,
        evidence: Evidence | Mapping[str, str] | None = None,
        targets: Sequence[str] | None = None,
    ) -> QueryResult:
        """Posteriors of ``targets`` (default: every variable) given ``evidence``: a mapping of
        hard findings ``{variable: state}`` or an :class:`Evidence` with soft findings and
        interventions.

        Raises QueryError for unknown names and ImpossibleEvidenceError when P(evidence) = 0.
        """
        given = as_evidence(evidence)
        ev = self.resolve(given)
        engine, observed, _ = self._surgery(ev)
        result = engine._query(observed, targets)
        if given.beliefs:  # reported as stated, not as the likelihoods that make them hold
            result = replace(result, soft_evidence=dict(given.soft), beliefs=dict(given.beliefs))
        return replace(result, interventions=dict(ev.do))

    def resolve(self, evidence: Evidence | Mapping[str, str] | None) -> Evidence:
        """The evidence with each set belief turned into the likelihood finding that makes
        it hold (Jeffrey's rule, :mod:`scenarios.engine.beliefs`); other evidence as given."""
        ev = as_evidence(evidence)
        return beliefs_as_likelihoods(self.model, ev, self._posterior_vector) if ev.beliefs else ev

    def _posterior_vector(self, evidence: Evidence, name: str) -> np.ndarray:
        return np.array(list(self.query(evidence, [name]).posteriors[name].values()))

    def _query(self, ev: Evidence, targets: Sequence[str] | None) -> QueryResult:
        """:meth:`query` for evidence without interventions. P(evidence) comes from the pass
        that gives the posteriors; with no evidence, posteriors already computed are reused."""
        obs = self.observe(ev)
        names = self.check_targets(targets)
        if obs.names:
            tables, log_z = self._posteriors(obs, self._net.factors(obs), names, batched=False)
            log_p = self._log_probability(obs) if log_z is None else float(log_z)
            if log_p == -np.inf:
                raise ImpossibleEvidenceError(self._conflict(ev))
            posteriors = {n: self.model.variables[n].distribution(tables[n]) for n in names}
        else:
            priors, log_p = self._prior(names), 0.0
            posteriors = {n: dict(priors[n]) for n in names}  # copies: callers may change them
        p_evidence = float(np.exp(log_p))
        return QueryResult(
            self.model.name,
            dict(ev.hard),
            p_evidence,
            posteriors,
            ev.soft,
            log10_probability_of_evidence=log_p / np.log(10) if p_evidence == 0 else None,
        )

    def _prior(self, names: list[str]) -> dict[str, dict[str, float]]:
        """Marginals with no evidence, computed once per variable and kept."""
        missing = [n for n in names if n not in self._priors]
        if missing:
            obs = Observation({}, {})
            tables = self._posteriors(obs, self._net.factors(obs), missing, False)[0]
            for name in missing:
                self._priors[name] = self.model.variables[name].distribution(tables[name])
        return self._priors

    def joint(
        self, evidence: Evidence | Mapping[str, str] | None, variables: Sequence[str]
    ) -> np.ndarray:
        """The posterior joint distribution over ``variables`` (axes in that order)."""
        return self._joint(self.resolve(evidence), variables, None)

    def query_draws(
        self,
        evidence: Evidence | Mapping[str, str] | None,
        targets: Sequence[str] | None,
        cpts: Mapping[str, np.ndarray],
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Posteriors for a batch of CPT sets in one pass.

        ``cpts`` maps variables to arrays of shape ``(draws, *cpt_shape)``; variables left out
        keep their CPT. Returns ``{target: (draws, states)}`` and P(evidence) per draw.
        """
        engine, observed, kept = self._surgery(self.resolve(evidence), cpts)
        return engine._query_draws(observed, targets, kept or {})

    def _query_draws(
        self, ev: Evidence, targets: Sequence[str] | None, cpts: Mapping[str, np.ndarray]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """:meth:`query_draws` for evidence without interventions."""
        names = self.check(ev, targets)
        obs = self.observe(ev)
        draws = len(next(iter(cpts.values()))) if cpts else 1
        factors = self._net.factors(obs, cpts, draws)
        nodes = ancestors(self._parents, obs.names)
        p_evidence = self._contract(nodes, obs, factors, (BATCH,)) if obs.names else np.ones(draws)
        return self._posteriors(obs, factors, names, batched=True, size=draws)[0], p_evidence

    def _posteriors(
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
        nodes = ancestors(self._parents, [*free, *obs.names, *(extra or {})])
        operands, index = self._net.operands(nodes, obs, factors, extra)
        joints, log_z = self._joints(operands, index, free, scaled=False)
        if any((j.sum(axis=-1) < UNDERFLOW).any() for j in joints.values()):
            joints, log_z = self._joints(operands, index, free, scaled=True)
        out = {}
        for name in names:
            card = self.model.variables[name].cardinality
            if name in obs.findings:
                out[name] = np.eye(card)[obs.findings[name]]
            else:
                with np.errstate(invalid="ignore", divide="ignore"):
                    out[name] = joints[name] / joints[name].sum(axis=-1, keepdims=True)
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
                _, log_z, together = self._contractor.marginals(
                    operands, {n: index[n] for n in free}, scaled
                )
                return together, log_z
            except TooLargeError:  # the single pass holds every table at once: go target by
                pass  # target, holding only the largest table of each
        joints: dict[str, np.ndarray] = {}
        log_p: np.ndarray | None = None
        for name in free:  # every plan checked against the memory limit before any runs
            self._contractor.plan(operands, (*lead, name))
        for name in free:
            outputs = (*lead, name)
            log_scale: np.ndarray | float = 0.0
            if scaled:
                joint, log_scale = self._contractor.contract_scaled(operands, outputs)
            else:
                joint = self._contractor.contract(operands, outputs)
            joints[name] = joint = np.asarray(joint, dtype=float)
            if log_p is None:  # every target's joint sums to the same P(evidence)
                with np.errstate(divide="ignore"):
                    log_p = np.log(joint.sum(axis=-1)) + log_scale
        return joints, log_p

    def joint_draws(
        self,
        evidence: Evidence | Mapping[str, str] | None,
        variables: Sequence[str],
        cpts: Mapping[str, np.ndarray],
    ) -> np.ndarray:
        """The posterior joint over ``variables`` for each CPT set: ``(draws, *cards)``."""
        return self._joint(self.resolve(evidence), variables, cpts)

    def _joint(
        self, ev: Evidence, variables: Sequence[str], cpts: Mapping[str, np.ndarray] | None
    ) -> np.ndarray:
        """The joint over ``variables``; with ``cpts``, one per CPT set on a leading axis."""
        if len(set(variables)) != len(variables):
            raise QueryError("a joint distribution needs distinct variables")
        engine, observed, kept = self._surgery(ev, cpts)
        return engine._observed_joint(observed, variables, kept)

    def _observed_joint(
        self, ev: Evidence, variables: Sequence[str], cpts: Mapping[str, np.ndarray] | None
    ) -> np.ndarray:
        """:meth:`_joint` for evidence without interventions."""
        names = self.check(ev, variables)
        obs = self.observe(ev)
        free = tuple(n for n in names if n not in obs.findings)
        nodes = ancestors(self._parents, [*free, *obs.names])
        batch = () if cpts is None else (len(next(iter(cpts.values()))),)  # draws
        factors = self._net.factors(obs, cpts, *batch)
        outputs = (BATCH, *free) if batch else free
        operands = self._net.operands(nodes, obs, factors)[0]
        joint = self._contractor.contract(operands, outputs)
        if (joint.reshape(*batch, -1).sum(axis=-1) < UNDERFLOW).any():  # rescaled where it
            joint = self._contractor.contract_scaled(operands, outputs)[0]  # underflows
        flat = joint.reshape(*batch, -1)
        out = np.zeros([*batch, *(self.model.variables[n].cardinality for n in names)])
        index = tuple(obs.findings.get(n, slice(None)) for n in names)
        out[(*(slice(None) for _ in batch), *index)] = (
            flat / flat.sum(axis=-1, keepdims=True)
        ).reshape(joint.shape)
        return out

    def _surgery(
        self, ev: Evidence, cpts: Mapping[str, np.ndarray] | None = None
    ) -> tuple[Engine, Evidence, Mapping[str, np.ndarray] | None]:
        """The engine that answers ``ev`` and the evidence and CPT draws it answers: this
        engine and them unchanged without interventions; with them, the mutilated engine, the
        evidence less the interventions and the draws less the forced variables (impossible
        evidence is reported here, with the interventions named)."""
        if not ev.do:
            return self, ev, cpts
        self.check(ev)
        rest = None if cpts is None else {n: a for n, a in cpts.items() if n not in ev.do}
        return self.intervened(ev.do), Evidence(ev.hard, ev.soft), rest

    def query_batch(
        self,
        evidences: Sequence[Evidence | Mapping[str, str]],
        targets: Sequence[str] | None = None,
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Posteriors for many evidence sets at once: one batched pass (per set of
        interventions), findings entered as a batch of indicator or likelihood vectors.

        Returns ``{target: (sets, states)}`` and P(evidence) per set. A set whose evidence is
        impossible gets P = 0 and a row of NaN: callers must report it, not print it.
        """
        names = self.check_targets(targets)
        if any(isinstance(e, Evidence) and e.beliefs for e in evidences):
            evidences = [self.resolve(e) for e in evidences]
        if not any(isinstance(e, Evidence) and e.do for e in evidences):
            return self._batch(list(evidences), names)  # no surgery: one batch as given
        items = [as_evidence(e) for e in evidences]
        out = {n: np.full((len(items), self.model.variables[n].cardinality), np.nan) for n in names}
        p_evidence = np.zeros(len(items))
        groups: dict[frozenset, list[int]] = {}
        for i, ev in enumerate(items):
            groups.setdefault(frozenset(ev.do.items()), []).append(i)
        for do, rows in groups.items():
            engine = self.intervened(dict(do)) if do else self
            group = [Evidence(items[i].hard, items[i].soft) for i in rows]  # beliefs resolved
            answers, p = engine._batch(group, names)
            p_evidence[rows] = p
            for name in names:
                out[name][rows] = answers[name]
        return out, p_evidence

    def _batch(
        self, items: Sequence[Evidence | Mapping[str, str]], names: list[str]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """:meth:`query_batch` without interventions: sets observing the same variables
        together, in chunks of the size the plans say costs least per set (see batching)."""
        order = signature_order(items, self._position)
        size = chunk_size(
            lambda n: self._batch_cost([items[i] for i in order[:n]], names), len(items)
        )
        out = {n: np.empty((len(items), self.model.variables[n].cardinality)) for n in names}
        p_evidence = np.empty(len(items))
        for start in range(0, len(items), size):
            rows = order[start : start + size]
            answers, p_evidence[rows] = self._chunk([items[i] for i in rows], names)
            for name in names:
                out[name][rows] = answers[name]
        return out, p_evidence

    def _batch_cost(
        self, items: Sequence[Evidence | Mapping[str, str]], names: list[str]
    ) -> tuple[int, int, int]:
        """What answering ``items`` as one chunk would cost (see Contractor.batch_cost)."""
        vectors = evidence_vectors(self.model, items)
        extra: Factors = {n: (v, (BATCH, n)) for n, v in vectors.items()}
        nodes = ancestors(self._parents, [*names, *extra])
        obs = Observation({}, {})
        return self._contractor.batch_cost(
            self._net.operands(nodes, obs, self._net.factors(obs), extra)[0]
        )

    def _chunk(
        self, items: Sequence[Evidence | Mapping[str, str]], names: list[str]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        vectors = evidence_vectors(self.model, items)
        extra: Factors = {n: (v, (BATCH, n)) for n, v in vectors.items()}
        obs = Observation({}, {})
        factors = self._net.factors(obs)
        answers, log_p = self._posteriors(obs, factors, names, True, len(items), extra)
        if not vectors:
            log_p = np.zeros(len(items))
        elif log_p is None:
            nodes = ancestors(self._parents, list(vectors))
            log_p = self._log_contract(nodes, obs, factors, (BATCH,), extra)
        possible = np.isfinite(log_p)
        answers = {n: np.where(possible[:, None], a, np.nan) for n, a in answers.items()}
        return answers, np.exp(log_p)

    def probability(self, evidence: Evidence | Mapping[str, str] | None) -> float:
        """P(evidence): see :meth:`log_probability` (0.0 where it underflows)."""
        return float(np.exp(self.log_probability(evidence)))

    def log_probability(self, evidence: Evidence | Mapping[str, str] | None) -> float:
        """log P(evidence), with soft likelihoods normalized to sum to 1 per variable; raises
        ImpossibleEvidenceError (naming a smallest conflicting set) when it is 0. A set belief
        counts as its likelihood finding."""
        ev = self.resolve(evidence)
        if ev.do:
            try:
                return self.intervened(ev.do).log_probability(Evidence(ev.hard, ev.soft))
            except ImpossibleEvidenceError as exc:
                raise ImpossibleEvidenceError(exc.conflicting, ev.do) from None
        log_p = self._log_probability(self.observe(ev))
        if log_p == -np.inf:
            raise ImpossibleEvidenceError(self._conflict(ev))
        return log_p

    def intervened(self, do: Mapping[str, str]) -> Engine:
        """The engine of the model mutilated by ``do`` (cached)."""
        key = frozenset(do.items())
        if key not in self._mutilated:
            self._mutilated[key] = Engine(intervene(self.model, do))
        return self._mutilated[key]

    def largest_table(self) -> int:
        """Cells of the largest intermediate table this engine's queries have built so far."""
        return self._contractor.largest_table()

    def check(
        self,
        evidence: Evidence | Mapping[str, str] | None,
        targets: Iterable[str] | None = None,
    ) -> list[str]:
        """Check a question before answering it: QueryError for an unknown name or an unusable
        likelihood, ImpossibleEvidenceError when P(evidence) = 0 (naming the interventions).
        Returns the targets, each once (default: every variable)."""
        self.probability(evidence)
        return self.check_targets(targets)

    def check_targets(self, targets: Iterable[str] | None) -> list[str]:
        """The targets, each once (default: every variable); QueryError for an unknown one."""
        names = list(dict.fromkeys(targets)) if targets else self.model.names
        for name in names:
            self.model.check_variable(name)
        return names

    def observe(self, ev: Evidence) -> Observation:
        """Resolve names to indices; QueryError for unknown names or unusable likelihoods."""
        return observe(self.model, ev)

    def _log_probability(self, obs: Observation) -> float:
        """log P(evidence): -inf only when the evidence is impossible, finite even where
        P(evidence) itself underflows (below about 1e-308)."""
        if not obs.names:
            return 0.0
        nodes = ancestors(self._parents, obs.names)
        return float(self._log_contract(nodes, obs, self._net.factors(obs), ()))

    def _log_contract(
        self,
        nodes: Iterable[str],
        obs: Observation,
        factors: Factors,
        outputs: tuple[str, ...],
        extra: Factors | None = None,
    ) -> np.ndarray:
        """log of a contraction to the batch axis (or a scalar), redone with rescaled steps
        where the plain one underflows."""
        operands = self._net.operands(nodes, obs, factors, extra)[0]
        plain = np.asarray(self._contractor.contract(operands, outputs), dtype=float)
        with np.errstate(divide="ignore"):
            logs = np.log(plain)
        if (plain < UNDERFLOW).any():
            value, log_scale = self._contractor.contract_scaled(operands, outputs)
            with np.errstate(divide="ignore"):
                logs = np.where(plain < UNDERFLOW, np.log(value) + log_scale, logs)
        return logs

    def _contract(
        self,
        nodes: Iterable[str],
        obs: Observation,
        factors: Factors,
        outputs: tuple[str, ...],
        extra: Factors | None = None,
    ) -> np.ndarray:
        return self._contractor.contract(self._net.operands(nodes, obs, factors, extra)[0], outputs)

    def _conflict(self, ev: Evidence) -> dict[str, str]:
        return smallest_conflict(ev, lambda e: self._log_probability(self.observe(e)) == -np.inf)
