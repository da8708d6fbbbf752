"""Expectations a scenario states about its outcome, parsed from text without ``eval``.

Forms (OP is one of < <= > >=):

- ``P(VAR=STATE) OP NUMBER``, ``E[VAR] OP NUMBER`` (expected ordinal level, 0..1)
- ``P(VAR=STATE) rises vs baseline``, ``VAR falls vs baseline`` (VAR alone: expected level)

Example:
    >>> e = parse_expectation("P(fata_relocation=yes) > 0.5")
    >>> e.measure, e.operator, e.threshold
    (Measure(variable='fata_relocation', state='yes'), '>', 0.5)
    >>> e.holds(0.7, None)
    True
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

from scenarios.analysis.measures import Measure

_MEASURE = r"(?:P\(\s*(?P<pv>[^=()\s]+)\s*=\s*(?P<ps>[^()\s]+)\s*\)|E\[\s*(?P<ev>[^\]\s]+)\s*\]" \
           r"|(?P<bare>[^\s<>=()\[\]]+))"
_NUMBER = r"(?P<num>[-+]?\d*\.?\d+(?:e[-+]?\d+)?)"
_THRESHOLD = re.compile(rf"^\s*{_MEASURE}\s*(?P<op><=|>=|<|>)\s*{_NUMBER}\s*$", re.I)
_TREND = re.compile(rf"^\s*{_MEASURE}\s+(?P<dir>rises|falls)\s+vs\s+baseline\s*$", re.I)
OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
FORMS = ("P(VAR=STATE) > 0.5", "E[VAR] <= 0.4", "P(VAR=STATE) rises vs baseline",
         "VAR falls vs baseline")


@dataclass(frozen=True)
class Expectation:
    text: str
    measure: Measure
    operator: str | None = None  # with threshold
    threshold: float | None = None
    direction: str | None = None  # "rises" / "falls" against the baseline

    def holds(self, value: float, baseline: float | None) -> bool:
        if self.direction is not None:
            if baseline is None:
                return False
            return value > baseline if self.direction == "rises" else value < baseline
        return OPERATORS[self.operator](value, self.threshold)


def parse_expectation(text: str) -> Expectation:
    """Parse one expectation; ValueError naming the accepted forms if it is not one of them."""
    match = _THRESHOLD.match(text)
    if match:
        return Expectation(text, _measure(match), operator=match["op"],
                           threshold=float(match["num"]))
    match = _TREND.match(text)
    if match:
        return Expectation(text, _measure(match), direction=match["dir"].lower())
    raise ValueError(f"cannot read the expectation '{text}'; write one of: " + "; ".join(FORMS))


def _measure(match: re.Match) -> Measure:
    if match["pv"]:
        return Measure(match["pv"], match["ps"])
    return Measure(match["ev"] or match["bare"])
