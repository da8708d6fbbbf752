"""Evidence a user can give: hard findings, soft (likelihood) findings, set beliefs and
interventions.

On the command line a finding is ``VAR=STATE`` (hard), ``VAR~STATE:L,STATE:L`` (soft: the
likelihood of the observation under each state; unlisted states get 0) or
``VAR:=STATE:P,STATE:P`` (a set belief: the distribution the analyst states for VAR, which
holds after the query; unlisted states get 0; see :mod:`scenarios.engine.beliefs`); an
intervention, ``--do VAR=STATE``, forces a variable and cuts it from its causes.

Example:
    >>> ev = parse_evidence(["is_funding~high:0.8,medium:0.2", "peace_process=talks"])
    >>> ev.hard, ev.soft
    ({'peace_process': 'talks'}, {'is_funding': {'high': 0.8, 'medium': 0.2}})
    >>> parse_evidence(["is_funding~high:0.8"]).hard_in_effect()
    {'is_funding': 'high'}
    >>> parse_evidence(["is_funding:=high:0.8,medium:0.2"]).beliefs
    {'is_funding': {'high': 0.8, 'medium': 0.2}}
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.core.text import quoted
from scenarios.model.schema import Model


@dataclass(frozen=True)
class Evidence:
    """Everything a query conditions on. ``soft`` holds likelihoods per state (unnormalized);
    ``beliefs`` the distributions an analyst states (Jeffrey's rule)."""

    hard: dict[str, str] = field(default_factory=dict)
    soft: dict[str, dict[str, float]] = field(default_factory=dict)
    do: dict[str, str] = field(default_factory=dict)
    beliefs: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def observed(self) -> list[str]:
        return [*self.hard, *self.soft, *self.beliefs]

    def without(self, name: str) -> Evidence:
        """The same evidence less every finding and intervention on ``name``."""
        return Evidence(
            {k: v for k, v in self.hard.items() if k != name},
            {k: v for k, v in self.soft.items() if k != name},
            {k: v for k, v in self.do.items() if k != name},
            {k: v for k, v in self.beliefs.items() if k != name},
        )

    def only(self, name: str) -> Evidence:
        """What this evidence says of ``name`` alone."""
        return Evidence(
            {k: v for k, v in self.hard.items() if k == name},
            {k: v for k, v in self.soft.items() if k == name},
            {k: v for k, v in self.do.items() if k == name},
            {k: v for k, v in self.beliefs.items() if k == name},
        )

    def with_finding(self, name: str, state: str) -> Evidence:
        """The same evidence plus the hard finding ``name=state`` (replacing any on ``name``)."""
        rest = self.without(name)
        return Evidence({**rest.hard, name: state}, rest.soft, rest.do, rest.beliefs)

    def with_intervention(self, name: str, state: str) -> Evidence:
        """The same evidence plus ``do(name=state)`` (replacing any finding on ``name``)."""
        rest = self.without(name)
        return Evidence(rest.hard, rest.soft, {**rest.do, name: state}, rest.beliefs)

    def merged(self, later: Evidence) -> Evidence:
        """This evidence updated by ``later``: a variable ``later`` speaks of keeps only what
        ``later`` says of it."""
        rest = self
        for name in [*later.observed, *later.do]:
            rest = rest.without(name)
        return Evidence(
            {**rest.hard, **later.hard},
            {**rest.soft, **later.soft},
            {**rest.do, **later.do},
            {**rest.beliefs, **later.beliefs},
        )

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in self.hard.items()]
        parts += [f"{k}~{_numbers(v)}" for k, v in self.soft.items()]
        parts += [f"{k}:={_numbers(v)}" for k, v in self.beliefs.items()]
        parts += [f"do({k}={v})" for k, v in self.do.items()]
        return ", ".join(parts)

    def items(self) -> list[str]:
        """The findings as ``-e`` items (interventions excluded), parseable again."""
        return [part for part in self.describe().split(", ") if part and "do(" not in part]

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

    def to_dict(self) -> dict[str, Any]:
        return {
            "evidence": dict(self.hard),
            "soft_evidence": {k: dict(v) for k, v in self.soft.items()},
            "beliefs": {k: dict(v) for k, v in self.beliefs.items()},
            "interventions": dict(self.do),
        }


def _numbers(per_state: dict[str, float]) -> str:
    return ",".join(f"{s}:{p:g}" for s, p in per_state.items())


def as_evidence(evidence: Evidence | Mapping[str, str] | None) -> Evidence:
    if isinstance(evidence, Evidence):
        return evidence
    return Evidence(hard=dict(evidence or {}))


