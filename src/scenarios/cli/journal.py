"""The evidence journal: ``journal add`` and ``journal show``, and ``track``."""

from __future__ import annotations

import datetime
from pathlib import Path

import click
from rich.text import Text

from scenarios.analysis.journal import checked, load_journal
from scenarios.cli.options import (
    CONTEXT,
    DAY,
    Output,
    journal_argument,
    output_options,
)
from scenarios.cli.output import emit, say, stderr_console
from scenarios.io.journal_file import Entry
from scenarios.io.journal_writer import append_entry
from scenarios.model.evidence import parse_evidence
from scenarios.render.journal import journal_report


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
    written = append_entry(journal_file, entry, model_reference, checked)
    count = len(written.entries)
    say(f"{journal_file}: entry of {day} added ({count} entr{'y' if count == 1 else 'ies'})")
    if day > today:
        stderr_console().print(
            Text.assemble(
                ("note: ", "bold cyan"),
                f"the entry is dated {day}, after today ({today}); if that is a typo, correct "
                "the date in the journal",
            )
        )


@journal.command(context_settings=CONTEXT)
@journal_argument
@click.option("--as-of", type=DAY, help="Entries up to this day.")
@output_options
def show(journal_file: Path, as_of: datetime.date | None, out: Output) -> None:
    """List JOURNAL's entries in date order, and what they add up to."""
    loaded = load_journal(journal_file)
    emit(journal_report(loaded, as_of), out)
