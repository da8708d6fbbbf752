"""One field of a model's nodes: how it is read and written (its kind), its default and its
rule, its key in each document, and the helpers the field tables of
:mod:`scenarios.model.fields` are written with.

Example:
    >>> text_field("unit", "what values are counted in", "units").yaml
    'unit'
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, Literal

from scenarios.core.numbers import is_number

DEFAULT_CONFIDENCE = 20.0  # a row's equivalent sample size when neither variable nor model says
CONFIDENCE_RANGE = (1e-6, 1e9)  # what a stated confidence may be (docs/model-format.md)

Kind = Literal["text", "date", "choice", "flag", "number", "mapping", "learning", "structure"]
"""How a field's value is read and written: ``text`` (free text, stripped, no control
characters), ``date`` (a day as YYYY-MM-DD, kept as that text), ``choice`` (one of
``choices``), ``flag`` (true or false), ``number`` (between ``minimum`` and ``maximum``),
``mapping`` (name -> text: state definitions, edge quotes and
assumptions), ``learning`` (what ``scenarios learn`` recorded) and ``structure`` (states,
parents, the table and the like, which each reader and writer spells in its own way)."""
SCALAR_KINDS = ("text", "date", "choice", "flag", "number")


@dataclass(frozen=True)
class Field:
    """One field: see the module's docstring. ``yaml``, ``note`` and ``json`` are its keys in
    those documents (None: it has none of its own; ``within`` then names the key it is
    spelled under, as edge quotes are under ``parents:``)."""

    name: str  # the dataclass's attribute
    kind: Kind
    default: Any
    describe: str  # what it is, in a phrase (docs, the JSON schema)
    yaml: str | None = None
    note: str | None = None
    json: str | None = None
    within: str = ""  # the key it is spelled under where it has none of its own
    lost: str = ""  # its name in a format's "not kept" sentence ("" where every format keeps it)
    commented: bool = False  # formats without notes keep it in their own comments
    choices: tuple[str, ...] = ()
    minimum: float | None = None  # a ``number``'s bounds: the one home of its rule
    above: bool = False  # the minimum itself is not allowed (a cost is above 0)
    maximum: float | None = None
    expects: str = ""  # what a value must be, for the message when it is not
    hint: str = ""  # what to write instead
    requires: str = ""  # a flag field that must be true for this one to be given

    def is_set(self, value: Any) -> bool:
        """Whether ``value`` says more than the default (what writers write): a lead time of
        0 days is set, a flag left false is not."""
        return value is not None if self.default is None else bool(value != self.default)

    def check(self, value: Any) -> bool:
        """Whether ``value``, as read from a document, is one this field takes."""
        if self.kind == "choice":
            return value in self.choices
        if self.kind == "flag":
            return isinstance(value, bool)
        if self.kind == "text":
            return isinstance(value, str | int | float) and not isinstance(value, bool)
        if self.kind == "date":
            return isinstance(value, str) and is_iso_day(value)
        if self.kind != "number":
            return True
        low, high = self.minimum, self.maximum
        return (
            is_number(value)
            and (low is None or (value > low if self.above else value >= low))
            and (high is None or value <= high)
        )


def confidence_field(whose: str) -> Field:
    low, high = CONFIDENCE_RANGE
    return Field(
        "confidence",
        "number",
        None,
        f"equivalent sample size of each row of {whose} (cases); none: "
        + ("the model's" if whose == "its table" else f"{DEFAULT_CONFIDENCE:g}"),
        yaml="confidence",
        note="confidence" if whose == "its table" else None,
        json="confidence",
        lost="confidences" if whose == "its table" else "confidence",
        minimum=low,
        maximum=high,
        expects=f"a number from {low:g} to {high:g}",
        hint="give an equivalent sample size in cases, e.g. confidence: 20",
    )


def day_field(name: str, describe: str) -> Field:
    return Field(
        name,
        "date",
        "",
        describe,
        name,
        json=name,
        lost="horizon dates",
        expects="a day written YYYY-MM-DD",
        hint=f"write e.g. '{name}: 2015-07-01'",
    )


def is_iso_day(text: str) -> bool:
    """Whether ``text`` is a day written YYYY-MM-DD (and one the calendar has).

    >>> is_iso_day("2015-07-01"), is_iso_day("2015-02-30"), is_iso_day("July 2015")
    (True, False, False)
    """
    if len(text) != 10:
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def text_field(
    name: str, describe: str, lost: str, commented: bool = False, note: bool = True
) -> Field:
    return Field(
        name, "text", "", describe, name, name if note else None, name, "", lost, commented
    )
