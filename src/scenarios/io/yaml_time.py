"""The ``time:`` block of a YAML model and what it asks of the variables, every problem
located: the step, the number of slices and the first day; ``changes: true`` only in a
time-sliced model; a parent ``X@previous`` only of a changing variable, naming a changing
variable; and such a variable's ``cpt:`` as ``first:`` (the first slice, without the
previous-slice parents) and ``transition:`` (every later slice).

Example YAML::

    time: {step: quarter, slices: 8, starts: 2015-07-01}
    variables:
      drawdown:
        changes: true
        states: [limited, complete]
        parents: {drawdown@previous: {assumption: a drawdown under way goes on}}
        cpt:
          first: {limited: 0.5, complete: 0.5}
          transition:
            table:
              "drawdown@previous=limited": {limited: 0.7, complete: 0.3}
              "drawdown@previous=complete": {limited: 0.0, complete: 1.0}
"""

from __future__ import annotations

from typing import Any

from scenarios.core.errors import Problems
from scenarios.core.yamltree import LocatedDict, check_unknown_keys
from scenarios.io.yaml_variables import Draft
from scenarios.model.field import is_iso_day
from scenarios.model.time import PREVIOUS
from scenarios.model.time_axis import STEPS, TimeAxis

TIME_KEYS = ("step", "slices", "starts")
MOST_SLICES = 1000
TIME_CPT_KEYS = ("first", "transition")


def read_time(doc: LocatedDict, problems: Problems) -> TimeAxis | None:
    """The model's time axis, or None for a static model (or after a located problem)."""
    spec = doc.get("time")
    if spec is None:
        return None
    at = doc.value_marks["time"]
    if not isinstance(spec, LocatedDict):
        problems.add(
            "'time' must be a mapping with 'step' and 'slices'",
            at,
            None,
            "write e.g. 'time: {step: quarter, slices: 8, starts: 2015-07-01}'",
        )
        return None
    check_unknown_keys(spec, TIME_KEYS, problems, None)
    step, slices, starts = spec.get("step"), spec.get("slices"), spec.get("starts", "")
    ok = True
    if step not in STEPS:
        problems.add(
            f"'time: step' is {step!r}, not one of {', '.join(STEPS)}",
            spec.value_marks.get("step", at),
            None,
            "write e.g. 'step: quarter'",
        )
        ok = False
    if isinstance(slices, bool) or not isinstance(slices, int) or not 1 <= slices <= MOST_SLICES:
        problems.add(
            f"'time: slices' is {slices!r}, not a whole number from 1 to {MOST_SLICES}",
            spec.value_marks.get("slices", at),
            None,
            "write how many slices the model runs over, e.g. 'slices: 8'",
        )
        ok = False
    if starts and not (isinstance(starts, str) and is_iso_day(starts)):
        problems.add(
            f"'time: starts' is {starts!r}, not a day written YYYY-MM-DD",
            spec.value_marks.get("starts", at),
            None,
            "write the first slice's first day, e.g. 'starts: 2015-07-01'",
        )
        ok = False
    if not ok or not isinstance(slices, int):
        return None
    return TimeAxis(str(step), slices, str(starts or ""))


def check_time(drafts: list[Draft], timed: bool, problems: Problems) -> None:
    """``changes`` only with ``time:``; ``X@previous`` only on a changing variable, of a
    changing variable; a changing variable with such a parent gives ``first`` and
    ``transition`` tables."""
    changing = {d.name for d in drafts if d.fields.get("changes")}
    for d in drafts:
        if d.fields.get("changes") and not timed:
            problems.add(
                "'changes' is given but the model has no 'time:' block",
                d.body.key_marks["changes"],
                d.name,
                "add 'time: {step: quarter, slices: 8}' at the top level, or remove 'changes'",
            )
        for parent, at in d.parent_marks.items():
            if not parent.endswith(PREVIOUS):
                continue
            base = parent[: -len(PREVIOUS)]
            if not timed or not d.fields.get("changes") or base not in changing:
                marked = " and ".join(dict.fromkeys(f"'{n}'" for n in (d.name, base)))
                problems.add(
                    f"'{parent}' names the previous slice, which only a changing variable "
                    "of a time-sliced model has",
                    at,
                    d.name,
                    f"give the model a 'time:' block and mark {marked} 'changes: true'",
                )
                d.ok = False
        if timed and any(p.endswith(PREVIOUS) for p in d.parents) and d.ok:
            _check_time_cpt(d, problems)


def _check_time_cpt(d: Draft, problems: Problems) -> None:
    spec: Any = d.body.get("cpt")
    if isinstance(spec, LocatedDict) and set(spec) == set(TIME_CPT_KEYS):
        return
    problems.add(
        "a variable with a previous-slice parent needs 'cpt: {first: ..., transition: ...}'",
        d.body.value_marks.get("cpt", d.mark),
        d.name,
        "give the first slice's table (without the previous-slice parents) under 'first:' and "
        "the table of every later slice under 'transition:'",
    )
    d.ok = False


def previous_parents(drafts: list[Draft]) -> dict[str, Draft]:
    """``X@previous`` -> the draft of X, for every changing variable: how a previous-slice
    parent's states are found."""
    return {d.name + PREVIOUS: d for d in drafts if d.fields.get("changes")}
