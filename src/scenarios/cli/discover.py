"""``scenarios discover``: the driver conditions under which an outcome of concern holds,
in an ensemble's results (PRIM)."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.discover import discover as find_box
from scenarios.analysis.discover import options_across, parse_concern
from scenarios.cli.options import Output, command, output_options
from scenarios.cli.output import emit, stage_progress
from scenarios.core.errors import QueryError
from scenarios.io.ensemble_files import read_results
from scenarios.render.discover import discover_report, options_sections, options_to_dict
from scenarios.render.plot import tradeoff_chart


@command(epilog="RESULTS is a folder written by scenarios ensemble -o RESULTS.")
@click.argument(
    "folder", metavar="RESULTS", type=click.Path(file_okay=False, exists=True, path_type=Path)
)
@click.option(
    "--target",
    "-t",
    required=True,
    metavar="VAR=STATE>P",
    help="The outcome of concern: a target state's probability against a threshold, e.g. "
    "'defection_rate=high>0.5' (also <, <=, >=).",
)
@click.option(
    "--density",
    type=float,
    default=0.8,
    show_default=True,
    help="PRIM peels until this share of a box's members holds the statement.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also draw the peeling trade-off (coverage against density) to FILE (.png, .pdf or .svg).",
)
@click.option(
    "--satisfy",
    type=float,
    metavar="U",
    help="With decisions in the model: also the share of members in which each option's "
    "expected utility reaches U.",
)
@output_options
def discover(
    folder: Path,
    target: str,
    density: float,
    plot: Path | None,
    satisfy: float | None,
    out: Output,
) -> None:
    """Scenario discovery: the driver conditions under which an outcome of concern holds (PRIM).

    From an ensemble's members, the box of driver states (or belief ranges) inside which
    the statement holds in most members (density) and which keeps most of the members where
    it holds (coverage), with the peeling trade-off between the two.
    """
    if not 0 < density <= 1:
        raise QueryError(f"--density {density:g}: give a share above 0 and at most 1")
    concern = parse_concern(target)
    with stage_progress("Scenario discovery", 2) as stage:
        stage("reading the results")
        header, columns = read_results(folder)
        drivers = list(header.get("spec", {}).get("vary", []))
        stage("peeling (PRIM, ema-workbench)")
        found = find_box(columns, drivers, concern, density)
    if plot is not None:
        emit(tradeoff_chart(plot, found), Output(path=plot))
    report = discover_report(found, str(folder))
    options = options_across(columns, satisfy)
    if options:
        report.sections += options_sections(options, satisfy)
        report.data["options"] = options_to_dict(options)
    emit(report, out)
