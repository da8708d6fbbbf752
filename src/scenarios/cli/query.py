"""``scenarios query``: each target's posterior given the evidence, next to its prior (credible
intervals and words on request)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from scenarios.analysis.conflict import conflict
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    intervals_options,
    model_options,
    negligible_option,
    outcomes_option,
    output_options,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.cli.question import ask, context_of, targets_or_outcomes
from scenarios.core.named import lazy_module
from scenarios.engine import Engine
from scenarios.engine.question import Question
from scenarios.render.query import query_report
from scenarios.render.report import Report

if TYPE_CHECKING:  # imported for --intervals and --importance alone (scenarios.core.named)
    from scenarios.analysis import importance as sobol
    from scenarios.analysis import uncertainty
    from scenarios.render import importance as importance_report
else:
    sobol = lazy_module("scenarios.analysis.importance")
    uncertainty = lazy_module("scenarios.analysis.uncertainty")
    importance_report = lazy_module("scenarios.render.importance")


@command(takes_model=True)
@model_options
@findings_options
@outcomes_option("all variables")
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
@click.option(
    "--importance",
    is_flag=True,
    help="With the intervals, which tables' uncertainty they hang on: each table's share of "
    "each posterior's variance over the draws (first-order Sobol index, SALib). Implies "
    "--intervals.",
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
    importance: bool,
    out: Output,
) -> None:
    """Posterior of each target given the evidence, next to its prior."""
    loaded = open_model(source)
    targets = loaded.names if all_variables else targets_or_outcomes(loaded, target)
    engine, question = ask(findings, loaded, targets)
    result = engine.query(question)
    spread = None
    if intervals or importance:
        with draw_progress(draws) as progress:
            spread = uncertainty.posterior_intervals(
                engine, question, targets, draws, level, seed, progress
            )
    prior = engine.query({}, question.targets)
    found = conflict(engine, question.stated)
    report = query_report(loaded, result, prior, spread, negligible, words, found)
    if importance:
        _add_importance(report, engine, question, seed)
    emit(report, out, context_of(loaded, question))


def _add_importance(report: Report, engine: Engine, question: Question, seed: int | None) -> None:
    """The tables each interval hangs on, as sections of ``report`` and in its JSON."""
    targets = list(question.targets)
    with draw_progress(sobol.BASE, "which tables the intervals hang on", least=0) as progress:
        found = sobol.importance(engine, question, targets, seed=seed, progress=progress)
    states = {t: engine.model.variables[t].states for t in targets}
    report.sections = importance_report.importance_sections(found, states)
    report.data["importance"] = importance_report.importance_to_dict(found)