def parse_evidence(items: Iterable[str], interventions: Iterable[str] = ()) -> Evidence:
    """Parse ``-e`` items (hard ``V=S``, soft ``V~S:L,...``, belief ``V:=S:P,...``) and
    ``--do`` items (``V=S``)."""
    hard: dict[str, str] = {}
    soft: dict[str, dict[str, float]] = {}
    beliefs: dict[str, dict[str, float]] = {}
    for item in items:
        kind = _kind(item)
        if kind == "=":
            name, state = _pair(item, "-e is_funding=high")
            _once(name, (hard, soft, beliefs), item)
            hard[name] = state
        else:
            name, numbers = _numbered(item, kind)
            _once(name, (hard, soft, beliefs), item)
            (soft if kind == "~" else beliefs)[name] = numbers
    do: dict[str, str] = {}
    for item in interventions:
        if (kind := _kind(item)) != "=":  # a do() sets one state; weights belong to -e
            what = "a belief" if kind == ":=" else "soft evidence"
            raise QueryError(
                f"--do {quoted(item)} reads as {what}: --do sets one state, VAR=STATE (e.g. "
                f"--do taliban_stance=confront); give {what} with -e {quoted(item)}"
            )
        name, state = _pair(item, "--do taliban_stance=confront")
        if name in do:
            raise QueryError(f"--do gives {quoted(name)} twice; keep one")
        do[name] = state
    return Evidence(hard, soft, do, beliefs)


def _kind(item: str) -> str:
    """Which separator comes first: ``:=`` (belief), ``~`` (soft) or ``=`` (hard)."""
    found = [(item.find(sep), sep) for sep in (":=", "~", "=") if sep in item]
    return min(found)[1] if found else "="


def _pair(item: str, example: str) -> tuple[str, str]:
    name, sep, state = (part.strip() for part in item.partition("="))
    if not sep or not name or not state:
        raise QueryError(f"{quoted(item)} is not of the form VAR=STATE (e.g. {example})")
    return name, state


def _once(name: str, kinds: tuple[dict[str, Any], ...], item: str) -> None:
    if any(name in kind for kind in kinds):
        raise QueryError(f"evidence gives {quoted(name)} twice (at {quoted(item)}); keep one")


_NUMBERED = {
    "~": ("soft evidence", "VAR~STATE:LIKELIHOOD", "likelihood", "'is_funding~high:0.8,low:0.2'"),
    ":=": ("the belief", "VAR:=STATE:PROBABILITY", "probability", "'is_funding:=high:0.8,low:0.2'"),
}


def _numbered(item: str, sep: str) -> tuple[str, dict[str, float]]:
    """``VAR~S:L,...`` or ``VAR:=S:P,...`` as the name and a number per state (the numbers
    themselves are checked by Variable.likelihoods or Variable.belief)."""
    what, form, number_name, example = _NUMBERED[sep]
    name, _, body = (part.strip() for part in item.partition(sep))
    numbers: dict[str, float] = {}
    for part in body.split(","):
        state, colon, number = (p.strip() for p in part.partition(":"))
        try:
            value = float(number)
        except ValueError:
            value = math.nan
        if not name or not colon or not state or math.isnan(value):
            raise QueryError(
                f"{what} {quoted(item)} is not of the form {form},... with numbers 0 or more "
                f"(e.g. -e {example})"
            )
        if state in numbers:
            raise QueryError(
                f"{what} {quoted(item)} gives state {quoted(state)} twice; give each state one "
                f"{number_name}"
            )
        numbers[state] = value
    return name, numbers


def resolve_findings(model: Model, ev: Evidence) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """The hard findings as state indices and the soft ones as likelihood vectors (normalized);
    QueryError for unknown names, unusable likelihoods or beliefs, or two kinds of evidence on
    one variable. Set beliefs are checked but not returned: the engine turns them into
    likelihoods first (:mod:`scenarios.engine.beliefs`)."""
    findings = {v: model.variable(v).state_index(s) for v, s in ev.hard.items()}
    likelihoods = {}
    for name, per_state in ev.soft.items():
        if name in findings:
            raise QueryError(f"'{name}' has both a hard and a soft finding; keep one")
        likelihoods[name] = model.variable(name).likelihoods(per_state)
    for name, per_state in ev.beliefs.items():
        if name in findings or name in likelihoods or name in ev.do:
            raise QueryError(f"'{name}' has a set belief and another finding; keep one")
        model.variable(name).belief(per_state)
    return findings, likelihoods
