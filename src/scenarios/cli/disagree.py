"""``scenarios disagree``: each analyst's judgement side by side, and which table's
disagreement moves it most."""

from __future__ import annotations

from scenarios.analysis.disagree import disagree as judged_apart
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    measure_option,
    model_options,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of
from scenarios.core.errors import QueryError
from scenarios.io.analyst_file import read_analysts
from scenarios.model.measures import parse_measure
from scenarios.render.disagree import disagree_report


@command(takes_model=True)
@measure_option
@model_options
@findings_options
@output_options
def disagree(target: str, source: ModelSource, findings: Findings, out: Output) -> None:
    """Where analysts disagree: each one's judgement, and which table's disagreement matters.

    With --analysts DIR: the judgement under the shared model, under each analyst's
    assessment and under their pool; then per table an analyst assessed, the judgement when
    only that table follows each analyst in turn, and its range: the disagreement to settle
    first is the widest.
    """
    if source.analysts is None:
        raise QueryError("disagree compares analysts: give --analysts DIR (docs/analysts.md)")
    shared = open_model(source._replace(analysts=None))
    analysts = read_analysts([source.analysts], shared)
    measure = parse_measure(shared, target)
    engine, question = ask(findings, shared, [measure.variable])
    found = judged_apart(shared, analysts, measure, question.evidence)
    emit(disagree_report(found), out, context_of(shared, question))
