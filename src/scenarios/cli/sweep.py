"""``scenarios sweep``: the targets' posteriors for every combination of swept states."""

from __future__ import annotations

import click

from scenarios.analysis.sweep import sweep as sweep_states
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    model_options,
    observations_option,
    output_options,
    targets_option,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of, targets_or_outcomes
from scenarios.render.sweep import (
    sweep_report,
)


@command(takes_model=True)
@click.option(
    "--vary",
    "-v",
    multiple=True,
    required=True,
    metavar="VAR",
    help="A variable to sweep over all its states; repeat for several (every combination is "
    "answered).",
)
@model_options
@targets_option
@click.option(
    "--do",
    "force",
    is_flag=True,
    help="Force the swept states (interventions) instead of observing them.",
)
@observations_option
@output_options
def sweep(
    vary: tuple[str, ...],
    source: ModelSource,
    target: tuple[str, ...],
    force: bool,
    findings: Findings,
    out: Output,
) -> None:
    """Every combination of the --vary variables' states → the targets' posteriors, in one batch.

    For large sweeps write CSV to a file: --format csv -o sweep.csv
    """
    loaded = open_model(source)
    engine, question = ask(findings, loaded, targets_or_outcomes(loaded, target))
    targets = list(question.targets)
    rows = sweep_states(engine, vary, targets, question, intervene=force)
    report = sweep_report(loaded, list(vary), targets, rows, question.stated)
    emit(report, out, context_of(loaded, question))
