"""``scenarios score``: the forecasts a journal implied, scored against the outcomes it records."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.score import score as scored
from scenarios.cli.model_input import noted, open_journal, open_model, pooled_with
from scenarios.cli.options import (
    ModelSource,
    Output,
    analysts_option,
    command,
    file_path,
    journal_model_option,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import context_of
from scenarios.engine import Engine
from scenarios.render.score import score_report


@command(
    epilog="An entry records an outcome with 'resolves: {variable: state}' "
    "(examples/khorasan-journal.yaml). In a time-sliced model it resolves in the slice of "
    "the entry's date."
)
@click.argument("journal_file", metavar="JOURNAL", type=file_path(exists=True))
@journal_model_option
@analysts_option
@output_options
def score(journal_file: Path, on_model: str | None, analysts: Path | None, out: Output) -> None:
    """Score a journal's past judgements: Brier and log scores, and calibration.

    For each outcome an entry records as resolved, the probability the journal gave it
    before any entry and after each earlier date, its Brier and log scores, and a
    calibration table over every resolved outcome.
    """
    journal = open_journal(journal_file)
    model = (
        open_model(ModelSource(on_model, analysts=analysts))
        if on_model
        else noted(pooled_with(journal.model, analysts))
    )
    found = scored(Engine(model), journal)
    emit(score_report(found, journal_file.name), out, context_of(model))
