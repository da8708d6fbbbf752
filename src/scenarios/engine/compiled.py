"""Exact inference for one model: :class:`Engine`, the public face of the compiled network
(:mod:`~scenarios.engine.network`), the batches of evidence sets
(:mod:`~scenarios.engine.batches`) and of CPT draws (:mod:`~scenarios.engine.draws`).

A question is checked once (:meth:`Engine.prepare`: beliefs turned into likelihoods by
Jeffrey's rule, :mod:`~scenarios.engine.beliefs`; names and findings checked; P(evidence)),
and interventions are answered on the mutilated model, compiled once per set of ``do()`` s.

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

from scenarios.core.errors import ImpossibleEvidenceError, QueryError
from scenarios.engine import batches, draws
from scenarios.engine.beliefs import beliefs_as_likelihoods
from scenarios.engine.intervention import intervene
from scenarios.engine.network import CompiledNetwork
from scenarios.engine.observation import Observation
from scenarios.engine.question import Question
from scenarios.engine.result import QueryResult
from scenarios.model.evidence import Evidence, as_evidence
from scenarios.model.schema import Model

Asked = Evidence | Question | Mapping[str, str] | None  # what a method is asked under
Draws = Mapping[str, np.ndarray]


class Engine:
    """Compiled exact inference for one model. Reuse it: contraction paths are cached."""

    def __init__(self, model: Model):
        self.model = model
        self.network = CompiledNetwork(model)
        self._mutilated: dict[frozenset[tuple[str, str]], Engine] = {}

    def prepare(self, evidence: Asked = None, targets: Iterable[str] | None = None) -> Question:
        """The question checked once: QueryError for an unknown name or an unusable finding,
        ImpossibleEvidenceError when P(evidence) = 0 (naming a smallest conflicting set and
        the interventions). ``targets`` default to every variable; a question prepared
        already is taken as it is (asked of other ``targets`` when they are given)."""
        if isinstance(evidence, Question):
            if targets is None:
                return evidence
            return replace(evidence, targets=tuple(self.check_targets(targets)))
        stated = as_evidence(evidence)
        resolved = self.resolve(stated)
        log_p = self._log_probability(resolved)
        return Question(stated, resolved, tuple(self.check_targets(targets)), log_p)

    def query(self, evidence: Asked = None, targets: Sequence[str] | None = None) -> QueryResult:
        """Posteriors of ``targets`` (default: every variable) given ``evidence``: a mapping of
        hard findings ``{variable: state}``, an :class:`Evidence` with soft findings, beliefs
        and interventions, or a prepared :class:`Question` (whose targets are used).

        Raises QueryError for unknown names and ImpossibleEvidenceError when P(evidence) = 0.
        """
        if isinstance(evidence, Question):
            given, ev, targets = evidence.stated, evidence.evidence, list(evidence.targets)
        else:
            given = as_evidence(evidence)
            ev = self.resolve(given)
            if ev.do:  # impossible evidence is reported with the interventions named
                self._log_probability(ev)
        engine, observed, _ = self._surgery(ev)
        result = engine._query(observed, targets)
        if given.beliefs:  # reported as stated, not as the likelihoods that make them hold
            result = replace(result, soft_evidence=dict(given.soft), beliefs=dict(given.beliefs))
        return replace(result, interventions=dict(ev.do)) if ev.do else result

    def resolve(self, evidence: Asked) -> Evidence:
        """The evidence with each set belief turned into the likelihood finding that makes
        it hold (Jeffrey's rule, :mod:`scenarios.engine.beliefs`); other evidence as given."""
        if isinstance(evidence, Question):
            return evidence.evidence
        ev = as_evidence(evidence)
        if not ev.beliefs:
            return ev
        return beliefs_as_likelihoods(self.model, ev, self._posterior_vector, self.joint)

    def _posterior_vector(self, evidence: Evidence, name: str) -> np.ndarray:
        return np.array(list(self.query(evidence, [name]).posteriors[name].values()))

    def _query(self, ev: Evidence, targets: Sequence[str] | None) -> QueryResult:
        """:meth:`query` for evidence without interventions. P(evidence) comes from the pass
        that gives the posteriors; with no evidence, posteriors already computed are reused."""
        network = self.network
        obs = network.observe(ev)
        names = self.check_targets(targets)
        if obs.names:
            tables, log_z = network.posteriors(obs, network.net.factors(obs), names, False)
            log_p = network.log_probability(obs) if log_z is None else float(log_z)
            if log_p == -np.inf:
                raise ImpossibleEvidenceError(network.conflict(ev))
            posteriors = {n: self.model.variables[n].distribution(tables[n]) for n in names}
        else:
            priors, log_p = network.prior(names), 0.0
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

    def joint(self, evidence: Asked, variables: Sequence[str]) -> np.ndarray:
        """The posterior joint distribution over ``variables`` (axes in that order)."""
        return self._joint(evidence, variables, None)

    def joint_draws(self, evidence: Asked, variables: Sequence[str], cpts: Draws) -> np.ndarray:
        """The posterior joint over ``variables`` for each CPT set: ``(draws, *cards)``."""
        return self._joint(evidence, variables, cpts)

    def _joint(self, evidence: Asked, variables: Sequence[str], cpts: Draws | None) -> np.ndarray:
        if len(set(variables)) != len(variables):
            raise QueryError("a joint distribution needs distinct variables")
        question = self.prepare(evidence, variables)
        engine, observed, kept = self._surgery(question.evidence, cpts)
        if cpts and not kept:  # every drawn table is forced by do(): one joint for all draws
            one = draws.joint(engine.network, observed, question.targets, None)
            return np.broadcast_to(one, (len(next(iter(cpts.values()))), *one.shape)).copy()
        return draws.joint(engine.network, observed, question.targets, kept)

    def query_draws(
        self, evidence: Asked, targets: Sequence[str] | None, cpts: Draws
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Posteriors for a batch of CPT sets in one pass.

        ``cpts`` maps variables to arrays of shape ``(draws, *cpt_shape)``; variables left out
        keep their CPT. Returns ``{target: (draws, states)}`` and P(evidence) per draw. A
        prepared :class:`Question` brings its targets.
        """
        question = self.prepare(evidence, targets)
        engine, observed, kept = self._surgery(question.evidence, cpts)
        return draws.posteriors_over_draws(
            engine.network, observed, list(question.targets), kept or {}
        )

    def _surgery(
        self, ev: Evidence, cpts: Draws | None = None
    ) -> tuple[Engine, Evidence, Draws | None]:
        """The engine that answers ``ev`` and the evidence and CPT draws it answers: this
        engine and them unchanged without interventions; with them, the mutilated engine, the
        evidence less the interventions and the draws less the forced variables."""
        if not ev.do:
            return self, ev, cpts
        rest = None if cpts is None else {n: a for n, a in cpts.items() if n not in ev.do}
        return self.intervened(ev.do), Evidence(ev.hard, ev.soft), rest

    def query_batch(
        self, evidences: Sequence[Asked], targets: Sequence[str] | None = None
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Posteriors for many evidence sets at once: one batched pass (per set of
        interventions), findings entered as a batch of indicator or likelihood vectors.

        Returns ``{target: (sets, states)}`` and P(evidence) per set. A set whose evidence is
        impossible gets P = 0 and a row of NaN: callers must report it, not print it.
        """
        answers, log_p = self._batch(evidences, self.check_targets(targets))
        return answers, np.exp(log_p)

    def log_query_batch(
        self, evidences: Sequence[Asked], targets: Sequence[str] | None = None
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """:meth:`query_batch` with log P(evidence) per set (-inf where impossible): exact
        where P(evidence) is below the smallest float."""
        return self._batch(evidences, self.check_targets(targets))

    def log_probabilities(self, evidences: Sequence[Asked]) -> np.ndarray:
        """log P(evidence) of each set (-inf where impossible), in batched passes: exact where
        P(evidence) itself is below the smallest float."""
        return self._batch(evidences, [])[1]

    def probabilities(self, evidences: Sequence[Asked]) -> np.ndarray:
        """P(evidence) of each set (0.0 where impossible): see :meth:`log_probabilities`."""
        return np.asarray(np.exp(self.log_probabilities(evidences)))

    def _batch(
        self, evidences: Sequence[Asked], names: list[str]
    ) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Answers and log P(evidence) per set, each group of interventions on its engine."""
        items = [self.resolve(e) if not isinstance(e, Mapping) else e for e in evidences]
        if not any(isinstance(e, Evidence) and e.do for e in items):
            return batches.answer_batch(self.network, items, names)  # one batch as given
        evs = [as_evidence(e) for e in items]
        cards = {n: self.model.variables[n].cardinality for n in names}
        out = {n: np.full((len(evs), cards[n]), np.nan) for n in names}
        log_p = np.full(len(evs), -np.inf)
        groups: dict[frozenset[tuple[str, str]], list[int]] = {}
        for i, ev in enumerate(evs):
            groups.setdefault(frozenset(ev.do.items()), []).append(i)
        for do, rows in groups.items():
            engine = self.intervened(dict(do)) if do else self
            group = [Evidence(evs[i].hard, evs[i].soft) for i in rows]
            answers, log_p[rows] = batches.answer_batch(engine.network, group, names)
            for name in names:
                out[name][rows] = answers[name]
        return out, log_p

    def probability(self, evidence: Asked) -> float:
        """P(evidence): see :meth:`log_probability` (0.0 where it underflows)."""
        return float(np.exp(self.log_probability(evidence)))

    def log_probability(self, evidence: Asked) -> float:
        """log P(evidence), with soft likelihoods normalized to sum to 1 per variable; raises
        ImpossibleEvidenceError (naming a smallest conflicting set) when it is 0. A set belief
        counts as its likelihood finding."""
        if isinstance(evidence, Question):
            return evidence.log_probability
        return self._log_probability(self.resolve(evidence))

    def _log_probability(self, ev: Evidence) -> float:
        if ev.do:
            try:
                return self.intervened(ev.do)._log_probability(Evidence(ev.hard, ev.soft))
            except ImpossibleEvidenceError as exc:
                raise ImpossibleEvidenceError(exc.conflicting, ev.do) from None
        log_p = self.network.log_probability(self.observe(ev))
        if log_p == -np.inf:
            raise ImpossibleEvidenceError(self.network.conflict(ev))
        return log_p

    def intervened(self, do: Mapping[str, str]) -> Engine:
        """The engine of the model mutilated by ``do`` (cached)."""
        key = frozenset(do.items())
        if key not in self._mutilated:
            self._mutilated[key] = Engine(intervene(self.model, do))
        return self._mutilated[key]

    def largest_table(self) -> int:
        """Cells of the largest intermediate table this engine's queries have built so far."""
        return self.network.contractor.largest_table()

    def check_targets(self, targets: Iterable[str] | None) -> list[str]:
        """The targets, each once (default: every variable); QueryError for an unknown one."""
        names = list(dict.fromkeys(targets)) if targets else self.model.names
        for name in names:
            self.model.check_variable(name)
        return names

    def observe(self, ev: Evidence) -> Observation:
        """Resolve names to indices; QueryError for unknown names or unusable likelihoods."""
        return self.network.observe(ev)
