"""Evidence journals: dated findings, each with its source and reliability, kept in a YAML
file beside the scenarios::

    model: khorasan                    # a bundled model's name or a path beside this file
    entries:
      - date: 2015-07-01
        source: UNAMA mid-year report
        reliability: 0.8               # how often such a report is right (default 1)
        evidence: {taliban_is_clashes: rare}
        note: clashes in Nangarhar only
      - date: 2015-08-15
        source: analyst judgement
        beliefs: {leadership_visibility: {low: 0.8, high: 0.2}}

Read here, every problem located; what the entries add up to is worked out by
:mod:`scenarios.analysis.journal` (reliability, folding), which also refuses a journal whose
entries contradict each other.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from scenarios.core.errors import Problems
from scenarios.core.text import is_plain_text, plain_text
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark, check_unknown_keys, read_yaml
from scenarios.io.files import read_text
from scenarios.io.loading import load_model
from scenarios.io.scenariofile import check_model_inside
from scenarios.io.yaml_findings import read_beliefs, read_findings
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model
from scenarios.model.time import placed_at

JOURNAL_KEYS = ("model", "name", "description", "entries")
ENTRY_KEYS = ("date", "source", "reliability", "evidence", "beliefs", "resolves", "note")


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    source: str
    evidence: Evidence  # hard and soft findings as written, and beliefs
    reliability: float = 1.0
    note: str = ""
    line: int = 0  # where the entry starts in its file (0: not from a file)
    resolves: dict[str, str] = field(default_factory=dict)  # outcomes known to have resolved
    # so on this date: what ``scenarios score`` scores the earlier forecasts against

    def describe(self) -> str:
        text = self.evidence.describe()
        text = text if self.reliability == 1 else f"{text} (reliability {self.reliability:g})"
        resolved = ", ".join(f"{n}={s}" for n, s in self.resolves.items())
        return "; ".join(t for t in (text, f"resolves {resolved}" if resolved else "") if t)


@dataclass(frozen=True)
class JournalFile:
    """A journal as its file says: the model it names, its entries in date order."""

    model: Model
    entries: list[Entry] = field(default_factory=list)  # in date order
    path: str = ""
    model_reference: str = ""

    def until(self, date: datetime.date | None) -> list[Entry]:
        """The entries dated on or before ``date`` (all of them for None)."""
        return [e for e in self.entries if date is None or e.date <= date]


def read_journal(path: str | Path, cache: bool = False) -> JournalFile:
    """Read a journal file; its ``model:`` is a file beside it or a bundled model's name
    (default: the bundled model), kept once read with ``cache`` (:mod:`scenarios.io.model_cache`).
    Every problem is located."""
    return parse_journal_text(read_text(Path(path)), Path(path), cache)


def parse_journal_text(text: str, path: Path, cache: bool = False) -> JournalFile:
    """:func:`read_journal` for the file's text (``path`` for locations and the model)."""
    doc = read_yaml(text, str(path))
    problems = Problems(str(path), kind="entry")
    listed = isinstance(doc, LocatedDict) and isinstance(doc.get("entries"), LocatedList)
    empty = isinstance(doc, LocatedDict) and "entries" in doc and doc["entries"] is None
    if not (listed or empty):
        problems.add(
            "a journal is a mapping with an 'entries:' list",
            getattr(doc, "mark", Mark(1, 1)),
            hint="see examples/khorasan-journal.yaml",
        )
        problems.raise_if_any()
    check_unknown_keys(doc, JOURNAL_KEYS, problems)
    reference = doc.text("model") if doc.get("model") is not None else None
    if reference is not None:
        check_model_inside(path, reference, doc.value_marks["model"])
    model = load_model(reference, base_dir=path.parent, cache=cache)
    items = doc["entries"] if listed else LocatedList()
    entries = [
        entry
        for item, mark in zip(items, getattr(items, "marks", []), strict=True)
        if (entry := _entry(item, mark, model, problems)) is not None
    ]
    problems.raise_if_any()
    entries.sort(key=lambda e: e.date)  # stable: one date's entries keep the file's order
    return JournalFile(model, entries, str(path), reference or "")


def _entry(item: object, mark: Mark, model: Model, problems: Problems) -> Entry | None:
    where = f"line {mark.line}"
    if isinstance(item, LocatedDict) and item.get("date") is not None:
        where = item.text("date") or where
    if not isinstance(item, LocatedDict):
        problems.add("an entry is a mapping with date, source and evidence", mark, where)
        return None
    check_unknown_keys(item, ENTRY_KEYS, problems, where)
    date = parse_date(item.text("date") or "" if item.get("date") is not None else "")
    if date is None:
        at = item.value_marks.get("date", mark)
        problems.add("'date' must be a date written YYYY-MM-DD", at, where, "e.g. date: 2015-07-01")
    source = _text(item, "source", problems, where)
    if not source:
        problems.add("missing 'source'", mark, where, "say where the finding comes from")
    reliability = item.get("reliability", 1.0)
    if (
        isinstance(reliability, bool)
        or not isinstance(reliability, int | float)
        or not 0 < reliability <= 1
    ):
        problems.add(
            f"'reliability' is {reliability!r}; it must be a number above 0 and at most 1",
            item.value_marks.get("reliability", mark),
            where,
            "how often such a report is right, e.g. reliability: 0.8",
        )
        reliability = 1.0
    place = partial(placed_at, model, day=date) if date is not None else None
    hard, soft = read_findings(item.get("evidence"), item, model, problems, where, place=place)
    beliefs = read_beliefs(item, model, problems, where, {*hard, *soft}, place)
    resolves, _ = read_findings(
        item.get("resolves"), item, model, problems, where, key="resolves", place=place
    )
    if not (hard or soft or beliefs or resolves):
        problems.add(
            "the entry reports nothing",
            mark,
            where,
            "add 'evidence:', 'beliefs:' or 'resolves:'",
        )
    if date is None:
        return None
    evidence = Evidence(hard, soft, {}, beliefs)
    note = _text(item, "note", problems, where)
    return Entry(date, source, evidence, float(reliability), note, mark.line, resolves)


def _text(item: LocatedDict, key: str, problems: Problems, where: str) -> str:
    if item.get(key) is None:
        return ""
    text = (item.text(key) or "").strip()
    if not is_plain_text(text):
        problems.add(f"'{key}' holds a control character", item.value_marks[key], where)
        return ""
    return plain_text(text)


def parse_date(text: str) -> datetime.date | None:
    """A date written YYYY-MM-DD, or None."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None
