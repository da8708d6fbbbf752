"""Commands that move models between tools and versions: ``convert``, ``graph`` (pictures)
and ``diff``. Format
names and suffixes in the help come from the format registry."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import click

from scenarios.analysis.diff import diff_answers, diff_models
from scenarios.cli.model_commands import evidence_from
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    MODEL_SUFFIXES,
    Findings,
    ModelSource,
    Output,
    command,
    file_path,
    findings_options,
    model_options,
    output_option,
    output_options,
    source_options,
)
from scenarios.cli.output import emit
from scenarios.core.errors import CheckFailed
from scenarios.engine import Engine
from scenarios.io import graphviz
from scenarios.io.formats import NAMES, format_for, save_model
from scenarios.io.scenariofile import load_scenario_file
from scenarios.render.diff import SHOWN_CELLS, diff_report
from scenarios.render.graph import node_views, to_dot, to_mermaid
from scenarios.render.model import conversion_report
from scenarios.render.svg import to_svg


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
    emit(conversion_report(loaded, str(target), written), out)


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
    ev = evidence_from(findings, loaded)
    views = node_views(loaded)
    if ev.observed or ev.do:
        engine = Engine(loaded)
        views = node_views(
            loaded, engine.query({}).posteriors, engine.query(ev).posteriors, {*ev.observed, *ev.do}
        )
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


@command(epilog="Exit code 1 with --exit-code when the models differ (as git diff --exit-code).")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--scenarios",
    "scenario_file",
    type=file_path(),
    help="Also answer this scenario file's scenarios under both models, side by side.",
)
@click.option(
    "-n",
    "--cells",
    type=click.IntRange(min=0),
    default=SHOWN_CELLS,
    show_default=True,
    help="CPT cells to list, largest change first (CSV and JSON carry them all).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when the models differ.")
@source_options
@output_options
def diff(
    old: str,
    new: str,
    scenario_file: Path | None,
    cells: int,
    exit_code: bool,
    source: ModelSource,
    out: Output,
) -> None:
    """What changed between two models: variables, states, edges, CPT cells and quotes.

    OLD and NEW are model files in any supported format (or bundled models).
    """
    before = open_model(source._replace(reference=old))
    after = open_model(source._replace(reference=new))
    found = diff_models(before, after)
    answers = (
        diff_answers(before, after, load_scenario_file(scenario_file)) if scenario_file else None
    )
    emit(
        diff_report(
            old, new, found, answers, cells if out.format.value != "csv" else len(found.cells)
        ),
        out,
    )
    if exit_code and not found.is_empty:
        raise CheckFailed("the models differ")
