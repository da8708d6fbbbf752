"""``scenarios sensitivity``: a tornado table of levers or signposts of a target."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.sensitivity import MODES
from scenarios.analysis.sensitivity import sensitivity as swings
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    file_path,
    findings_options,
    measure_option,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of
from scenarios.model.measures import parse_measure
from scenarios.render.plot import tornado_chart
from scenarios.render.sensitivity import (
    sensitivity_report,
)


@command(takes_model=True)
@measure_option
@model_options
@findings_options
@click.option(
    "--plot",
    type=file_path(),
    help="Also draw a tornado chart to this .png, .pdf or .svg file (needs matplotlib: "
    "pip install 'scenarios[plot]').",
)
@click.option(
    "--mode",
    type=click.Choice(list(MODES)),
    default="lever",
    show_default=True,
    help="lever: set each variable a planner can set (marked actionable; the drivers if none "
    "is) that is a cause of the target, do(); cause: set every cause, mediators too; "
    "signpost: observe each indicator (marked observable; every variable if none is); "
    "finding: observe every variable.",
)
@output_options
def sensitivity(
    target: str,
    source: ModelSource,
    findings: Findings,
    plot: Path | None,
    mode: str,
    out: Output,
) -> None:
    """Tornado table: how far the target moves as each lever or indicator changes.

    Levers (the default): each variable a planner can set that is a cause of the target is
    set to each of its states, do(). Signposts (--mode signpost): each indicator is observed
    in each of its states instead, what each finding would tell. Each row names the state
    giving the lowest and the highest value.
    """
    loaded = open_model(source)
    measure = parse_measure(loaded, target)
    engine, question = ask(findings, loaded, [measure.variable])
    current = measure.of(engine.query(question)[measure.variable])
    rows = swings(engine, measure, question, mode)
    if plot is not None:
        emit(tornado_chart(plot, measure.label, current, rows, mode), Output(path=plot))
    report = sensitivity_report(measure, rows, current, question.stated, mode, loaded)
    emit(report, out, context_of(loaded, question))
