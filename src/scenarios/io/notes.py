"""This tool's notes on a variable (description, quotes, assumptions, role, ...) in formats
that have only string properties: one ``scenarios`` property holding percent-encoded JSON, and
the :class:`~scenarios.model.schema.Variable` fields read back from it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, unquote

from scenarios.core.numbers import is_non_negative_number
from scenarios.core.text import plain_text
from scenarios.cpt.table import is_count
from scenarios.model.fields import VARIABLE_FIELDS, Field
from scenarios.model.records import Learning
from scenarios.model.schema import Variable

NOTES = "scenarios"  # the property holding a variable's notes


def encode_notes(notes: dict[str, Any]) -> str:
    """Percent-encoded JSON: no spaces, quotes or semicolons for a format's grammar to trip on.

    >>> decode_notes(encode_notes({"description": "a; b \\"c\\""}))
    {'description': 'a; b "c"'}
    """
    return quote(json.dumps(notes, ensure_ascii=False, separators=(",", ":")), safe="")


def decode_notes(text: str) -> dict[str, Any]:
    try:
        notes = json.loads(unquote(text.strip().strip('"')))
    except ValueError:
        return {}
    return notes if isinstance(notes, dict) else {}


def notes_of(var: Variable, position: int) -> dict[str, Any]:
    """A variable's notes: each field the format has no place for and the variable sets
    (:data:`~scenarios.model.fields.VARIABLE_FIELDS` with a ``note`` key), with its position."""
    notes = {
        str(f.note): _note_value(getattr(var, f.name))
        for f in VARIABLE_FIELDS
        if f.note and f.is_set(getattr(var, f.name))
    }
    return {**notes, "position": position}


def _note_value(value: object) -> object:
    return value.to_dict() if isinstance(value, Learning) else value


def note_fields(notes: dict[str, Any]) -> dict[str, Any]:
    """The :class:`Variable` fields kept in a file's ``scenarios`` notes property, each
    checked by its field's rule (anything malformed is dropped, as is a field whose
    ``requires`` flag is not set: notes never make a file unreadable)."""
    fields = {f.name: _field(f, notes.get(str(f.note))) for f in VARIABLE_FIELDS if f.note}
    for f in VARIABLE_FIELDS:
        if f.note and f.requires and not fields[f.requires]:
            fields[f.name] = f.default
    return fields


def _field(field: Field, value: object) -> object:
    if value is None:
        return field.default
    if field.kind == "text":
        return plain_text(str(value))
    if field.kind == "mapping":
        return _texts(value)
    if field.kind == "learning":
        return _learning(value)
    if not field.check(value):
        return field.default
    return float(value) if field.kind == "number" else value  # type: ignore[arg-type]


def _learning(value: object) -> Learning | None:
    """``learned`` from notes, as ``scenarios learn`` wrote it (None when malformed; rows
    left out when they are not all counts)."""
    if not isinstance(value, dict):
        return None
    cases = value.get("cases")
    if cases is None or not is_non_negative_number(cases):
        return None
    rows = value.get("rows")
    counts = rows if isinstance(rows, list) else []
    if not all(is_count(c) for c in counts):
        counts = []
    texts = [plain_text(str(value.get(k, ""))) for k in ("source", "replaced")]
    return Learning(float(cases), tuple(float(c) for c in counts), *texts)


def _texts(value: object) -> dict[str, str]:
    return {str(k): plain_text(str(v)) for k, v in value.items()} if isinstance(value, dict) else {}
