"""``scenarios pool``: the analysts' tables pooled into one model, written as YAML."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.pool import METHODS, checked_weights
from scenarios.analysis.pool import pool as pooled
from scenarios.cli.model_input import open_model
from scenarios.cli.options import ModelSource, command
from scenarios.cli.output import say
from scenarios.core.errors import QueryError
from scenarios.io.analyst_file import read_analysts
from scenarios.io.model_files import save_model


@command(epilog="An analyst file: see docs/analysts.md and examples/analysts/.")
@click.argument("model", metavar="MODEL")
@click.argument(
    "analysts",
    metavar="ANALYST.yaml...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--method",
    type=click.Choice(METHODS),
    default="linear",
    show_default=True,
    help="linear: the weighted mean of each row; log: the weighted geometric mean, "
    "renormalized (a state any analyst rules out stays out).",
)
@click.option(
    "--weights", metavar="NAME=W,...", help="Each analyst's weight, summing to 1 (default: equal)."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The pooled model, written as YAML (atomically).",
)
def pool(
    model: str, analysts: tuple[Path, ...], method: str, weights: str | None, output: Path
) -> None:
    """Pool analysts' assessments of a model into one model (linear or logarithmic pool).

    Each table an analyst assessed is pooled row by row over the analysts; an analyst who
    did not assess it counts with the shared table. ANALYST.yaml may be files or folders.
    """
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise QueryError(f"-o {output}: the pooled model is written as YAML (.yaml)")
    shared = open_model(ModelSource(model))
    found = read_analysts(list(analysts), shared)
    if any(output.resolve() == Path(a.path).resolve() for a in found):
        raise QueryError(f"-o {output} is an analyst file: name another file")
    share = checked_weights(found, _weights(weights))
    result = pooled(shared, found, method, share)
    save_model(result, output, comments_from=shared.path)
    say(result.notes[0].message + f"; written to {output}")


def _weights(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    out = {}
    for item in text.split(","):
        name, equals, value = item.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise QueryError(
                f"--weights {text}: write NAME=W,NAME=W, e.g. alice=0.6,bob=0.4"
            ) from None
        if not equals:
            raise QueryError(f"--weights {text}: write NAME=W,NAME=W, e.g. alice=0.6,bob=0.4")
    return out
