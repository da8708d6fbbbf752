"""A question prepared once (:meth:`Engine.prepare <scenarios.engine.compiled.Engine.prepare>`):
the evidence as stated, the same with every set belief turned into the likelihood finding that
makes it hold, the targets checked (each once), and log P(evidence). Every analysis that asks
many things under one evidence prepares it once and hands the question on; what it reports
next to its numbers (P(evidence)) is read from here rather than computed again.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.engine import Engine
    >>> question = Engine(load_model()).prepare({"is_funding": "high"}, ["defection_rate"])
    >>> question.targets, round(question.probability, 2)
    (('defection_rate',), 0.25)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenarios.model.evidence import Evidence


@dataclass(frozen=True)
class Question:
    """What is asked, checked: see the module's docstring."""

    stated: Evidence  # as the user gave it (beliefs as beliefs)
    evidence: Evidence  # beliefs turned into likelihoods: what the engine enters
    targets: tuple[str, ...]
    log_probability: float  # natural log of P(evidence); finite (impossible evidence raises)

    @property
    def probability(self) -> float:
        """P(evidence); 0.0 where it is below the smallest float (see ``log_probability``)."""
        return math.exp(self.log_probability)
