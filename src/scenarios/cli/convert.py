"""``scenarios convert``: a model written in another format of the registry."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    MODEL_SUFFIXES,
    ModelSource,
    Output,
    command,
    file_path,
    output_options,
    source_options,
)
from scenarios.cli.output import emit
from scenarios.io.formats import NAMES, format_for
from scenarios.io.model_files import save_model
from scenarios.render.convert import convert_report


@command(epilog=f"OUT's suffix picks the format: {MODEL_SUFFIXES}, optionally + .gz.")
@click.argument("reference", metavar="IN")
@click.argument("target", metavar="OUT", type=file_path())
@click.option("--to", metavar="FORMAT", help=f"Write this format whatever the suffix: {NAMES}.")
@source_options
@output_options
def convert(
    reference: str,
    target: Path,
    to: str | None,
    source: ModelSource,
    out: Output,
) -> None:
    """Convert a model between the formats of the registry (see docs/formats.md).

    IN is a model in any supported format or a bundled model; OUT is the file to write.
    Written atomically; prints what the format cannot hold (docs/formats.md).

    Example: scenarios convert models/khorasan.yaml khorasan.net
    """
    loaded = open_model(source._replace(reference=reference))
    written = save_model(loaded, target, format_for(target, to))
    emit(convert_report(loaded, str(target), written), out)
