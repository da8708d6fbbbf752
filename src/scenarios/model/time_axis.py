"""The time slices of a time-sliced model: their step, how many, the first slice's first day,
each slice's label and which slice a day falls in (:mod:`scenarios.model.time` unrolls a model
over them).

Example:
    >>> axis = TimeAxis("quarter", 3, "2015-07-01")
    >>> axis.labels, axis.index_of("2"), axis.index_of("2016Q1")
    (('2015Q3', '2015Q4', '2016Q1'), 2, 2)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

STEPS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class TimeAxis:
    """The slices: their step, how many, and the first slice's first day ("" when not
    given: slices are labelled by their index)."""

    step: str
    slices: int
    starts: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        """Each slice's label: ``2015Q3`` (quarters), ``2015-07`` (months), ``2015``
        (years), the first day ``2015-07-06`` (weeks, days); the index without a first day."""
        if not self.starts:
            return tuple(str(i) for i in range(self.slices))
        first = datetime.date.fromisoformat(self.starts)
        return tuple(_label(self.step, first, i) for i in range(self.slices))

    def index_of(self, text: str) -> int | None:
        """The slice that ``text`` names: its label or its index (None: no such slice)."""
        labels = self.labels
        if text in labels:
            return labels.index(text)
        if text.isdigit() and int(text) < self.slices:
            return int(text)
        return None

    def slice_of(self, day: datetime.date) -> int | None:
        """The slice a day falls in (None before the first or after the last, or without a
        first day)."""
        if not self.starts:
            return None
        first = datetime.date.fromisoformat(self.starts)
        for i in range(self.slices):
            if _start(self.step, first, i) <= day < _start(self.step, first, i + 1):
                return i
        return None

    def to_dict(self) -> dict[str, object]:
        return {"step": self.step, "slices": self.slices, "starts": self.starts}


def _start(step: str, first: datetime.date, i: int) -> datetime.date:
    if step in ("day", "week"):
        return first + datetime.timedelta(days=i * (7 if step == "week" else 1))
    months = {"month": 1, "quarter": 3, "year": 12}[step] * i
    year, month = divmod(first.month - 1 + months, 12)
    return first.replace(year=first.year + year, month=month + 1, day=1)


def _label(step: str, first: datetime.date, i: int) -> str:
    day = _start(step, first, i)
    if step == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if step == "month":
        return f"{day.year}-{day.month:02d}"
    if step == "year":
        return str(day.year)
    return day.isoformat()
