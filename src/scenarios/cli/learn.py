"""``scenarios learn``: the model's tables updated by cases, the judgement kept visible."""

from __future__ import annotations

from pathlib import Path

import click
from rich.text import Text

from scenarios.analysis.learn import ImpossibleCases, located, review
from scenarios.analysis.learn import learn as learn_from_cases
from scenarios.analysis.learn_precision import at_carried_precision
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    FORMAT_HELP,
    ModelSource,
    Output,
    command,
    file_path,
    source_options,
)
from scenarios.cli.output import emit, say, stderr_console, step_progress
from scenarios.core.errors import QueryError
from scenarios.io.cases import read_cases
from scenarios.io.formats import format_for
from scenarios.io.model_files import missing_sources, save_model
from scenarios.model.time import canonical, series
from scenarios.render.learn import learn_report
from scenarios.render.output_formats import OUTPUT_NAMES


@command(
    epilog="CASES is CSV: a header of variable names, a state's name per cell, an empty cell "
    "(or NA, ?) where the value is unknown. LEARNED is written as YAML, every description, "
    "quote and definition kept, each learned table with 'learned:' (the cases, and the cases "
    "counted into each row: a row's weight is the confidence plus its count)."
)
@click.argument("reference", metavar="MODEL")
@click.argument("cases_path", metavar="CASES", type=file_path())
@click.option(
    "-o",
    "--output",
    "learned_path",
    type=file_path(),
    required=True,
    metavar="LEARNED",
    help="The learned model to write (.yaml), atomically.",
)
@click.option(
    "--fixed", multiple=True, metavar="VAR", help="Keep VAR's table as judged; repeatable."
)
@click.option("--ignore-extra", is_flag=True, help="Skip columns that are not variables.")
@click.option(
    "--max-iterations",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="EM stops here (and says so) if it has not converged.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0, min_open=True),
    default=1e-6,
    show_default=True,
    help="EM has converged when no table entry moves by more than this in an iteration.",
)
@click.option("--report", is_flag=True, help="Print what each table learned (-f implies it).")
@click.option("--verbose", is_flag=True, help="Log each EM iteration on stderr.")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(OUTPUT_NAMES, case_sensitive=False),
    default=None,
    help=f"Format of the report (implies --report). {FORMAT_HELP}",
)
@source_options
def learn(
    reference: str,
    cases_path: Path,
    learned_path: Path,
    fixed: tuple[str, ...],
    ignore_extra: bool,
    max_iterations: int,
    tolerance: float,
    report: bool,
    verbose: bool,
    fmt: str | None,
    source: ModelSource,
) -> None:
    """Update the model's tables with cases (the tables as a Dirichlet prior, EM for gaps).

    Each table row is a prior worth its confidence in cases; complete cases are counted,
    missing values filled in by EM; each row's weight grows by the cases counted into it.
    Example:
    scenarios learn khorasan examples/khorasan-cases-synthetic.csv -o learned.yaml --report
    """
    if format_for(learned_path, None).name != "YAML":
        raise QueryError(f"{learned_path}: the learned model is written as YAML (.yaml)")
    model = open_model(source._replace(reference=reference))
    fixed = tuple(n for name in fixed for n in series(model, canonical(model, name)))
    cases = read_cases(cases_path, model, ignore_extra, fixed)
    try:
        with step_progress("EM iteration", max_iterations, verbose) as progress:
            learned = learn_from_cases(
                model, cases.codes, max_iterations, tolerance, fixed, progress, cases_path.name
            )
    except ImpossibleCases as exc:
        raise located(exc, cases, model) from None
    save_model(at_carried_precision(learned.model), learned_path, comments_from=model.path)
    for file in missing_sources(learned.model, learned_path):
        stderr_console().print(
            Text.assemble(
                ("note: ", "bold cyan"),
                f"the source text '{file}' is not beside {learned_path}: copy it there (or "
                "write LEARNED in the model's folder) to keep the quotes checked",
            )
        )
    found = learn_report(learned, review(learned), str(cases_path), str(learned_path), cases.empty)
    if report or fmt is not None:
        emit(found, Output(fmt or "table", None))
    else:
        say(found.notes[0])
        if cases.empty:
            say(found.notes[1])
