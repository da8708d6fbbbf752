"""``scenarios graph``: the network drawn as DOT, Mermaid or SVG."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import click

from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    model_options,
    output_option,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask
from scenarios.io import graphviz
from scenarios.render.graph import node_views, to_dot, to_mermaid
from scenarios.render.svg import to_svg


class Picture(StrEnum):
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"
    png = "png"


class Layout(StrEnum):
    auto = "auto"
    graphviz = "graphviz"
    builtin = "builtin"


@command(takes_model=True)
@model_options
@findings_options
@click.option(
    "--format",
    "-f",
    "format",
    type=click.Choice(Picture, case_sensitive=False),
    default=Picture.dot,
    show_default=True,
    help="dot and mermaid are text; svg is drawn by Graphviz when installed, else by this "
    "tool; png needs Graphviz and --output.",
)
@click.option(
    "--layout",
    type=click.Choice(Layout, case_sensitive=False),
    default=Layout.auto,
    show_default=True,
    help="For svg: Graphviz's layout, the built-in one, or Graphviz when installed.",
)
@output_option
def graph(
    source: ModelSource,
    findings: Findings,
    format: Picture,
    layout: Layout,
    output: Path | None,
) -> None:
    """Draw the network, drivers, mediators and outcomes grouped.

    With -e or --do, nodes are coloured by how far they move (orange: up, blue: down).

    Example: scenarios graph -e is_funding=high -f svg -o khorasan.svg
    """
    loaded = open_model(source)
    engine, question = ask(findings, loaded)
    given = question.stated
    views = node_views(loaded)
    if given.observed or given.do:
        now = engine.query(question).posteriors
        views = node_views(loaded, engine.query({}).posteriors, now, {*given.observed, *given.do})
    if format is Picture.png and output is None:
        raise click.BadParameter("PNG is binary: give --output FILE.png", param_hint="--output")
    use_dot = layout is Layout.graphviz or (layout is Layout.auto and graphviz.available())
    if format is Picture.mermaid:
        data = to_mermaid(loaded, views).encode() + b"\n"
    elif format is Picture.svg and not use_dot:
        data = to_svg(loaded, views).encode()
    elif format in (Picture.svg, Picture.png):
        data = graphviz.render(to_dot(loaded, views), format.value)
    else:
        data = to_dot(loaded, views).encode()
    emit(data, Output(path=output))
