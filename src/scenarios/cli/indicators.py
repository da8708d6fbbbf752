"""The planner's loop: signposts and warnings per future (``indicators``)."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.indicators import hidden_keys, scenario_futures, state_futures
from scenarios.analysis.indicators import indicators as read_indicators
from scenarios.cli.model_input import open_model, open_scenarios
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    file_path,
    findings_options,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of
from scenarios.core.errors import QueryError
from scenarios.model.measures import parse_target
from scenarios.render.indicators import indicators_report, matrix_report


@command(
    epilog="Futures are the states of -t VAR, VAR=STATE against the rest, or the scenarios of "
    "--scenarios FILE (equally likely to begin with). Each future's evidence is added to -e."
)
@click.option(
    "-t",
    "--target",
    metavar="VAR[=STATE]",
    help="The outcome whose states are the futures, or VAR=STATE: that future against the rest.",
)
@click.option(
    "--scenarios",
    "scenario_file",
    type=file_path(),
    help="A scenario file whose scenarios are the futures (its model is used).",
)
@click.option(
    "-s",
    "--scenario",
    "names",
    multiple=True,
    metavar="NAME",
    help="With --scenarios: a scenario to include (repeat; default: all of them).",
)
@click.option(
    "-n",
    "--top",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Signposts and warnings to list per future.",
)
@click.option(
    "--depth",
    type=click.IntRange(1, 4),
    default=3,
    show_default=True,
    help="Most observations in a set that would change my mind.",
)
@click.option("--matrix", is_flag=True, help="Print the findings x futures matrix instead.")
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Read every variable as if observable, not only those the model marks observable.",
)
@model_options
@findings_options
@output_options
def indicators(
    target: str | None,
    scenario_file: Path | None,
    names: tuple[str, ...],
    top: int,
    depth: int,
    matrix: bool,
    every: bool,
    source: ModelSource,
    findings: Findings,
    out: Output,
) -> None:
    """Signposts and warnings per future, and what would change my mind.

    For each future, the observable findings that most raise it (signposts) and most lower it
    (warnings), with their likelihood ratios; then, for each other future, the fewest
    observations after which it would be the most likely one.
    """
    whole = None  # with -t VAR (every state a future): VAR, whose hidden keys are named
    if (target is None) == (scenario_file is None):
        raise QueryError("give one of -t VAR[=STATE] or --scenarios FILE")
    if scenario_file is not None:
        scenarios = open_scenarios(scenario_file)
        loaded = scenarios.model
        engine, question = ask(findings, loaded)
        futures = scenario_futures(scenarios, names)
        subject = scenario_file.name
    else:
        loaded = open_model(source)
        variable, state = parse_target(loaded, target or "")
        engine, question = ask(findings, loaded, [variable])
        futures = state_futures(engine, variable, question, state)
        subject = target or variable
        whole = None if state else variable
    pool = loaded.names if every or not loaded.observables else loaded.observables
    found = read_indicators(engine, futures, pool, question, depth)
    given = question.stated
    if matrix:
        report = matrix_report(subject, found, given)
    else:
        hidden = hidden_keys(engine, whole, question, pool) if whole else None
        report = indicators_report(subject, found, given, top, hidden)
    emit(report, out, context_of(loaded, question))
