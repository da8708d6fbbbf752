"""The model commands: show, validate, query, cpt. Each reads: resolve inputs -> compute ->
report -> emit (one output path, :func:`scenarios.cli.output.emit`).

Only user-facing concerns live here (arguments, output format, exit codes); the work is done
by the io, engine, analysis and render packages. pgmpy is never imported on these paths.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from scenarios.analysis.uncertainty import IntervalResult, posterior_intervals
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    DoOpt,
    DrawsOpt,
    EvidenceOpt,
    FormatOpt,
    FromOpt,
    LevelOpt,
    ModelArg,
    OutputFormat,
    OutputOpt,
    QueryIntervalsOpt,
    SeedOpt,
    StrictOpt,
)
from scenarios.cli.output import draw_progress, emit, stderr_console
from scenarios.core.errors import CheckFailed, ModelError
from scenarios.engine import Engine
from scenarios.engine.evidence import Evidence, parse_evidence
from scenarios.model.schema import Model
from scenarios.render.analysis import query_report
from scenarios.render.describe import cpt_report, model_report
from scenarios.render.model import diagnostics_text, model_summary, model_tree, validation_report
from scenarios.render.query import query_view


def show(
    model: ModelArg = None,
    source_format: FromOpt = None,
    strict: StrictOpt = False,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Show variables, states, parents and the source quotes behind them."""
    loaded = open_model(model, source_format, strict)
    report = model_report(loaded)
    report.view = model_tree(loaded)
    emit(report, format, output)


def validate(
    model: ModelArg = None,
    source_format: FromOpt = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse rows that do not sum to 1 instead of normalising them, and exit 1 "
            "when there are warnings (for a modeler's CI).",
        ),
    ] = False,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Check a model file: print 'ok' or every problem (file:line:column), exit 2 on errors.

    Quotes are checked against the text files of the model's sources. Warnings (a driver with
    parents, a link with neither a quote nor an assumption, a source file that is not there)
    go to stderr and do not fail the check unless --strict is given.
    """
    try:
        loaded = open_model(model, source_format, strict)
    except ModelError as exc:
        if format is OutputFormat.table and output is None:
            raise
        emit(validation_report(exc.diagnostics, None), format, output)
        raise typer.Exit(ModelError.exit_code) from None
    report = validation_report([], loaded.name, loaded.warnings)
    if format is OutputFormat.table:
        if loaded.warnings:
            stderr_console().print(diagnostics_text(list(loaded.warnings), "warning"), end="")
        report.view = Text(
            f"ok: {loaded.path} ({model_summary(loaded)}"
            + (f", {len(loaded.warnings)} warning(s))" if loaded.warnings else ")")
        )
    emit(report, format, output)
    if strict and loaded.warnings:
        raise CheckFailed()


def query(
    model: ModelArg = None,
    source_format: FromOpt = None,
    strict: StrictOpt = False,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target",
            "-t",
            metavar="VAR",
            help="A variable to report; repeat for several. Default: the model's outcomes "
            "(all variables if it declares no roles).",
        ),
    ] = None,
    all_variables: Annotated[
        bool, typer.Option("--all", "-a", help="Report every variable.")
    ] = False,
    intervals: QueryIntervalsOpt = False,
    draws: DrawsOpt = 10_000,
    level: LevelOpt = 0.9,
    seed: SeedOpt = None,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Posterior of each target given the evidence, next to its prior."""
    loaded = open_model(model, source_format, strict)
    ev = evidence_from(evidence, do)
    targets = loaded.names if all_variables else (target or default_targets(loaded))
    engine = Engine(loaded)
    result = engine.query(ev, targets)
    spread = intervals_with_progress(engine, ev, targets, draws, level, seed) if intervals else None
    prior = engine.query({}, targets)
    report = query_report(loaded, result, prior, spread)
    report.view = query_view(loaded, result, prior, spread)
    emit(report, format, output)


def cpt(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="[MODEL] VAR",
            help="Optional model, then the variable whose CPT to print.",
            show_default=False,
        ),
    ],
    source_format: FromOpt = None,
    strict: StrictOpt = False,
    format: FormatOpt = OutputFormat.table,
    output: OutputOpt = None,
) -> None:
    """Print the full CPT of VAR as its builder produced it, one row per parent combination.

    Example: scenarios cpt defection_rate --format csv
    """
    if len(arguments) > 2:
        raise typer.BadParameter("give at most a model and a variable", param_hint="[MODEL] VAR")
    model, variable = (arguments[0] if len(arguments) == 2 else None), arguments[-1]
    loaded = open_model(model, source_format, strict)
    emit(cpt_report(loaded, loaded.variable(variable)), format, output)


def evidence_from(evidence: list[str] | None, do: list[str] | None) -> Evidence:
    """The findings of ``-e`` and ``--do`` options."""
    return parse_evidence(evidence or [], do or [])


def default_targets(model: Model) -> list[str]:
    """The model's outcomes, or every variable when it declares no roles."""
    outcomes = [v.name for v in model.variables.values() if v.role == "outcome"]
    return outcomes or model.names


def intervals_with_progress(
    engine: Engine,
    evidence: Evidence,
    targets: list[str],
    draws: int,
    level: float,
    seed: int | None,
) -> IntervalResult:
    """Credible intervals of the posteriors, with a progress bar on an interactive terminal."""
    with draw_progress(draws) as progress:
        return posterior_intervals(engine, evidence, targets, draws, level, seed, progress)


COMMANDS = (show, validate, query, cpt)
