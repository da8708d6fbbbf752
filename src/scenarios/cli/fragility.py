"""``scenarios fragility``: the table entries a judgement hangs on, and how far each would
have to move to change the conclusion."""

from __future__ import annotations

import click

from scenarios.analysis.fragility import fragility as fragile_entries
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of
from scenarios.core.errors import QueryError
from scenarios.model.measures import parse_target
from scenarios.render.fragility import fragility_report


@command(takes_model=True)
@click.option(
    "--target",
    "-t",
    required=True,
    metavar="VAR=STATE",
    help="The judgement: the probability of this state given the evidence.",
)
@model_options
@findings_options
@click.option(
    "--threshold",
    type=float,
    default=0.5,
    show_default=True,
    help="The conclusion's line: the value of each entry at which the judgement crosses it.",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many entries to list, nearest to changing the conclusion first (0: all).",
)
@output_options
def fragility(
    target: str,
    source: ModelSource,
    findings: Findings,
    threshold: float,
    top: int,
    out: Output,
) -> None:
    """Which table entries a judgement hangs on, and how far each must move to change it.

    For P(VAR=STATE | evidence), every table entry that can move it: the judgement as a
    function of the entry (its row co-varied proportionally), its derivative now, the
    value of the entry at which the judgement crosses --threshold, and the value at which
    another state becomes the most likely; nearest to changing the conclusion first, with
    what each table rests on.
    """
    if not 0 < threshold < 1:
        raise QueryError(f"--threshold {threshold:g}: give a probability between 0 and 1")
    loaded = open_model(source)
    name, state = parse_target(loaded, target)
    if state is None:
        raise QueryError(f"-t {target}: name the state of the judgement, VAR=STATE")
    engine, question = ask(findings, loaded, [name])
    if name in {*question.evidence.hard, *question.evidence.do}:
        raise QueryError(f"'{name}' is observed or set by the evidence: its probability is fixed")
    found = fragile_entries(engine, question, name, state, threshold)
    emit(fragility_report(found, top), out, context_of(loaded, question))
