"""``scenarios explain``: how far each finding moved the target."""

from __future__ import annotations

from scenarios.analysis.explain import explain as explain_findings
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    findings_options,
    measure_option,
    model_options,
    negligible_option,
    output_options,
)
from scenarios.cli.output import emit
from scenarios.cli.question import ask, context_of
from scenarios.core.errors import QueryError
from scenarios.model.measures import parse_measure
from scenarios.render.explain import (
    explain_report,
)


@command(takes_model=True)
@measure_option
@model_options
@findings_options
@negligible_option
@output_options
def explain(
    target: str,
    source: ModelSource,
    findings: Findings,
    negligible: float,
    out: Output,
) -> None:
    """How much each finding moved the target: the change when it alone is removed."""
    loaded = open_model(source)
    measure = parse_measure(loaded, target)
    engine, question = ask(findings, loaded, [measure.variable])
    if not (question.stated.observed or question.stated.do):
        raise QueryError("explain needs findings to explain: add -e VAR=STATE (or --do)")
    rows = explain_findings(engine, measure, question)
    report = explain_report(measure, rows, question.stated, negligible)
    emit(report, out, context_of(loaded, question))
