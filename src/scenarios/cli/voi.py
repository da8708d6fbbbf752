"""``scenarios voi``: which indicator to collect next."""

from __future__ import annotations

import click

from scenarios.analysis.voi import value_of_information
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of
from scenarios.model.measures import parse_target
from scenarios.render.voi import voi_report


@command(takes_model=True)
@click.option(
    "--target",
    "-t",
    required=True,
    metavar="VAR[=STATE]",
    help="The variable we want to learn about, or VAR=STATE: one future of interest (will "
    "it come about or not).",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Rank every variable, not only those the model marks observable.",
)
@model_options
@findings_options
@output_options
def voi(
    target: str,
    every: bool,
    source: ModelSource,
    findings: Findings,
    out: Output,
) -> None:
    """Which indicator to collect next: expected entropy reduction (mutual information).

    Ranks the variables the model marks observable, by bits per unit cost when each has a
    cost; a model that marks none has every variable ranked.
    """
    loaded = open_model(source)
    variable, state = parse_target(loaded, target)
    engine, question = ask(findings, loaded, [variable])
    among = None if every or not loaded.observables else loaded.observables
    rows = value_of_information(engine, variable, question, state, among)
    scope = "observables" if among else "variables (none is marked observable)"
    report = voi_report(target, rows, question.stated, "every variable" if every else scope)
    emit(report, out, context_of(loaded, question))
