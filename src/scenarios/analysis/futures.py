"""Most likely futures: the k most probable joint configurations of chosen outcomes, and the
observable finding that best tells each from the next (:func:`contrasts`).

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> top = most_likely_futures(Engine(load_model()), ["fata_relocation", "secret_pact"], k=2)
    >>> [tuple(f.states.values()) for f in top]
    [('no', 'none'), ('yes', 'none')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scenarios.analysis.indicators import DIAGNOSTIC, Finding, finding_likelihoods
from scenarios.analysis.indicators import Future as Hypothesis
from scenarios.core import limits
from scenarios.core.errors import QueryError, TooLargeError
from scenarios.engine.compiled import Asked, Engine


@dataclass(frozen=True)
class Future:
    states: dict[str, str]
    probability: float


def most_likely_futures(
    engine: Engine, targets: Sequence[str], k: int = 5, evidence: Asked = None
) -> list[Future]:
    """The ``k`` most probable joint states of ``targets`` given the evidence, exactly; fewer
    when fewer than ``k`` are possible."""
    if k < 1:
        raise QueryError("-k must be 1 or more")
    question = engine.prepare(evidence, targets)
    names = list(question.targets)
    cards = [engine.model.variables[n].cardinality for n in names]
    cells = int(np.prod(cards))
    if cells > limits.get("joint_cells"):
        raise QueryError(
            limits.refusal(
                f"the number of joint states of these {len(names)} variables", cells, "joint_cells"
            )
            + "; or choose fewer targets"
        )
    joint = engine.joint(question, names).ravel()
    order = [i for i in np.argsort(-joint, kind="stable")[:k] if joint[i] > 0]  # never impossible
    futures = []
    for flat in order:
        index = np.unravel_index(flat, cards)
        states = {n: engine.model.variables[n].states[i] for n, i in zip(names, index, strict=True)}
        futures.append(Future(states, float(joint[flat])))
    return futures


@dataclass(frozen=True)
class Contrast:
    """What tells one future from the next: the observable finding that most favours each
    side, with its likelihood ratio P(o | favoured) / P(o | the other)."""

    first: str
    second: str
    for_first: tuple[Finding, float] | None
    for_second: tuple[Finding, float] | None


def contrasts(
    engine: Engine,
    futures: Sequence[Hypothesis],
    observables: Sequence[str],
    evidence: Asked = None,
) -> list[Contrast]:
    """For each future and the next one in ``futures``, the finding that most favours each."""
    evidence = engine.prepare(evidence).evidence
    spoken = {*evidence.hard, *evidence.do, *(n for f in futures for n in f.evidence.observed)}
    candidates = [n for n in dict.fromkeys(observables) if n not in spoken]
    singles: list[tuple[Finding, ...]] = [
        ((n, s),) for n in candidates for s in engine.model.variables[n].states
    ]
    if len(futures) < 2 or not singles:
        return []
    if len(futures) * len(singles) > limits.get("finding_sets"):
        raise TooLargeError(
            limits.refusal(
                f"the signposts of {len(futures):,} futures ({len(singles):,} findings each)",
                len(futures) * len(singles),
                "finding_sets",
            )
            + "; or list fewer futures (-k), or leave the signposts out (--no-signposts)"
        )
    given = [engine.resolve(evidence.merged(f.evidence)) for f in futures]
    likelihood = finding_likelihoods(engine, given, singles)
    found = [combo[0] for combo in singles]
    return [
        Contrast(
            futures[i].label,
            futures[i + 1].label,
            _most_favouring(likelihood[i], likelihood[i + 1], found),
            _most_favouring(likelihood[i + 1], likelihood[i], found),
        )
        for i in range(len(futures) - 1)
    ]


def _most_favouring(
    favoured: np.ndarray, other: np.ndarray, found: list[Finding]
) -> tuple[Finding, float] | None:
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(other > 0, favoured / other, np.where(favoured > 0, np.inf, 0.0))
    best = int(np.argmax(ratio))
    return (found[best], float(ratio[best])) if ratio[best] >= DIAGNOSTIC else None
