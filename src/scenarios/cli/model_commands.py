"""The model commands: show, validate, query, cpt. Each reads: resolve inputs -> compute ->
report -> emit (one output path, :func:`scenarios.cli.output.emit`).

Only user-facing concerns live here (arguments, output format, exit codes); the work is done
by the io, engine, analysis and render packages. pgmpy is never imported on these paths.
"""

from __future__ import annotations

import click
from rich.text import Text

from scenarios.analysis.journal import load_journal
from scenarios.analysis.uncertainty import IntervalResult, posterior_intervals
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    OutputFormat,
    command,
    findings_options,
    intervals_options,
    model_options,
    negligible_option,
    output_options,
    source_options,
)
from scenarios.cli.output import draw_progress, emit, stderr_console
from scenarios.core.errors import CheckFailed, ModelError, QueryError
from scenarios.engine import Engine
from scenarios.engine.observation import observe
from scenarios.model.evidence import Evidence, parse_evidence
from scenarios.model.schema import Model
from scenarios.render.cells import small_probability
from scenarios.render.describe import cpt_report, model_report
from scenarios.render.diagnostics import diagnostics_text
from scenarios.render.model import model_summary, model_tree, validation_report
from scenarios.render.query import query_report


@command(takes_model=True)
@model_options
@output_options
def show(
    source: ModelSource,
    out: Output,
) -> None:
    """Show variables, states, parents and the source quotes behind them."""
    loaded = open_model(source)
    report = model_report(loaded)
    report.view = model_tree(loaded)
    emit(report, out)


@command(takes_model=True)
@model_options
@output_options
def validate(
    source: ModelSource,
    out: Output,
) -> None:
    """Check a model file: print 'ok' or every problem (file:line:column), exit 2 on errors.

    Quotes are checked against the text files of the model's sources. Warnings (a driver with
    parents, a link with neither a quote nor an assumption, a source file that is not there)
    go to stderr and do not fail the check unless --strict is given; with --strict the check
    also exits 1 when there are warnings (for a modeler's CI).
    """
    try:
        loaded = open_model(source)
    except ModelError as exc:
        if out.format is OutputFormat.table and out.path is None:
            raise
        emit(validation_report(exc.diagnostics, None), out)
        raise click.exceptions.Exit(ModelError.exit_code) from None
    report = validation_report([], loaded.name, loaded.warnings)
    if out.format is OutputFormat.table:
        if loaded.warnings:
            stderr_console().print(diagnostics_text(list(loaded.warnings), "warning"), end="")
        report.view = Text(
            f"ok: {loaded.path} ({model_summary(loaded)}"
            + (f", {len(loaded.warnings)} warning(s))" if loaded.warnings else ")")
        )
    emit(report, out)
    if source.strict and loaded.warnings:
        raise CheckFailed()


@command(takes_model=True)
@model_options
@findings_options
@click.option(
    "--target",
    "-t",
    multiple=True,
    metavar="VAR",
    help="A variable to report; repeat for several. Default: the model's outcomes "
    "(all variables if it declares no roles).",
)
@click.option("--all", "-a", "all_variables", is_flag=True, help="Report every variable.")
@intervals_options(
    "Add the mean and a credible interval of each posterior over Dirichlet draws of every CPT "
    "(confidence: in the model; default 20)."
)
@negligible_option
@click.option(
    "--words",
    is_flag=True,
    help="Add each posterior in words, on the ICD 203 yardstick (likely, very unlikely, ...).",
)
@output_options
def query(
    source: ModelSource,
    findings: Findings,
    target: tuple[str, ...],
    all_variables: bool,
    intervals: bool,
    draws: int,
    level: float,
    seed: int | None,
    negligible: float,
    words: bool,
    out: Output,
) -> None:
    """Posterior of each target given the evidence, next to its prior."""
    loaded = open_model(source)
    ev = evidence_from(findings, loaded)
    targets = loaded.names if all_variables else (list(target) or default_targets(loaded))
    engine = Engine(loaded)
    result = engine.query(ev, targets)
    spread = intervals_with_progress(engine, ev, targets, draws, level, seed) if intervals else None
    prior = engine.query({}, targets)
    report = query_report(loaded, result, prior, spread, negligible, words)
    emit(report, out, context_of(loaded, ev, engine))


@command(takes_model=True)
@click.argument("arguments", nargs=-1, required=True, metavar="[MODEL] VAR")
@source_options
@output_options
def cpt(
    arguments: tuple[str, ...],
    source: ModelSource,
    out: Output,
) -> None:
    """Print the full CPT of VAR as its builder produced it, one row per parent combination.

    Example: scenarios cpt defection_rate --format csv
    """
    if len(arguments) > 2:
        raise click.BadParameter("give at most a model and a variable", param_hint="[MODEL] VAR")
    model, variable = (arguments[0] if len(arguments) == 2 else None), arguments[-1]
    loaded = open_model(source._replace(reference=model))
    emit(cpt_report(loaded, loaded.variable(variable)), out)


def evidence_from(findings: Findings, model: Model) -> Evidence:
    """The findings of ``-e`` and ``--do`` options on top of the journal's (``--journal``,
    ``--as-of``), parsed and checked against ``model``; a warning on stderr for each ``-e``
    soft finding that is hard evidence in effect."""
    given = parse_evidence(findings.evidence, findings.do)
    evidence = given
    if findings.journal is not None:
        evidence = load_journal(findings.journal).evidence(findings.as_of).merged(given)
    elif findings.as_of is not None:
        raise QueryError("--as-of reads an evidence journal: add --journal FILE")
    observe(model, evidence)  # names and likelihoods: a QueryError, never a warning first
    for name, state in evidence.do.items():
        model.variable(name).check_state(state)
    for name, state in given.hard_in_effect().items():
        numbers = ",".join(f"{s}:{v:g}" for s, v in given.soft[name].items())
        stderr_console().print(
            Text.assemble(
                ("warning: ", "bold yellow"),
                f"-e '{name}~{numbers}' is hard evidence: a likelihood for '{state}' alone "
                f"gives the other states 0, the same as -e {name}={state}. To say how sure you "
                f"are, state a belief: -e '{name}:={state}:0.8,OTHER:0.2'; to weigh a report, "
                f"give every state its likelihood: '{name}~{state}:0.8,OTHER:0.2,...'.",
            ),
            soft_wrap=True,
        )
    return evidence


def context_of(model: Model, evidence: Evidence, engine: Engine | None = None) -> dict[str, str]:
    """What an export's numbers are given: the model (and its file), the evidence in the
    command line's own syntax, and P(evidence) when there is any."""
    context = {"model": model.name + (f" ({model.path})" if model.path else "")}
    context["evidence"] = evidence.describe() or "none"
    if evidence.observed:
        log_p = (engine or Engine(model)).log_probability(evidence)
        context["P(evidence)"] = small_probability(log_p, 6)
    return context


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
