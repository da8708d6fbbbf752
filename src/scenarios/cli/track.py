"""``scenarios track``: how the targets moved, entry by entry of an evidence journal."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from scenarios.analysis.journal import load_journal
from scenarios.analysis.track import since as since_date
from scenarios.analysis.track import track as track_journal
from scenarios.cli.options import (
    DAY,
    Output,
    command,
    file_path,
    journal_argument,
    output_options,
    targets_option,
)
from scenarios.cli.output import emit
from scenarios.cli.question import targets_or_outcomes
from scenarios.core.errors import QueryError
from scenarios.engine import Engine
from scenarios.render.plot import track_chart
from scenarios.render.track import track_report


@command(
    epilog="JOURNAL is an evidence journal (see examples/khorasan-journal.yaml); its model is used."
)
@journal_argument
@targets_option
@click.option(
    "--since",
    type=DAY,
    help="Also say what changed after this day, and which entries moved it.",
)
@click.option(
    "--plot",
    type=file_path(),
    metavar="FILE",
    help="Also draw the probabilities over time to FILE (.png, .pdf or .svg).",
)
@output_options
def track(
    journal_file: Path,
    target: tuple[str, ...],
    since: datetime.date | None,
    plot: Path | None,
    out: Output,
) -> None:
    """How the targets' probabilities moved, entry by entry of an evidence journal."""
    loaded = load_journal(journal_file)
    if not loaded.entries:
        raise QueryError(f"{journal_file} has no entries yet: add one with scenarios journal add")
    engine = Engine(loaded.model)
    targets = engine.check_targets(targets_or_outcomes(loaded.model, target))
    points = track_journal(engine, loaded, targets)
    summary = since_date(engine, loaded, targets, since) if since else None
    if plot is not None:
        emit(track_chart(plot, points, targets), Output(path=plot))
    clashes = loaded.contradictions()
    outside = (loaded.model, loaded.outside_horizon())
    emit(track_report(journal_file.name, targets, points, summary, clashes, outside), out)
