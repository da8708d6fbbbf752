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
- in a time-sliced model, ``at SLICE`` (or ``in SLICE``) before the draws: the measure in
  that slice (its label or index), e.g. ``E[defection_rate] rises by at least 0.05 at
  2016Q2``; ``by SLICE``, for ``P(VAR=STATE)``: the probability that the state is reached at
  some slice up to that one, e.g. ``P(secret_pact=secret) > 0.3 by 2016Q2``.

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
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.model.measures import Measure
from scenarios.model.schema import Model
from scenarios.model.time import SEPARATOR, canonical, series

_MEASURE = (
    r"(?:P\(\s*+(?P<pv>[^=()\s]+)\s*+=\s*+(?P<ps>[^()\s]+)\s*+\)"
    r"|E\[\s*+(?P<ev>[^\]\s]+)\s*+\]|(?P<bare>[^\s<>=()\[\]]+))"
)
# unambiguous (each digit can be matched one way only), so a failed match never backtracks
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?"
MAX_LENGTH = 500
_DRAWS = r"(?:\s++in\s++at\s++least\s++(?P<share>\d+(?:\.\d+)?)\s*+%\s++of\s++(?:the\s++)?draws)?"
# a slice label starts with a digit (2016Q2, 2016-03, 2016, or the index), so "by at least"
# is never read as one
_WHEN = r"(?:\s++(?P<when{0}>at|in|by)\s++(?P<slice{0}>\d[\w\-]*+))?"
_THRESHOLD = re.compile(
    rf"^\s*+{_MEASURE}\s*+(?P<op><=|>=|<|>)\s*+(?P<num>{_NUMBER})"
    rf"{_WHEN.format(1)}{_DRAWS}\s*+$",
    re.I,
)
_TREND = re.compile(
    rf"^\s*+{_MEASURE}\s++(?P<dir>rises|falls)"
    rf"(?:\s++by\s++at\s++least\s++(?P<size>{_NUMBER})(?:\s*+(?P<unit>pp))?)?"
    rf"{_WHEN.format(1)}(?:\s++vs\.?\s++(?:the\s++)?baseline)?{_WHEN.format(2)}{_DRAWS}\s*+$",
    re.I,
)
OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
FORMS = (
    "P(VAR=STATE) > 0.5",
    "E[VAR] <= 0.4",
    "P(VAR=STATE) rises by at least 5 pp vs baseline",
    "E[VAR] falls by at least 0.05",
    "... in at least 90% of draws",
    "... at 2016Q2 (a time-sliced model)",
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
    slice: str = ""  # "at SLICE" or "by SLICE" as written (a time-sliced model)
    by: bool = False  # "by SLICE": the state reached at some slice up to that one

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
        measure = _measure(match)
        return Expectation(
            text,
            measure,
            operator=match["op"],
            threshold=threshold,
            share=_share(match, text),
            **_when(match, measure, text),
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
            **_when(match, measure, text),
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


def _when(match: re.Match[str], measure: Measure, text: str) -> dict[str, Any]:
    """The slice clause: ``at``/``in`` a slice, or ``by`` one (a state's probability only)."""
    groups = match.groupdict()
    if groups.get("when1") and groups.get("when2"):
        raise ValueError(f"'{text}' names a slice twice: name it once, e.g. at the end")
    when, label = groups.get("when1") or groups.get("when2"), groups.get("slice1")
    label = label or groups.get("slice2")
    if not when or not label:
        return {}
    by = when.lower() == "by"
    if by and not measure.state:
        raise ValueError(
            f"'{text}': 'by {label}' asks whether a state is reached by then, so it needs "
            f"P({measure.variable}=STATE); for the expected level in that slice write "
            f"'at {label}'"
        )
    if by and match["share"] is not None:
        raise ValueError(
            f"'{text}': 'by {label}' cannot be checked over draws yet; write 'at {label}' "
            "(the state in that slice) or leave out the share of draws"
        )
    return {"slice": label, "by": by}


def resolve_expectation(model: Model, expectation: Expectation) -> Expectation:
    """``expectation`` read against ``model``: its variable and state checked, a slice (named
    in the variable, or by ``at``/``by``) as the model names it; QueryError otherwise. A
    variable that changes over time needs a slice."""
    measure = expectation.measure
    name = canonical(model, measure.variable)
    if expectation.slice:
        name = _in_slice(model, name, expectation.slice)
    elif model.time is not None and name not in model.variables:
        copies = series(model, name)  # QueryError for an unknown name
        last = model.time.labels[-1]
        raise QueryError(
            f"'{name}' changes over time: say when, e.g. '{expectation.text} at {last}' (the "
            f"state in that slice) or name the slice: {copies[-1]}"
        )
    var = model.variable(name)
    if measure.state:
        var.check_state(measure.state)
    elif var.scale != "ordinal":
        raise QueryError(f"'{var.name}' is nominal: write P({var.name}=STATE) instead")
    return replace(expectation, measure=Measure(name, measure.state))


def _in_slice(model: Model, name: str, label: str) -> str:
    """The copy of ``name`` in slice ``label`` (a variable that does not change: itself)."""
    if model.time is None:
        raise QueryError(f"'{label}' names a time slice, but the model has none: leave it out")
    index = model.time.index_of(label)
    labels = model.time.labels
    if index is None:
        raise QueryError(
            f"the model has no slice '{label}': its slices are {labels[0]} to {labels[-1]} "
            f"(or their index, 0 to {len(labels) - 1})"
        )
    if name in model.variables:
        if SEPARATOR in name and model.variables[name].changes:
            raise QueryError(f"'{name}' names its slice already: leave out 'at {label}'")
        return name  # the same in every slice
    return series(model, name)[index]
