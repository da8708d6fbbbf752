"""``scenarios show``: the model's variables, states, parents and the quotes behind them."""

from __future__ import annotations

from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    ModelSource,
    Output,
    command,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.render.show import model_tree, show_report


@command(takes_model=True)
@model_options
@output_options
def show(
    source: ModelSource,
    out: Output,
) -> None:
    """Show variables, states, parents and the source quotes behind them."""
    loaded = open_model(source)
    report = show_report(loaded)
    report.view = model_tree(loaded)
    emit(report, out)
