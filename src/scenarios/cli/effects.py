"""``scenarios effects``: what each lever does to each outcome, and how sure that is."""

from __future__ import annotations

import click

from scenarios.analysis.effects import effects as lever_effects
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    model_options,
    negligible_option,
    optional_draws_options,
    outcomes_option,
    output_options,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.cli.question import ask, context_of
from scenarios.render.effects import effects_report


@command(takes_model=True)
@model_options
@findings_options
@outcomes_option("the variables without children")
@click.option(
    "--states",
    is_flag=True,
    help="Every state of each outcome as a probability, instead of one measure per outcome.",
)
@optional_draws_options("the share of draws in which each effect keeps its direction")
@negligible_option
@output_options
def effects(
    source: ModelSource,
    findings: Findings,
    target: tuple[str, ...],
    states: bool,
    draws: int,
    seed: int | None,
    negligible: float,
    out: Output,
) -> None:
    """What each lever does to each outcome: do(lowest) against do(highest).

    Levers are the variables the model marks actionable (its drivers if it marks none). Each
    outcome is measured by its expected level (ordinal, 3+ states), P(its highest state) (2
    states) or each state's probability (nominal, or --states). With --draws, the share of
    CPT draws in which each change keeps its direction: how far it rests on the priors.
    """
    loaded = open_model(source)
    outcomes = [n for n in loaded.names if loaded.role_of(n) == "outcome"]  # graph's, if need be
    engine, question = ask(findings, loaded, list(target) or outcomes)
    with draw_progress(draws) as progress:
        found = lever_effects(
            engine, list(question.targets), question, states, draws, seed, progress
        )
    emit(effects_report(found, question.stated, negligible), out, context_of(loaded, question))
