"""``scenarios cpt``: a variable's full table as its builder produced it."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    ModelSource,
    Output,
    command,
    output_options,
    source_options,
)
from scenarios.cli.output import emit
from scenarios.io.bundled import bundled_names
from scenarios.render.cpt import cpt_report


@command(takes_model=True)
@click.argument("arguments", nargs=-1, required=True, metavar="[MODEL] VAR")
@source_options
@output_options
def cpt(
    arguments: tuple[str, ...],
    source: ModelSource,
    out: Output,
) -> None:
    """Print the full CPT of VAR as its builder produced it, one row per parent combination.

    Example: scenarios cpt defection_rate --format csv
    """
    if len(arguments) > 2:
        raise click.BadParameter("give at most a model and a variable", param_hint="[MODEL] VAR")
    model, variable = (arguments[0] if len(arguments) == 2 else None), arguments[-1]
    if model is not None and not _names_a_model(model) and _names_a_model(variable):
        raise click.BadParameter(
            f"'{variable}' is a model and '{model}' is not: the model comes first, "
            f"scenarios cpt {variable} {model}",
            param_hint="[MODEL] VAR",
        )
    loaded = open_model(source._replace(reference=model))
    emit(cpt_report(loaded, loaded.variable(variable)), out)


def _names_a_model(argument: str) -> bool:
    """Whether ``argument`` is a file here or a bundled model's name."""
    return Path(argument).exists() or argument in bundled_names()
