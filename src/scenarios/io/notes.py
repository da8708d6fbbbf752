"""This tool's notes on a variable (description, quotes, assumptions, role, ...) in formats
that have only string properties: one ``scenarios`` property holding percent-encoded JSON."""

from __future__ import annotations

import json
from urllib.parse import quote, unquote

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
