"""Whether the findings in force conflict: Hugin's conflict measure.

    conflict(e) = log( P(e_1) ... P(e_n) / P(e) )        (natural log)

For findings that the model makes independent it is 0; positive when together they are less
likely than each would lead one to expect (they pull apart: a report may be wrong, or the
case is one the model finds rare), negative when they support each other. Each finding's
part is its conflict with the rest, log( P(e_i) P(e without e_i) / P(e) ): the findings that
conflict most have the largest. A finding is a hard or a soft one (a soft one's P is the
likelihood-weighted probability of its report); interventions are not findings (the measure
is taken in the network they cut) and a belief is the analyst's own, not a report. All the
probabilities come from one batch of P(evidence), in logs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenarios.engine.compiled import Engine
from scenarios.model.evidence import Evidence


@dataclass(frozen=True)
class Conflict:
    """The measure over the findings, and each finding's part, largest first."""

    value: float
    parts: list[tuple[str, float]]  # finding (as VAR=STATE or VAR~...) -> its conflict

    @property
    def positive(self) -> bool:
        return self.value > 0

    def describe(self) -> str:
        worst = ", ".join(f"{name} ({part:+.2f})" for name, part in self.parts[:2] if part > 0)
        return (
            f"the findings conflict (Hugin's measure {self.value:+.2f}: together they are "
            f"{math.exp(self.value):.1f} times less likely than each alone suggests)"
            + (f"; most at odds with the rest: {worst}" if worst else "")
        )


def conflict(engine: Engine, evidence: Evidence) -> Conflict | None:
    """The conflict of the findings of ``evidence`` (None with fewer than two)."""
    names = [*evidence.hard, *evidence.soft]
    if len(names) < 2:
        return None
    do = dict(evidence.do)
    singles = [_only(evidence, [n], do) for n in names]
    without = [_only(evidence, [m for m in names if m != n], do) for n in names]
    logs = engine.log_probabilities([_only(evidence, names, do), *singles, *without])
    whole, alone, rest = logs[0], logs[1 : 1 + len(names)], logs[1 + len(names) :]
    value = float(alone.sum() - whole)
    parts = [(_label(evidence, n), float(alone[i] + rest[i] - whole)) for i, n in enumerate(names)]
    parts.sort(key=lambda part: -part[1])
    return Conflict(value, parts)


def _only(evidence: Evidence, names: list[str], do: dict[str, str]) -> Evidence:
    return Evidence(
        {n: s for n, s in evidence.hard.items() if n in names},
        {n: s for n, s in evidence.soft.items() if n in names},
        do,
    )


def _label(evidence: Evidence, name: str) -> str:
    if name in evidence.hard:
        return f"{name}={evidence.hard[name]}"
    return f"{name} (likelihood report)"
