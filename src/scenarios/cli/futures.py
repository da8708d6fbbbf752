"""``scenarios futures``: the most probable joint futures, or the most probable explanation."""

from __future__ import annotations

import click

from scenarios.analysis.futures import contrasts, most_likely_futures
from scenarios.analysis.indicators import Future
from scenarios.analysis.uncertainty import future_intervals
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    intervals_options,
    model_options,
    output_options,
    targets_option,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.cli.question import ask, context_of
from scenarios.engine.mpe import most_probable_explanation
from scenarios.model.evidence import Evidence
from scenarios.render.futures import (
    futures_report,
    mpe_report,
)


@command(takes_model=True)
@model_options
@targets_option
@click.option(
    "-k", type=click.IntRange(min=1), default=5, show_default=True, help="How many futures to list."
)
@click.option(
    "--mpe",
    is_flag=True,
    help="The most probable explanation: the single most likely state of every variable.",
)
@click.option(
    "--signposts/--no-signposts",
    default=True,
    show_default=True,
    help="Also list, for each future and the next, the observable finding that most favours "
    "each (needs variables marked observable).",
)
@findings_options
@intervals_options("Each future's credible interval over Dirichlet draws of every CPT.", True)
@output_options
def futures(
    source: ModelSource,
    target: tuple[str, ...],
    k: int,
    mpe: bool,
    signposts: bool,
    findings: Findings,
    intervals: bool,
    draws: int,
    level: float,
    seed: int | None,
    out: Output,
) -> None:
    """The k most probable joint outcomes given the evidence (exact).

    The outcomes default to the model's headline outcomes (marked headline: true; else its
    first three outcomes). Each future is named from its states and put in words, with its
    credible interval (--no-intervals for none) and a warning where neighbours' overlap.
    """
    loaded = open_model(source)
    engine, question = ask(findings, loaded, None if mpe else list(target) or loaded.headlines)
    if mpe:
        explanation = most_probable_explanation(engine, question)
        report = mpe_report(explanation, question.log_probability, question.stated)
        emit(report, out, context_of(loaded, question))
        return

    targets = list(question.targets)
    found = most_likely_futures(engine, targets, k, question)
    spread = None
    if intervals:
        with draw_progress(draws) as progress:
            spread = future_intervals(
                engine, question, targets, [f.states for f in found], draws, level, seed, progress
            )
    pairs = []
    if signposts and loaded.observables:
        numbered = [
            Future(f"#{i}", Evidence(f.states), f.probability) for i, f in enumerate(found, 1)
        ]
        pairs = contrasts(engine, numbered, loaded.observables, question)
    headline = not target
    report = futures_report(loaded, targets, found, question.stated, spread, level, pairs, headline)
    emit(report, out, context_of(loaded, question))
