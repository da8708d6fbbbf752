"""The fields YAML spells by a key of their own (:mod:`scenarios.model.fields`), read from a
variable's or the model's mapping and checked once: each value as the model will hold it, or
its default after a located problem. Free text is kept as written (``version: 01`` is "01").

Example:
    >>> from scenarios.core.errors import Problems
    >>> from scenarios.core.yamltree import read_yaml
    >>> from scenarios.model.fields import VARIABLE_FIELDS
    >>> body = read_yaml("observable: true\\ncost: 2\\nrole: driver\\n", "v.yaml")
    >>> fields = read_fields(body, VARIABLE_FIELDS, Problems("v.yaml"), "v")
    >>> fields["observable"], fields["cost"], fields["role"], fields["lead_time"]
    (True, 2.0, 'driver', None)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scenarios.core.errors import Problems
from scenarios.core.numbers import is_non_negative_number
from scenarios.core.text import did_you_mean, is_plain_text, plain_text
from scenarios.core.yamltree import LocatedDict, Mark, check_unknown_keys
from scenarios.model.fields import FIELD, SCALAR_KINDS, Field
from scenarios.model.records import Learning

LEARNED_KEYS = ("cases", "rows", "source", "replaced", "prior_confidence")  # the last: legacy


def read_fields(
    body: LocatedDict, fields: Sequence[Field], problems: Problems, variable: str | None
) -> dict[str, Any]:
    """``{field name: value}`` for each scalar field of ``fields`` that YAML spells by a key
    of its own, and ``learned``: the value checked, or the default after a problem. A field
    that ``requires`` a flag is a problem where the flag is not set."""
    out: dict[str, Any] = {}
    for field in fields:
        if field.yaml is None or field.name == "name":
            continue
        if field.kind in SCALAR_KINDS:
            out[field.name] = _scalar(body, field, problems, variable)
        elif field.kind == "learning":
            out[field.name] = learned_value(body, problems, variable)
    for field in fields:
        if not field.requires or not field.is_set(out.get(field.name)):
            continue
        needed = FIELD[field.requires]
        if body.get(str(needed.yaml)) in (None, False):  # not given, or false (not 'yes')
            problems.add(
                f"'{field.yaml}' is given but the variable is not marked {needed.yaml}",
                body.key_marks[str(field.yaml)],
                variable,
                f"add '{needed.yaml}: true' if {needed.describe}, else remove '{field.yaml}'",
            )
        if not out[field.requires]:
            out[field.name] = field.default
    return out


def _scalar(body: LocatedDict, field: Field, problems: Problems, variable: str | None) -> Any:
    key = str(field.yaml)
    value = body.get(key)
    if value is None:
        return field.default
    if field.kind == "text":
        return text_value(body, key, problems, variable)
    if field.check(value):
        return float(value) if field.kind == "number" else value
    if field.kind == "choice":
        problems.add(
            f"'{key}' is '{value}'.{did_you_mean(str(value), field.choices)}",
            body.value_marks[key],
            variable,
            f"use one of: {', '.join(field.choices)}",
        )
    else:
        problems.add(
            f"'{key}' is {value!r}; it must be {field.expects}",
            body.value_marks[key],
            variable,
            field.hint,
        )
    return field.default


def text_value(
    body: LocatedDict, key: str, problems: Problems, variable: str | None, required: bool = False
) -> str:
    """Free text under ``key``, as written and stripped ("" where it is missing or wrong)."""
    value = body.get(key)
    if value is None:
        if required:
            problems.add(f"missing '{key}'", body.mark, variable, f"add '{key}: ...'")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(
            f"'{key}' must be text",
            body.value_marks[key],
            variable,
            "write it as a plain or quoted string",
        )
        return ""
    text = (body.text(key) or "").strip()  # as written: 'name: 01' is "01", not "1"
    return text if plain(text, f"'{key}'", body.value_marks[key], problems, variable) else ""


def plain(text: str, what: str, at: Mark, problems: Problems, variable: str | None) -> bool:
    """Free text holds no control character but tabs and line breaks (ESC would reach a
    terminal raw); a located problem if it does."""
    if is_plain_text(text):
        return True
    problems.add(
        f"{what} holds a control character ({plain_text(text)[:60]!r})",
        at,
        variable,
        "remove it: only tabs and line breaks may stand in text",
    )
    return False


def learned_value(body: LocatedDict, problems: Problems, variable: str | None) -> Learning | None:
    """``learned:`` (written by ``scenarios learn``) as a :class:`Learning` without its rows
    (they need the parents' states: :func:`scenarios.cpt.build_row_counts`): the cases (0 or
    more) and optional text for the source and the builder replaced. ``prior_confidence``,
    which files written before rows were recorded carry, is accepted and not used."""
    value = body.get("learned")
    if value is None:
        return None
    if not isinstance(value, LocatedDict):
        problems.add(
            "'learned' must be a mapping (cases, rows, source, replaced)",
            body.value_marks["learned"],
            variable,
            "write e.g. 'learned: {cases: 120, rows: 120}'",
        )
        return None
    check_unknown_keys(value, LEARNED_KEYS, problems, variable)
    cases = value.get("cases")
    texts = [text_value(value, key, problems, variable) for key in ("source", "replaced")]
    if cases is None or not is_non_negative_number(cases):
        at = value.value_marks.get("cases", value.mark)
        problems.add(
            f"'learned: cases' is {cases!r}; it must be a number of 0 or more", at, variable
        )
        return None
    return Learning(float(cases), (), *texts)
