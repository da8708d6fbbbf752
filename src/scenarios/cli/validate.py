"""``scenarios validate``: ok, or every problem of a model file located; warnings fail it with
--strict."""

from __future__ import annotations

import click
from rich.text import Text

from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    ModelSource,
    Output,
    command,
    model_options,
    output_options,
)
from scenarios.cli.output import emit, stderr_console
from scenarios.core.errors import CheckFailed, ModelError
from scenarios.render.diagnostics import diagnostics_text
from scenarios.render.model import model_summary
from scenarios.render.validate import SPLICE_FIX, splice_message, validate_report


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
        if out.format == "table" and out.path is None:
            raise
        emit(validate_report(exc.diagnostics, None), out)
        raise click.exceptions.Exit(ModelError.exit_code) from None
    where = loaded.path or ""
    report = validate_report([], loaded.name, loaded.warnings, loaded.splices, where)
    if out.format == "table":
        if loaded.warnings:
            stderr_console().print(diagnostics_text(list(loaded.warnings), "warning"), end="")
        report.view = Text(
            f"ok: {loaded.path} ({model_summary(loaded)}"
            + (f", {len(loaded.warnings)} warning(s))" if loaded.warnings else ")")
        )
        for s in loaded.splices:
            report.view.append(f"\nspliced: {where}:{s.line}:{s.column}: ", style="cyan")
            report.view.append(f"{splice_message(s)}. {SPLICE_FIX}", style="dim")
    emit(report, out)
    if source.strict and loaded.warnings:
        raise CheckFailed()
