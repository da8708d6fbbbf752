"""``scenarios diff``: what changed between two models."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from scenarios.analysis.diff import (
    STATUS_QUO_WARNING,
    diff_answers,
    diff_models,
    shared_outcomes,
    status_quo_changes,
)
from scenarios.cli.model_input import open_model, open_scenarios
from scenarios.cli.options import (
    ModelSource,
    Output,
    command,
    file_path,
    output_options,
    source_options,
)
from scenarios.cli.output import emit, stderr_console
from scenarios.core.errors import CheckFailed
from scenarios.render.diff import SHOWN_CELLS, diff_report, status_quo_warnings


@command(epilog="Exit code 1 with --exit-code when the models differ (as git diff --exit-code).")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--scenarios",
    "scenario_file",
    type=file_path(),
    help="Also answer this scenario file's scenarios under both models, side by side.",
)
@click.option(
    "-n",
    "--cells",
    type=click.IntRange(min=0),
    default=SHOWN_CELLS,
    show_default=True,
    help="CPT cells to list, largest change first (CSV and JSON carry them all).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when the models differ.")
@click.option(
    "--warn-at",
    type=click.FloatRange(0, 100),
    default=STATUS_QUO_WARNING * 100,
    show_default=True,
    metavar="PP",
    callback=lambda ctx, param, points: points / 100,  # percentage points -> probability
    help="Warn when the edit moves an outcome's status quo (its probabilities with no "
    "evidence) by this many percentage points or more.",
)
@source_options
@output_options
def diff(
    old: str,
    new: str,
    scenario_file: Path | None,
    cells: int,
    exit_code: bool,
    warn_at: float,
    source: ModelSource,
    out: Output,
) -> None:
    """What changed between two models: variables, states, edges, CPT cells and quotes.

    OLD and NEW are model files in any supported format (or bundled models).
    """
    before = open_model(source._replace(reference=old))
    after = open_model(source._replace(reference=new))
    found = diff_models(before, after)
    answers = diff_answers(before, after, open_scenarios(scenario_file)) if scenario_file else None
    status_quo = status_quo_changes(before, after) if shared_outcomes(before, after) else None
    for warning in status_quo_warnings(status_quo or [], warn_at):
        stderr_console().print(Text.assemble(("warning: ", "bold yellow"), warning))
    shown = cells if out.format != "csv" else len(found.cells)
    emit(diff_report(old, new, found, answers, shown, status_quo, warn_at), out)
    if exit_code and not found.is_empty:
        raise CheckFailed("the models differ")
