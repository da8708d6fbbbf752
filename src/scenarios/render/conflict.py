"""How the reports of evidence conflict (Hugin's measure), as reports show it: a warning line
when the findings pull apart, the measure and each finding's part in JSON."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.conflict import Conflict


def conflict_to_dict(found: Conflict | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "value": found.value,
        "parts": [{"finding": name, "conflict": part} for name, part in found.parts],
    }


def conflict_warning(found: Conflict | None) -> str:
    """A line for the reader when the findings conflict ("" when they do not)."""
    if found is None or not found.positive:
        return ""
    return f"Conflict: {found.describe()}. Check the reports, or whether the case is rare."
