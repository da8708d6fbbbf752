"""``scenarios explore``: the interactive what-if explorer (a full-screen Textual app)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scenarios.cli.model_input import open_model, open_scenarios, read_model
from scenarios.cli.options import (
    MODEL_HELP,
    Findings,
    ModelSource,
    command,
    file_path,
    findings_options,
    intervals_options,
    model_options,
)
from scenarios.cli.question import evidence_from
from scenarios.core.errors import QueryError
from scenarios.explore.app import ExplorerApp
from scenarios.explore.display import Draws
from scenarios.explore.session import Session
from scenarios.io.analyst_file import read_analysts


@command(
    epilog="Keys: Enter sets a finding, l likelihoods, b a belief, d do(), x clears, u/U undo "
    "and redo, i intervals, / search, o/w load and save scenarios, c the baseline, R reload, "
    "? every key, q quits. The findings of -e, --do and --journal are there to begin with. "
    + MODEL_HELP
)
@click.option(
    "--scenarios",
    "scenario_file",
    type=file_path(),
    help="A scenario file (its model is used): load its scenarios, read changes against one, "
    "save the evidence on screen as a new one. Created on the first save if missing.",
)
@model_options
@findings_options
@intervals_options("Start with credible intervals shown (i toggles them).")
def explore(
    scenario_file: Path | None,
    source: ModelSource,
    findings: Findings,
    intervals: bool,
    draws: int,
    level: float,
    seed: int | None,
) -> None:
    """An interactive what-if explorer: set findings, watch every variable move.

    The variables grouped as drivers, mediators, indicators and outcomes, each with its
    probabilities as bars and the change against the baseline; a side panel with the
    selected variable's description, states, parents (with the quotes behind them) and CPT.
    Needs a terminal of at least 80x24.
    """
    session = open_session(scenario_file, source, findings)
    if not (sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty()):
        raise QueryError(
            "explore is a full-screen app: run it in a terminal (for a table of posteriors "
            "use 'scenarios query')"
        )
    ExplorerApp(session, Draws(draws, level, seed), intervals).run()


def open_session(scenario_file: Path | None, source: ModelSource, findings: Findings) -> Session:
    """The model (MODEL, or the scenario file's), the scenario file when it exists, and the
    starting evidence; the usual located errors before the screen is taken over."""
    if scenario_file is not None and scenario_file.exists():
        if source.reference is not None:
            raise QueryError(
                f"{scenario_file} names its model: give --scenarios FILE or MODEL, not both"
            )
        scenarios = open_scenarios(scenario_file)
        model = scenarios.model
    else:
        scenarios, model = None, open_model(source)
    evidence = evidence_from(findings, model)
    session = Session(model, scenarios, scenario_file, evidence, reader=lambda: read_model(source))
    if source.analysts is not None and scenarios is None:  # the pooled model: who assessed what
        shared = read_model(source._replace(analysts=None))
        session.analysts = read_analysts([source.analysts], shared)
    return session
