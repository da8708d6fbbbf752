"""Evidence a user can give: hard findings, soft (likelihood) findings and interventions.

On the command line a finding is ``VAR=STATE`` (hard) or ``VAR~STATE:L,STATE:L`` (soft: the
likelihood of the observation under each state; unlisted states get 0); an intervention,
``--do VAR=STATE``, forces a variable and cuts it from its causes.

Example:
    >>> ev = parse_evidence(["is_funding~high:0.8,medium:0.2", "peace_process=talks"])
    >>> ev.hard, ev.soft
    ({'peace_process': 'talks'}, {'is_funding': {'high': 0.8, 'medium': 0.2}})
    >>> parse_evidence(["is_funding~high:0.8"]).hard_in_effect()
    {'is_funding': 'high'}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scenarios.core.errors import QueryError


@dataclass(frozen=True)
class Evidence:
    """Everything a query conditions on. ``soft`` holds likelihoods per state (unnormalized)."""

    hard: dict[str, str] = field(default_factory=dict)
    soft: dict[str, dict[str, float]] = field(default_factory=dict)
    do: dict[str, str] = field(default_factory=dict)

    @property
    def observed(self) -> list[str]:
        return [*self.hard, *self.soft]

    def without(self, name: str) -> Evidence:
        """The same evidence less every finding and intervention on ``name``."""
        return Evidence(
            {k: v for k, v in self.hard.items() if k != name},
            {k: v for k, v in self.soft.items() if k != name},
            {k: v for k, v in self.do.items() if k != name},
        )

    def with_finding(self, name: str, state: str) -> Evidence:
        """The same evidence plus the hard finding ``name=state`` (replacing any on ``name``)."""
        rest = self.without(name)
        return Evidence({**rest.hard, name: state}, rest.soft, rest.do)

    def with_intervention(self, name: str, state: str) -> Evidence:
        """The same evidence plus ``do(name=state)`` (replacing any finding on ``name``)."""
        rest = self.without(name)
        return Evidence(rest.hard, rest.soft, {**rest.do, name: state})

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.hard.items()]
        parts += [
            f"{k}~" + ",".join(f"{s}:{p:g}" for s, p in v.items()) for k, v in self.soft.items()
        ]
        parts += [f"do({k}={v})" for k, v in self.do.items()]
        return ", ".join(parts)

    def hard_in_effect(self) -> dict[str, str]:
        """Soft findings that give a positive likelihood to one state only: unlisted states
        get 0, so each is the hard finding ``{variable: state}`` in effect (``~high:0.8``
        read as "80% sure it is high" is not what it says)."""
        found = {}
        for name, per_state in self.soft.items():
            positive = [state for state, value in per_state.items() if value > 0]
            if len(positive) == 1:
                found[name] = positive[0]
        return found

    def to_dict(self) -> dict:
        return {
            "evidence": dict(self.hard),
            "soft_evidence": {k: dict(v) for k, v in self.soft.items()},
            "interventions": dict(self.do),
        }


def as_evidence(evidence: Evidence | Mapping[str, str] | None) -> Evidence:
    if isinstance(evidence, Evidence):
        return evidence
    return Evidence(hard=dict(evidence or {}))


def parse_evidence(items: Iterable[str], interventions: Iterable[str] = ()) -> Evidence:
    """Parse ``-e`` items (hard ``V=S`` or soft ``V~S:L,...``) and ``--do`` items (``V=S``)."""
    hard: dict[str, str] = {}
    soft: dict[str, dict[str, float]] = {}
    for item in items:
        if "~" in item and ("=" not in item or item.index("~") < item.index("=")):
            name, likelihoods = _soft(item)
            _once(name, hard, soft, item)
            soft[name] = likelihoods
        else:
            name, state = _pair(item, "-e is_funding=high")
            _once(name, hard, soft, item)
            hard[name] = state
    do: dict[str, str] = {}
    for item in interventions:
        name, state = _pair(item, "--do taliban_stance=confront")
        if name in do:
            raise QueryError(f"--do gives '{name}' twice; keep one")
        do[name] = state
    return Evidence(hard, soft, do)


def _pair(item: str, example: str) -> tuple[str, str]:
    name, sep, state = (part.strip() for part in item.partition("="))
    if not sep or not name or not state:
        raise QueryError(f"'{item}' is not of the form VAR=STATE (e.g. {example})")
    return name, state


def _once(name: str, hard: dict, soft: dict, item: str) -> None:
    if name in hard or name in soft:
        raise QueryError(f"evidence gives '{name}' twice (at '{item}'); keep one")


def _soft(item: str) -> tuple[str, dict[str, float]]:
    name, _, body = (part.strip() for part in item.partition("~"))
    example = "e.g. -e 'is_funding~high:0.8,medium:0.2'"
    likelihoods: dict[str, float] = {}
    for part in body.split(","):
        state, sep, number = (p.strip() for p in part.partition(":"))
        try:
            value = float(number)
        except ValueError:
            value = math.nan  # the values themselves are checked by Variable.likelihoods
        if not name or not sep or not state or math.isnan(value):
            raise QueryError(
                f"soft evidence '{item}' is not of the form VAR~STATE:LIKELIHOOD,"
                f"... with likelihoods 0 or more ({example})"
            )
        if state in likelihoods:
            raise QueryError(
                f"soft evidence '{item}' gives state '{state}' twice; give each "
                "state one likelihood"
            )
        likelihoods[state] = value
    return name, likelihoods
