"""This tool's notes on a variable (description, quotes, assumptions, role, ...) in formats
that have only string properties: one ``scenarios`` property holding percent-encoded JSON, and
the :class:`~scenarios.model.schema.Variable` fields read back from it."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

from scenarios.core.text import plain_text
from scenarios.cpt.table import is_count
from scenarios.model.schema import ROLES, Learning, is_confidence

NOTES = "scenarios"  # the property holding a variable's notes


def encode_notes(notes: dict) -> str:
    """Percent-encoded JSON: no spaces, quotes or semicolons for a format's grammar to trip on.

    >>> decode_notes(encode_notes({"description": "a; b \\"c\\""}))
    {'description': 'a; b "c"'}
    """
    return quote(json.dumps(notes, ensure_ascii=False, separators=(",", ":")), safe="")


def decode_notes(text: str) -> dict:
    try:
        notes = json.loads(unquote(text.strip().strip('"')))
    except ValueError:
        return {}
    return notes if isinstance(notes, dict) else {}


def note_fields(notes: dict) -> dict:
    """The :class:`Variable` fields kept in a file's ``scenarios`` notes property (anything
    malformed is dropped: notes never make a file unreadable)."""
    edges = notes.get("edges")
    return {
        "description": plain_text(str(notes.get("description", ""))),
        "source": plain_text(str(notes.get("source", ""))),
        "edge_sources": _texts(edges),
        "role": notes.get("role") if notes.get("role") in ROLES else None,
        "assumption": plain_text(str(notes.get("assumption", ""))),
        "edge_assumptions": _texts(notes.get("assumptions")),
        "definitions": _texts(notes.get("definitions")),
        "scale": "nominal" if notes.get("scale") == "nominal" else "ordinal",
        "confidence": float(notes["confidence"])
        if is_confidence(notes.get("confidence"))
        else None,
        "learned": _learning(notes.get("learned")),
        **_collection(notes),
    }


def _learning(value) -> Learning | None:
    """``learned`` from notes, as ``scenarios learn`` wrote it (None when malformed; rows
    left out when they are not all counts)."""
    if not isinstance(value, dict):
        return None
    cases = value.get("cases")
    cases = 0.0 if cases == 0 and not isinstance(cases, bool) else _positive(cases)
    if cases is None:
        return None
    rows = value.get("rows")
    counts = rows if isinstance(rows, list) else []
    if not all(is_count(c) for c in counts):
        counts = []
    texts = [plain_text(str(value.get(k, ""))) for k in ("source", "replaced")]
    return Learning(cases, tuple(float(c) for c in counts), *texts)


def _collection(notes: dict) -> dict:
    """``observable``, ``cost`` and ``lead_time`` from notes (cost and lead time only on an
    observable variable, as in YAML)."""
    if notes.get("observable") is not True:
        return {"observable": False, "cost": None, "lead_time": None}
    lead_time = notes.get("lead_time")
    return {
        "observable": True,
        "cost": _positive(notes.get("cost")),
        "lead_time": 0.0 if lead_time == 0 and lead_time is not False else _positive(lead_time),
    }


def _texts(value) -> dict[str, str]:
    return {str(k): plain_text(str(v)) for k, v in value.items()} if isinstance(value, dict) else {}


def _positive(value) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok and 0 < value < float("inf") else None
