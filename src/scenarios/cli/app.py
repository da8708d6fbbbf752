"""The ``scenarios`` command line: the typer app and the model commands (show, validate,
query, cpt). Analysis commands live in :mod:`scenarios.cli.analysis`.

Only user-facing concerns live here (arguments, output format, exit codes); the work is done by
the model, engine, analysis and render packages. pgmpy is never imported on these paths.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from scenarios.cli.common import (
    DoOpt,
    DrawsOpt,
    EvidenceOpt,
    Format,
    FormatOpt,
    LevelOpt,
    ModelArg,
    OutputOpt,
    SeedOpt,
    draw_progress,
    emit,
    emit_renderable,
    evidence_from,
    intervals_option,
    resolve_model,
    stderr_console,
    stdout_console,
)
from scenarios.errors import ModelError

app = typer.Typer(
    name="scenarios",
    help="Scenario planning with causal Bayesian networks: ask 'what if' of a YAML model.\n\n"
    "MODEL is a model file (YAML, BIF, XMLBIF, Hugin NET, GeNIe XDSL or UAI, optionally "
    "gzipped) or the name of a bundled model; without it the bundled Khorasan model is used.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@app.command()
def show(
    model: ModelArg = None, format: FormatOpt = Format.table, output: OutputOpt = None
) -> None:
    """Show variables, states, parents and the source quotes behind them."""
    loaded = resolve_model(model)
    if format in (Format.json, Format.csv, Format.markdown):
        from scenarios.io.describe import model_report

        emit(model_report(loaded), format, output)
        return
    from scenarios.render.model import model_tree

    emit_renderable(model_tree(loaded), output)


@app.command()
def validate(
    model: ModelArg = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when there are warnings (for a modeler's CI).")
    ] = False,
) -> None:
    """Check a model file: print 'ok' or every problem (file:line:column), exit 2 on errors.

    Quotes are checked against the text files of the model's sources. Warnings (a driver with
    parents, a link with neither a quote nor an assumption, a source file that is not there)
    go to stderr and do not fail the check unless --strict is given.
    """
    from scenarios.render.model import diagnostics_text, model_summary, validation_report

    try:
        loaded = resolve_model(model)
    except ModelError as exc:
        if format is Format.table and output is None:
            raise
        emit(validation_report(exc.diagnostics, None), format, output)
        raise typer.Exit(2) from None
    if format is Format.table:
        if loaded.warnings:
            stderr_console().print(diagnostics_text(list(loaded.warnings), "warning"), end="")
        emit_renderable(
            f"ok: {loaded.path} ({model_summary(loaded)}"
            + (f", {len(loaded.warnings)} warning(s))" if loaded.warnings else ")"),
            output,
        )
    else:
        emit(validation_report([], loaded.name, loaded.warnings), format, output)
    if strict and loaded.warnings:
        raise typer.Exit(1)


@app.command()
def query(
    model: ModelArg = None,
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
    intervals: intervals_option(
        "Add the mean and a credible interval of each posterior over "
        "Dirichlet draws of every CPT (confidence: in the model; default 20)."
    ) = False,
    draws: DrawsOpt = 10_000,
    level: LevelOpt = 0.9,
    seed: SeedOpt = None,
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Posterior of each target given the evidence, next to its prior."""
    from scenarios.engine import Engine

    loaded = resolve_model(model)
    ev = evidence_from(evidence, do)
    targets = loaded.names if all_variables else (target or default_targets(loaded))
    engine = Engine(loaded)
    result = engine.query(ev, targets)
    spread = (
        posterior_intervals_with_progress(engine, ev, targets, draws, level, seed)
        if intervals
        else None
    )
    if format is Format.json and output is None:
        print_json({**result.to_dict(), **(spread.to_dict() if spread else {})})
        return
    prior = engine.query({}, targets)
    if format is Format.table and output is None:
        from scenarios.render.query import query_view

        stdout_console().print(query_view(loaded, result, prior, spread))
        return
    from scenarios.render.analysis import query_report

    emit(query_report(loaded, result, prior, spread), format, output)


def posterior_intervals_with_progress(engine, evidence, targets, draws, level, seed):
    """Credible intervals, with a progress bar on an interactive terminal."""
    from scenarios.analysis.uncertainty import posterior_intervals

    with draw_progress(draws) as progress:
        return posterior_intervals(engine, evidence, targets, draws, level, seed, progress)


@app.command()
def cpt(
    arguments: Annotated[
        list[str],
        typer.Argument(
            metavar="[MODEL] VAR",
            help="Optional model, then the variable whose CPT to print.",
            show_default=False,
        ),
    ],
    format: FormatOpt = Format.table,
    output: OutputOpt = None,
) -> None:
    """Print the full CPT of VAR as its builder produced it, one row per parent combination.

    Example: scenarios cpt defection_rate --format csv
    """
    if len(arguments) > 2:
        raise typer.BadParameter("give at most a model and a variable", param_hint="[MODEL] VAR")
    model, variable = (None, *arguments) if len(arguments) == 1 else arguments
    loaded = resolve_model(model)
    var = loaded.variable(variable)
    from scenarios.io.describe import cpt_report

    emit(cpt_report(loaded, var), format, output)


def default_targets(model) -> list[str]:
    outcomes = [v.name for v in model.variables.values() if v.role == "outcome"]
    return outcomes or model.names


from scenarios.cli import analysis as _analysis  # noqa: E402,F401  (registers its commands)
from scenarios.cli import interop as _interop  # noqa: E402,F401  (registers its commands)
