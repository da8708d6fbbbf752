"""The arguments and options the commands share, declared once as click decorators. File
suffixes and format names in the help come from the format registry.

Options that belong together reach a command as one value (:class:`ModelSource`,
:class:`Findings`, :class:`Output`), so that each command's signature says what it asks for.

Example:
    >>> @click.command()
    ... @output_options
    ... def demo(out):
    ...     click.echo(f"{out.format} {out.path}")
    >>> from click.testing import CliRunner
    >>> CliRunner().invoke(demo, ["-f", "csv", "-o", "x.csv"]).output
    'csv x.csv\\n'
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import click

from scenarios.io.formats import FORMATS, NAMES
from scenarios.render.output_formats import OUTPUT_FORMATS, OUTPUT_NAMES

MODEL_SUFFIXES = " ".join(s for f in FORMATS for s in f.suffixes)
FORMAT_TITLES = ", ".join(f.name for f in FORMATS)  # YAML, BIF, ...
MODEL_HELP = (
    f"MODEL is a model file ({MODEL_SUFFIXES}, or .gz of one) or the name of a bundled model; "
    "without it the bundled Khorasan model is used."
)
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


FORMAT_HELP = "Output format: " + "; ".join(f"{f.name}, {f.summary}" for f in OUTPUT_FORMATS) + "."


def command(
    *, takes_model: bool = False, epilog: str | None = None
) -> Callable[[Callable[..., Any]], click.Command]:
    """A command with the shared context (``-h``), help from its docstring, and the meaning
    of MODEL after its options when it reads one (or ``epilog``)."""
    return click.command(context_settings=CONTEXT, epilog=MODEL_HELP if takes_model else epilog)


def stack(*decorators: Decorator) -> Decorator:
    """Several decorators as one, applied so that options list in the order given."""

    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def file_path(**kwargs: Any) -> click.Path:
    return click.Path(dir_okay=False, path_type=Path, **kwargs)


class Day(click.ParamType[datetime.date]):
    """A calendar day written YYYY-MM-DD, as a :class:`datetime.date`."""

    name = "YYYY-MM-DD"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a day written YYYY-MM-DD (e.g. 2015-07-01)", param, ctx)


DAY = Day()


class ModelSource(NamedTuple):
    """MODEL, --from, --strict and --normalize: which model to read, and how."""

    reference: str | None = None
    fmt: str | None = None
    strict: bool = False
    normalize: bool = False
    analysts: Path | None = None  # --analysts: answer with the analysts' pooled model


class Findings(NamedTuple):
    """-e and --do as given on the command line, and the evidence journal read under them
    (--journal, as known on --as-of)."""

    evidence: tuple[str, ...] = ()
    do: tuple[str, ...] = ()
    journal: Path | None = None
    as_of: datetime.date | None = None


def _findings(
    evidence: tuple[str, ...] = (),
    do: tuple[str, ...] = (),
    journal: Path | None = None,
    as_of: datetime.date | None = None,
) -> Findings:
    return Findings(evidence, do, journal, as_of)


class Output(NamedTuple):
    """--format and --output: how to print a result, and where."""

    format: str = "table"  # a name in the output format registry
    path: Path | None = None


def grouped(keyword: str, build: Callable[..., Any], *options: Decorator) -> Decorator:
    """``options`` declared on a command, their values handed to it as one argument
    ``keyword=build(*values)`` (in the order the options are declared)."""
    names: list[str] = []

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            values = [kwargs.pop(name) for name in names]
            return function(*args, **{keyword: build(*values)}, **kwargs)

        decorated = stack(*options)(wrapper)
        params = decorated.__click_params__  # type: ignore[attr-defined]  # set by click
        names[:] = [param.name for param in reversed(params[len(params) - len(options) :])]
        return decorated

    return decorate


from_option = click.option(
    "--from",
    "source_format",
    metavar="FORMAT",
    help=f"Read MODEL as this format, whatever its suffix or content: {NAMES}.",
)
strict_option = click.option(
    "--strict",
    is_flag=True,
    help="Refuse what a reader would change in another tool's file (rows within 1e-4 of 1, "
    "Hugin's tables of counts, float noise within 1e-6 of 0) instead of reading it.",
)
normalize_option = click.option(
    "--normalize",
    is_flag=True,
    help="Divide rows further from 1 than rounding (GeNIe's rows at 0.998) by their sums, "
    "with a note naming each, instead of refusing them.",
)


analysts_option = click.option(
    "--analysts",
    type=click.Path(exists=True, path_type=Path),
    metavar="DIR",
    help="Answer with the analysts' pooled model: their files (DIR/*.yaml, see "
    "docs/analysts.md) pooled linearly with equal weights (scenarios pool for more).",
)


def _source(
    reference: str | None,
    fmt: str | None,
    strict: bool,
    normalize: bool,
    analysts: Path | None = None,
) -> ModelSource:
    if strict and normalize:
        raise click.UsageError("--strict refuses what --normalize reads: give one of them")
    return ModelSource(reference, fmt, strict, normalize, analysts)


source_options = grouped(
    "source",
    lambda fmt, strict, normalize, analysts: _source(None, fmt, strict, normalize, analysts),
    from_option,
    strict_option,
    normalize_option,
    analysts_option,
)
model_options = grouped(
    "source",
    _source,
    click.argument("model", required=False, metavar="[MODEL]"),
    from_option,
    strict_option,
    normalize_option,
    analysts_option,
)
output_option = click.option(
    "--output",
    "-o",
    type=file_path(),
    help="Write the output to this file (atomically) instead of stdout.",
)
output_options = grouped(
    "out",
    Output,
    click.option(
        "--format",
        "-f",
        "format",
        type=click.Choice(OUTPUT_NAMES, case_sensitive=False),
        default="table",
        show_default=True,
        help=FORMAT_HELP,
    ),
    output_option,
)
evidence_option = click.option(
    "--evidence",
    "-e",
    multiple=True,
    metavar="FINDING",
    help="A finding; repeat for several. Hard: -e is_funding=high. Soft (likelihoods): "
    "-e 'is_funding~high:0.8,medium:0.2'. Belief (how sure you are): "
    "-e 'is_funding:=high:0.8,medium:0.2'.",
)
journal_option = click.option(
    "--journal",
    type=file_path(),
    metavar="FILE",
    help="Add the findings of this evidence journal (see examples/khorasan-journal.yaml); "
    "findings given with -e, or by a scenario, on the same variables replace them.",
)
as_of_option = click.option(
    "--as-of",
    type=DAY,
    help="With --journal: only the entries dated on or before this day.",
)
findings_options = grouped(
    "findings",
    _findings,
    evidence_option,
    click.option(
        "--do",
        multiple=True,
        metavar="VAR=STATE",
        help="An intervention: force VAR to STATE and cut it from its causes; repeatable.",
    ),
    journal_option,
    as_of_option,
)
observations_option = grouped("findings", Findings, evidence_option)  # -e only, no --do
journal_options = grouped(  # the journal alone, for commands whose findings come from a file
    "findings",
    lambda journal, as_of: _findings((), (), journal, as_of),
    journal_option,
    as_of_option,
)
negligible_option = click.option(
    "--negligible",
    type=click.FloatRange(0, 100),
    default=2.0,
    show_default=True,
    metavar="PP",
    callback=lambda ctx, param, points: points / 100,  # percentage points -> probability
    help="Changes smaller than this many percentage points show as 'negligible'.",
)
wide_option = click.option(
    "--wide",
    is_flag=True,
    help="Keep the one wide table even when the terminal is too narrow for it (by default a "
    "narrower layout is shown then).",
)
targets_option = click.option(
    "--target", "-t", multiple=True, metavar="VAR", help="A variable to report; repeatable."
)


def outcomes_option(otherwise: str) -> Decorator:
    """-t VAR, repeatable, defaulting to the model's outcomes (``otherwise``: what stands in
    for them in a model that declares no roles)."""
    return click.option(
        "--target",
        "-t",
        multiple=True,
        metavar="VAR",
        help=f"A variable to report; repeat for several. Default: the model's outcomes "
        f"({otherwise} if it declares no roles).",
    )


measure_option = click.option(
    "--target",
    "-t",
    required=True,
    metavar="VAR[=STATE]",
    help="The target: VAR=STATE for a probability, VAR alone for an ordinal variable's "
    "expected level (0 = lowest state, 1 = highest).",
)


def seeded_draws_options(what: str) -> Decorator:
    """--draws (default 2,000; ``what`` they are for) and --seed (default 0: repeatable)."""
    return stack(
        click.option(
            "--draws",
            type=click.IntRange(min=2),
            default=2000,
            show_default=True,
            help=f"Draws of the CPTs {what}.",
        ),
        click.option(
            "--seed",
            type=click.IntRange(min=0),
            default=0,
            show_default=True,
            help="Seed of those draws, 0 or more (the same seed gives the same numbers).",
        ),
    )


def optional_draws_options(what: str) -> Decorator:
    """--draws (default 0: none; ``what`` the share of draws reports) and --seed (none:
    fresh draws each run)."""
    return stack(
        click.option(
            "--draws",
            type=click.IntRange(min=0),
            default=0,
            show_default=True,
            help=f"Also draw every CPT this many times and report {what} (0: no draws; "
            "2000 is plenty).",
        ),
        click.option(
            "--seed", type=click.IntRange(min=0), help="Seed (0 or more), for reproducible draws."
        ),
    )


def intervals_options(what: str, default: bool = False) -> Decorator:
    """--intervals (what it adds: ``what``; on by default where ``default``, then
    --no-intervals turns it off) and the draws, level and seed it takes."""
    flag = (
        click.option("--intervals/--no-intervals", default=True, show_default=True, help=what)
        if default
        else click.option("--intervals", is_flag=True, help=what)
    )
    return stack(
        flag,
        click.option(
            "--draws",
            type=click.IntRange(min=2),
            default=10_000,
            show_default=True,
            help="Draws for --intervals.",
        ),
        click.option(
            "--level",
            type=click.FloatRange(0.01, 0.99),
            default=0.9,
            show_default=True,
            help="Credible level for --intervals.",
        ),
        click.option(
            "--seed",
            type=click.IntRange(min=0),
            help="Seed (0 or more), for reproducible draws.",
        ),
    )


scenario_file_argument = click.argument("scenario_file", metavar="SCENARIO_FILE", type=file_path())


SCENARIO_FILE_HELP = "SCENARIO_FILE is a scenario file (see examples/khorasan-scenarios.yaml)."


journal_argument = click.argument("journal_file", metavar="JOURNAL", type=file_path())
journal_model_option = click.option(
    "--model",
    "on_model",
    metavar="MODEL",
    help="Read the journal through this model (e.g. khorasan-quarterly, which places each "
    "entry in the slice of its date) instead of the one it names.",
)
