"""``scenarios track``: how the targets moved, entry by entry of an evidence journal."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from scenarios.analysis.conflict import conflict
from scenarios.analysis.journal import contradictions, fold, outside_horizon
from scenarios.analysis.track import entries_in
from scenarios.analysis.track import since as since_date
from scenarios.analysis.track import track as track_journal
from scenarios.cli.model_input import noted, open_journal, open_model, pooled_with
from scenarios.cli.options import (
    DAY,
    ModelSource,
    Output,
    analysts_option,
    command,
    file_path,
    journal_argument,
    journal_model_option,
    output_options,
    targets_option,
)
from scenarios.cli.output import emit
from scenarios.cli.question import context_of, targets_or_outcomes
from scenarios.core.errors import QueryError
from scenarios.engine import Engine
from scenarios.model.schema import Model
from scenarios.model.time import canonical, headline_series
from scenarios.render.plot import track_chart
from scenarios.render.track import track_report


@command(
    epilog="JOURNAL is an evidence journal (see examples/khorasan-journal.yaml); its model is "
    "used unless --model names another. In a time-sliced model each entry's row shows, for a "
    "target that changes, the forecast over the slices made on that date."
)
@journal_argument
@journal_model_option
@analysts_option
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
    on_model: str | None,
    analysts: Path | None,
    target: tuple[str, ...],
    since: datetime.date | None,
    plot: Path | None,
    out: Output,
) -> None:
    """How the targets' probabilities moved, entry by entry of an evidence journal."""
    loaded = open_journal(journal_file)
    if not loaded.entries:
        raise QueryError(f"{journal_file} has no entries yet: add one with scenarios journal add")
    model = (
        open_model(ModelSource(on_model, analysts=analysts))
        if on_model
        else noted(pooled_with(loaded.model, analysts))
    )
    engine = Engine(model)
    targets = _targets(model, target)
    points = track_journal(engine, loaded, targets)
    summary = since_date(engine, loaded, targets, since) if since else None
    if plot is not None:
        emit(track_chart(plot, points, targets), Output(path=plot))
    entries = entries_in(model, loaded)
    clashes = contradictions(model, entries)
    outside = (model, outside_horizon(model, entries))
    slices = model.time.labels if model.time else ()
    pulling = conflict(engine, fold(model, entries))
    report = track_report(
        journal_file.name, targets, points, summary, clashes, outside, slices, pulling
    )
    emit(report, out, context_of(model))


def _targets(model: Model, given: tuple[str, ...]) -> list[str]:
    """The targets asked (in a time-sliced model a changing one by its name is its series),
    else the headline outcomes."""
    if model.time is None:
        return targets_or_outcomes(model, given)
    return [canonical(model, t) for t in given] or headline_series(model)
