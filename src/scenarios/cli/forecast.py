"""``scenarios forecast``: how each target unfolds over the time slices given the evidence."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.forecast import forecast as trajectories
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    file_path,
    findings_options,
    intervals_options,
    model_options,
    output_options,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.cli.question import ask, context_of
from scenarios.core.errors import QueryError
from scenarios.model.schema import Model
from scenarios.model.time import canonical, headline_series, series
from scenarios.render.forecast import forecast_report
from scenarios.render.plot import forecast_chart


@command(
    takes_model=True,
    epilog="In a time-sliced model (docs/model-format.md, 'Time slices'), -e VAR@SLICE=STATE "
    "places a finding at a slice, by its label (2016Q1) or its index (2); a static model has "
    "one slice.",
)
@model_options
@findings_options
@click.option(
    "--target",
    "-t",
    "targets",
    multiple=True,
    metavar="VAR[=STATE]",
    help="A variable to follow over the slices; VAR=STATE adds the probability that STATE is "
    "reached by each slice. Repeat for several. Default: the model's headline outcomes.",
)
@intervals_options("Add a credible band per slice over Dirichlet draws of the tables (JSON).")
@click.option(
    "--plot",
    type=file_path(),
    metavar="FILE",
    help="Also draw the trajectories (bands with --intervals) to FILE (.png, .pdf or .svg).",
)
@output_options
def forecast(
    source: ModelSource,
    findings: Findings,
    targets: tuple[str, ...],
    intervals: bool,
    draws: int,
    level: float,
    seed: int | None,
    plot: Path | None,
    out: Output,
) -> None:
    """Each target's trajectory over the time slices, given findings at any slices.

    Filtering, smoothing and forecasting are one exact query on the network unrolled over the
    slices: a finding at a slice weighs on the slices before and after it as far as the
    transitions carry it.
    """
    loaded = open_model(source)
    asked = [_target(loaded, t) for t in targets] or [(n, "") for n in headline_series(loaded)]
    names = [n for t, _ in asked for n in series(loaded, t)]
    engine, question = ask(findings, loaded, names)
    with draw_progress(draws if intervals else 0) as progress:
        found = trajectories(
            engine, question, asked, draws if intervals else 0, level, seed, progress
        )
    if plot is not None:
        emit(forecast_chart(plot, found), Output(path=plot))
    emit(forecast_report(found, question.stated, level), out, context_of(loaded, question))


def _target(model: Model, text: str) -> tuple[str, str]:
    name, equals, state = (part.strip() for part in text.partition("="))
    if equals and not state:
        raise QueryError(f"'-t {text}' names no state: give VAR or VAR=STATE")
    copies = series(model, canonical(model, name))
    if state:
        model.variables[copies[0]].check_state(state)
    return canonical(model, name), state
