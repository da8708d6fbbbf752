"""Commands that move models between tools: ``convert`` (and ``graph``, pictures)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scenarios.cli.app import app
from scenarios.cli.common import Format, FormatOpt, emit, resolve_model


@app.command()
def convert(
    source: Annotated[str, typer.Argument(
        metavar="IN", help="Model to read: a file in any supported format or a bundled model.",
        show_default=False)],
    target: Annotated[Path, typer.Argument(
        metavar="OUT", help="File to write; its suffix picks the format (.yaml .bif .xml "
        ".xmlbif .net .xdsl .uai, optionally + .gz).", show_default=False, dir_okay=False)],
    to: Annotated[str | None, typer.Option(
        "--to", metavar="FORMAT", help="Write this format whatever the suffix: yaml, bif, "
        "xmlbif, net, xdsl or uai.")] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Convert a model between YAML, BIF, XMLBIF, Hugin NET, GeNIe XDSL and UAI.

    The file is written atomically. Names with spaces or symbols are spelled _xHH_ in formats
    that take identifiers only, and read back unchanged; what a format cannot hold is listed.

    Example: scenarios convert models/khorasan.yaml khorasan.net
    """
    from scenarios.io.formats import format_for, save_model
    from scenarios.render.model import conversion_report

    loaded = resolve_model(source)
    written = save_model(loaded, target, format_for(target, to))
    emit(conversion_report(loaded, str(target), written), format)
