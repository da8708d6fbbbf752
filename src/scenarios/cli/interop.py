"""Commands that move models between tools: ``convert`` and ``graph`` (pictures)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from scenarios.cli.app import app
from scenarios.cli.common import (
    DoOpt,
    EvidenceOpt,
    Format,
    FormatOpt,
    ModelArg,
    OutputOpt,
    emit,
    evidence_from,
    resolve_model,
)


@app.command()
def convert(
    source: Annotated[
        str,
        typer.Argument(
            metavar="IN",
            help="Model to read: a file in any supported format or a bundled model.",
            show_default=False,
        ),
    ],
    target: Annotated[
        Path,
        typer.Argument(
            metavar="OUT",
            help="File to write; its suffix picks the format (.yaml .bif .xml "
            ".xmlbif .net .xdsl .uai, optionally + .gz).",
            show_default=False,
            dir_okay=False,
        ),
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="FORMAT",
            help="Write this format whatever the suffix: yaml, bif, xmlbif, net, xdsl or uai.",
        ),
    ] = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Convert a model between YAML, BIF, XMLBIF, Hugin NET, GeNIe XDSL and UAI.

    Written atomically; prints what the format cannot hold (docs/formats.md).

    Example: scenarios convert models/khorasan.yaml khorasan.net
    """
    from scenarios.io.formats import format_for, save_model
    from scenarios.render.model import conversion_report

    loaded = resolve_model(source)
    written = save_model(loaded, target, format_for(target, to))
    emit(conversion_report(loaded, str(target), written), format, output)


class Picture(StrEnum):
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"
    png = "png"


class Layout(StrEnum):
    auto = "auto"
    graphviz = "graphviz"
    builtin = "builtin"


@app.command()
def graph(
    model: ModelArg = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    format: Annotated[
        Picture,
        typer.Option(
            "--format",
            "-f",
            help="dot and mermaid are text; svg is drawn by Graphviz when "
            "installed, else by this tool; png needs Graphviz and --output.",
        ),
    ] = Picture.dot,
    layout: Annotated[
        Layout,
        typer.Option(
            help="For svg: Graphviz's layout, the built-in one, or Graphviz when installed."
        ),
    ] = Layout.auto,
    output: OutputOpt = None,
) -> None:
    """Draw the network, drivers, mediators and outcomes grouped.

    With -e or --do, nodes are coloured by how far they move (orange: up, blue: down).

    Example: scenarios graph -e is_funding=high -f svg -o khorasan.svg
    """
    from scenarios.io import graphviz
    from scenarios.render.graph import node_views, to_dot, to_mermaid

    loaded = resolve_model(model)
    ev = evidence_from(evidence, do)
    views = node_views(loaded)
    if ev.observed or ev.do:
        from scenarios.engine import Engine

        engine = Engine(loaded)
        views = node_views(
            loaded, engine.query({}).posteriors, engine.query(ev).posteriors, {*ev.observed, *ev.do}
        )
    if format is Picture.png and output is None:
        raise typer.BadParameter("PNG is binary: give --output FILE.png", param_hint="--output")
    use_dot = layout is Layout.graphviz or (layout is Layout.auto and graphviz.available())
    if format is Picture.mermaid:
        data = to_mermaid(loaded, views).encode() + b"\n"
    elif format is Picture.svg and not use_dot:
        from scenarios.render.svg import to_svg

        data = to_svg(loaded, views).encode()
    elif format in (Picture.svg, Picture.png):
        data = graphviz.render(to_dot(loaded, views), format.value)
    else:
        data = to_dot(loaded, views).encode()
    write_bytes(data, output)


def write_bytes(data: bytes, output: Path | None) -> None:
    """To ``output`` atomically, or to stdout."""
    if output is None:
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(
            data.decode("utf-8")
        )
        sys.stdout.flush()
        return
    from scenarios.io.atomic import atomic_write_bytes

    atomic_write_bytes(output, data)
