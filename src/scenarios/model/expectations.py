"""Expectations a scenario states about its outcome, parsed from text without ``eval``.

Forms (OP is one of < <= > >=; MEASURE is ``P(VAR=STATE)``, ``E[VAR]`` or a bare ordinal
``VAR``, which means its expected level on 0..1):

- ``MEASURE OP NUMBER``: a level, e.g. ``P(fata_relocation=yes) > 0.5``
- ``MEASURE rises|falls by at least SIZE [vs baseline]``: a change against the baseline
  scenario, e.g. ``P(defection_rate=high) rises by at least 5 pp vs baseline`` or
  ``E[defection_rate] falls by at least 0.05``. SIZE is ``N pp`` (percentage points) or a number
  (a probability, or a change of expected level). A change without a size is refused: it would
  pass on any change, however small.
- either form followed by ``in at least N% of draws``: the statement must hold in that share of
  the Dirichlet draws of every CPT (the model's ``confidence``), paired draw by draw with the
  baseline, e.g. ``... rises by at least 5 pp vs baseline in at least 90% of draws``.

Example:
    >>> e = parse_expectation("P(fata_relocation=yes) > 0.5")
    >>> e.measure, e.operator, e.threshold
    (Measure(variable='fata_relocation', state='yes'), '>', 0.5)
    >>> e.holds(0.7, None)
    True
    >>> e = parse_expectation("P(defection_rate=high) rises by at least 5 pp vs baseline")
    >>> e.size, e.holds(0.58, 0.50), e.holds(0.53, 0.50)
    (0.05, True, False)
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass

import numpy as np

from scenarios.model.measures import Measure

_MEASURE = (
    r"(?:P\(\s*+(?P<pv>[^=()\s]+)\s*+=\s*+(?P<ps>[^()\s]+)\s*+\)"
    r"|E\[\s*+(?P<ev>[^\]\s]+)\s*+\]|(?P<bare>[^\s<>=()\[\]]+))"
)
# unambiguous (each digit can be matched one way only), so a failed match never backtracks
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
MAX_LENGTH = 500
_DRAWS = r"(?:\s++in\s++at\s++least\s++(?P<share>\d+(?:\.\d+)?)\s*+%\s++of\s++(?:the\s++)?draws)?"
_THRESHOLD = re.compile(
    rf"^\s*+{_MEASURE}\s*+(?P<op><=|>=|<|>)\s*+(?P<num>{_NUMBER}){_DRAWS}\s*+$", re.I
)
_TREND = re.compile(
    rf"^\s*+{_MEASURE}\s++(?P<dir>rises|falls)"
    rf"(?:\s++by\s++at\s++least\s++(?P<size>{_NUMBER})(?:\s*+(?P<unit>pp))?)?"
    rf"(?:\s++vs\.?\s++(?:the\s++)?baseline)?{_DRAWS}\s*+$",
    re.I,
)
OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
FORMS = (
    "P(VAR=STATE) > 0.5",
    "E[VAR] <= 0.4",
    "P(VAR=STATE) rises by at least 5 pp vs baseline",
    "E[VAR] falls by at least 0.05",
    "... in at least 90% of draws",
)


@dataclass(frozen=True)
class Expectation:
    text: str
    measure: Measure
    operator: str | None = None  # with threshold
    threshold: float | None = None
    direction: str | None = None  # "rises" / "falls" against the baseline
    size: float | None = None  # the least change that counts, with direction
    share: float | None = None  # the share of CPT draws in which it must hold

    def holds(self, value: float, baseline: float | None) -> bool:
        """Whether the expectation holds for a value (and the baseline's, for a change)."""
        return bool(
            self.holds_each(
                np.asarray([value]), None if baseline is None else np.asarray([baseline])
            )[0]
        )

    def holds_each(self, values: np.ndarray, baselines: np.ndarray | None) -> np.ndarray:
        """Element-wise :meth:`holds`, e.g. over paired CPT draws."""
        if self.direction is None:
            if self.operator is None or self.threshold is None:
                raise ValueError(f"expectation '{self.text}' has neither a change nor a bound")
            return np.asarray(OPERATORS[self.operator](values, self.threshold))
        if baselines is None:
            return np.zeros(len(values), dtype=bool)
        change = values - baselines if self.direction == "rises" else baselines - values
        size = self.size or 0.0
        # a change of exactly the size passes; rounding in the last bits must not fail it
        return np.asarray(change > 0 if size == 0 else change >= size - 1e-12)


def parse_expectation(text: str) -> Expectation:
    """Parse one expectation; ValueError naming the accepted forms if it is not one of them."""
    if len(text) > MAX_LENGTH:
        raise ValueError(
            f"the expectation is {len(text):,} characters long; an expectation is "
            f"one statement of at most {MAX_LENGTH} characters, e.g. {FORMS[2]!r}"
        )
    words = " ".join(text.split())  # one space between words: nothing for a regex to re-split
    match = _THRESHOLD.match(words)
    if match:
        threshold = float(match["num"])
        if not math.isfinite(threshold):
            raise ValueError(
                f"'{text}': the number {match['num'][:20]}... is too large to be a "
                "level; a probability or an expected level lies in 0..1"
            )
        return Expectation(
            text,
            _measure(match),
            operator=match["op"],
            threshold=threshold,
            share=_share(match, text),
        )
    match = _TREND.match(words)
    if match:
        measure = _measure(match)
        return Expectation(
            text,
            measure,
            direction=match["dir"].lower(),
            size=_size(match, measure, text),
            share=_share(match, text),
        )
    raise ValueError(f"cannot read the expectation '{text}'; write one of: " + "; ".join(FORMS))


def _measure(match: re.Match[str]) -> Measure:
    if match["pv"]:
        return Measure(match["pv"], match["ps"])
    return Measure(match["ev"] or match["bare"])


def _size(match: re.Match[str], measure: Measure, text: str) -> float:
    if match["size"] is None:
        example = "5 pp" if measure.state else "0.05"
        raise ValueError(
            f"'{text}' gives no size, so it would pass on any change, however "
            f"small; write e.g. '{measure.label} {match['dir'].lower()} by at least "
            f"{example} vs baseline' (or 'by at least 0' if any change will do)"
        )
    size = float(match["size"])
    if match["unit"]:
        if not measure.state:
            raise ValueError(
                f"'{text}': 'pp' (percentage points) is for probabilities; an "
                f"expected level changes by a number on 0..1, e.g. 'by at least "
                f"{size / 100:g}'"
            )
        size /= 100
    if not 0 <= size <= 1:
        raise ValueError(f"'{text}': the size {size:g} is outside 0..1 (write 5 pp or 0.05)")
    return size


def _share(match: re.Match[str], text: str) -> float | None:
    if match["share"] is None:
        return None
    share = float(match["share"]) / 100
    if not 0 < share <= 1:
        raise ValueError(f"'{text}': the share of draws must be above 0% and at most 100%")
    return share
