"""The report of ``scenarios journal show``: a journal's entries in date order, and the evidence
they add up to."""

from __future__ import annotations

import datetime

from scenarios.analysis.journal import Contradiction, Journal
from scenarios.io.journal_file import Entry
from scenarios.model.schema import Model
from scenarios.render.report import Cell, Report


def journal_report(journal: Journal, as_of: datetime.date | None = None) -> Report:
    entries = journal.until(as_of)
    rows = [
        [
            str(e.date),
            e.source,
            e.evidence.describe(),
            Cell(f"{e.reliability:g}", e.reliability),
            e.note,
        ]
        for e in entries
    ]
    total = journal.evidence(as_of)
    data: dict[str, object] = {
        "journal": journal.path,
        "model": journal.model.name,
        "as_of": as_of.isoformat() if as_of else None,
        "entries": [
            {
                "date": e.date.isoformat(),
                "source": e.source,
                "reliability": e.reliability,
                "note": e.note,
                "findings": e.evidence.to_dict(),
            }
            for e in entries
        ],
        "evidence": total.to_dict(),
    }
    day = f" as of {as_of}" if as_of else ""
    outside = journal.outside_horizon(as_of)
    data["outside_horizon"] = [e.date.isoformat() for e in outside]
    data["contradictions"] = [contradiction_to_dict(c) for c in journal.contradictions(as_of)]
    notes = [f"All together: {total.describe() or 'nothing'}", *_warnings(journal, as_of)]
    return Report(
        f"Evidence journal {journal.path}{day}: {len(entries)} entries",
        ["date", "source", "findings", "reliability", "note"],
        rows,
        data,
        notes=notes,
        right_aligned={3},
    )


def _warnings(journal: Journal, as_of: datetime.date | None) -> list[str]:
    """Entries dated after today, or outside the model's horizon, and contradictions."""
    entries = journal.until(as_of)
    today = datetime.date.today()
    ahead = [e for e in entries if e.date > today]
    notes = []
    if ahead:
        notes.append(
            f"{len(ahead)} entr{'y is' if len(ahead) == 1 else 'ies are'} dated after today "
            f"({today}), the first on {ahead[0].date}: a typo in the date?"
        )
    outside = journal.outside_horizon(as_of)
    if outside:
        notes.append(horizon_note(journal.model, outside))
    return notes + [f"Contradiction: {c.describe()}" for c in journal.contradictions(as_of)]


def horizon_note(model: Model, outside: list[Entry]) -> str:
    """What to say of entries dated outside the model's horizon."""
    span = f"{model.starts or '…'} to {model.ends or '…'}"
    many = f"{len(outside)} entries are" if len(outside) > 1 else "1 entry is"
    return (
        f"Warning: {many} dated outside the model's horizon ({span}), the first on "
        f"{outside[0].date}: the model's states describe that period, so such a report may "
        "describe another (a static journal reads every entry as evidence about the horizon)"
    )


def contradiction_to_dict(found: Contradiction) -> dict[str, object]:
    """A contradiction as the JSON of ``journal show`` and ``track`` has it."""
    return {
        "variable": found.variable,
        "certain_state": found.fixed,
        "certain_date": found.certain.date.isoformat(),
        "certain_source": found.certain.source,
        "reported_state": found.reported,
        "reported_date": found.later.date.isoformat(),
        "reported_source": found.later.source,
    }
