"""The evidence journal: ``journal add`` and ``journal show``, and ``track``."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import click
from rich.text import Text

from scenarios.analysis.journal import (
    Contradiction,
    Journal,
    checked,
    outside_horizon,
)
from scenarios.cli.model_input import open_journal
from scenarios.cli.options import (
    CONTEXT,
    DAY,
    Output,
    journal_argument,
    output_options,
)
from scenarios.cli.output import emit, say, stderr_console
from scenarios.core.errors import QueryError
from scenarios.io.journal_file import Entry, JournalFile
from scenarios.io.journal_writer import append_entry
from scenarios.model.evidence import parse_evidence
from scenarios.render.journal import horizon_note, journal_report


@click.group(context_settings=CONTEXT)
def journal() -> None:
    """Keep dated findings in an evidence journal: add entries, list them."""


@journal.command(context_settings=CONTEXT)
@journal_argument
@click.option(
    "--evidence",
    "-e",
    multiple=True,
    required=True,
    metavar="FINDING",
    help="A finding (VAR=STATE, VAR~STATE:L,... or VAR:=STATE:P,...); repeat for several.",
)
@click.option("--source", "-s", required=True, help="Where the finding comes from.")
@click.option(
    "--date",
    type=DAY,
    help="The day the finding was made (default: today).",
)
@click.option(
    "--reliability",
    "-r",
    type=click.FloatRange(0, 1, min_open=True),
    default=1.0,
    show_default=True,
    help="How often such a report is right (0 < r <= 1; applies to -e findings, not beliefs).",
)
@click.option("--note", "-n", default="", help="A note kept with the entry.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse an entry that an earlier certain report overrules (it would change nothing) "
    "instead of adding it with a warning.",
)
@click.option(
    "--model",
    "model_reference",
    default="khorasan",
    show_default=True,
    help="For a new journal: the model it names (a bundled model or a file beside it).",
)
def add(
    journal_file: Path,
    evidence: tuple[str, ...],
    source: str,
    date: datetime.date | None,
    reliability: float,
    note: str,
    strict: bool,
    model_reference: str,
) -> None:
    """Append a dated entry to JOURNAL (created if missing).

    The new journal is read back and checked before anything is written; the file is then
    replaced atomically, its comments, layout and mode kept.
    """
    findings = parse_evidence(evidence)
    today = datetime.date.today()
    day = date or today
    entry = Entry(day, source.strip(), findings, reliability, note.strip())
    check = _overruling(entry) if strict else checked
    written = checked(append_entry(journal_file, entry, model_reference, check))
    count = len(written.entries)
    say(f"{journal_file}: entry of {day} added ({count} entr{'y' if count == 1 else 'ies'})")
    for found in _involving(written, entry):
        stderr_console().print(Text.assemble(("warning: ", "bold yellow"), found.describe()))
    if outside_horizon(written.model, [entry]):
        said = horizon_note(written.model, [entry]).removeprefix("Warning: ")
        stderr_console().print(Text.assemble(("warning: ", "bold yellow"), said))
    if day > today:
        stderr_console().print(
            Text.assemble(
                ("note: ", "bold cyan"),
                f"the entry is dated {day}, after today ({today}); if that is a typo, correct "
                "the date in the journal",
            )
        )


def _involving(journal: Journal, entry: Entry) -> list[Contradiction]:
    """The contradictions the new ``entry`` is part of (as the earlier or the later report)."""
    same = _identity(entry)
    return [c for c in journal.contradictions() if same in map(_identity, (c.certain, c.later))]


def _identity(entry: Entry) -> tuple[object, ...]:
    """An entry as read back from the file it was written to."""
    return (entry.date, entry.source, entry.evidence.describe(), entry.reliability)


def _overruling(entry: Entry) -> Callable[[JournalFile], Journal]:
    """The check of ``journal add --strict``: the journal folds together, and ``entry`` takes
    part in no contradiction."""

    def check(found: JournalFile) -> Journal:
        journal = checked(found)
        if clash := _involving(journal, entry):
            raise QueryError(
                f"{clash[0].describe()} (--strict refuses it; without --strict it is added "
                "with this warning)"
            )
        return journal

    return check


@journal.command(context_settings=CONTEXT)
@journal_argument
@click.option("--as-of", type=DAY, help="Entries up to this day.")
@output_options
def show(journal_file: Path, as_of: datetime.date | None, out: Output) -> None:
    """List JOURNAL's entries in date order, and what they add up to."""
    loaded = open_journal(journal_file)
    emit(journal_report(loaded, as_of), out)
