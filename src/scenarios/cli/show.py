"""``scenarios show``: the model's variables, states, parents and the quotes behind them."""

from __future__ import annotations

import click

from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    ModelSource,
    Output,
    command,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.io.analyst_file import read_analysts
from scenarios.render.disagree import assessed_section, assessed_to_dict
from scenarios.render.show import model_tree, quotes_report, show_report


@command(takes_model=True)
@click.option(
    "--quotes",
    is_flag=True,
    help="Every edge beside the quote (or assumption) it rests on, a row each: for a "
    "reviewer to read each link and its words together.",
)
@model_options
@output_options
def show(
    quotes: bool,
    source: ModelSource,
    out: Output,
) -> None:
    """Show variables, states, parents and the source quotes behind them."""
    loaded = open_model(source)
    if quotes:
        emit(quotes_report(loaded), out)
        return
    report = show_report(loaded)
    report.view = model_tree(loaded)
    if source.analysts is not None:
        shared = open_model(source._replace(analysts=None))
        found = read_analysts([source.analysts], shared)
        report.sections.append(assessed_section(found))
        report.data["analysts"] = assessed_to_dict(found)
    emit(report, out)
