"""Parse findings typed by a user, ``VAR=STATE``, into a mapping.

Example:
    >>> parse_findings(["is_funding=high", " peace_process = talks "])
    {'is_funding': 'high', 'peace_process': 'talks'}
"""

from __future__ import annotations

from collections.abc import Iterable

from scenarios.errors import QueryError


def parse_findings(items: Iterable[str]) -> dict[str, str]:
    """``["a=x", "b=y"]`` → ``{"a": "x", "b": "y"}``; QueryError on malformed or repeated items."""
    findings: dict[str, str] = {}
    for item in items:
        name, sep, state = (part.strip() for part in item.partition("="))
        if not sep or not name or not state:
            raise QueryError(f"evidence '{item}' is not of the form VAR=STATE "
                             "(e.g. -e is_funding=high)")
        if name in findings and findings[name] != state:
            raise QueryError(f"evidence gives '{name}' twice ({findings[name]} and {state}); "
                             "keep one")
        findings[name] = state
    return findings
