"""Options and helpers shared by the commands: model resolution, evidence, output."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


ModelArg = Annotated[
    str | None,
    typer.Argument(
        help="Model file (.yaml .bif .xml .net .xdsl .uai, or .gz of one) or bundled "
        "model name; default: the Khorasan model.",
        show_default=False,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the output to this file (atomically) instead of stdout.",
        dir_okay=False,
    ),
]
EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        "-e",
        metavar="VAR=STATE|VAR~STATE:L,...",
        help="A finding; repeat for several. Hard: -e is_funding=high. Soft (likelihoods): "
        "-e 'is_funding~high:0.8,medium:0.2'.",
    ),
]
DoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--do",
        metavar="VAR=STATE",
        help="An intervention: force VAR to STATE and cut it from its causes; repeatable.",
    ),
]


DrawsOpt = Annotated[int, typer.Option("--draws", min=2, help="Draws for --intervals.")]
LevelOpt = Annotated[
    float, typer.Option("--level", min=0.01, max=0.99, help="Credible level for --intervals.")
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", min=0, help="Seed (0 or more), for reproducible draws.")
]


def intervals_option(what: str):
    """The ``--intervals`` flag, with help saying what it adds to this command."""
    return Annotated[bool, typer.Option("--intervals", help=what)]


def resolve_model(model: str | None):
    """Load MODEL: a path, a bundled model's name, or (None) the bundled default."""
    from scenarios.model.bundled import resolve_model as resolve

    return resolve(model, Path.cwd())


def evidence_from(evidence: list[str] | None, do: list[str] | None):
    from scenarios.engine.evidence import parse_evidence

    return parse_evidence(evidence or [], do or [])


def emit(report, fmt: Format, output: Path | None = None) -> None:
    """Print a Report in the chosen format, or write it atomically to ``output``."""
    from scenarios.render.report import render_report

    rendered = render_report(report, fmt.value)
    if output is not None:
        from scenarios.io.atomic import atomic_write_bytes

        if not isinstance(rendered, str):
            rendered = to_plain_text(rendered)
        atomic_write_bytes(output, rendered.encode("utf-8"))
        return
    if isinstance(rendered, str):
        sys.stdout.write(rendered)
    else:
        stdout_console().print(rendered)


def emit_renderable(renderable, output: Path | None = None) -> None:
    """Print a rich renderable, or write it as plain text atomically to ``output``."""
    if output is None:
        stdout_console().print(renderable)
        return
    from scenarios.io.atomic import atomic_write_bytes

    atomic_write_bytes(output, to_plain_text(renderable).encode("utf-8"))


def to_plain_text(renderable) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=120, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def stdout_console():
    from rich.console import Console

    return Console(highlight=False)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def draw_progress(draws: int):
    """A callback advancing a rich progress bar on stderr for long runs on a terminal; a no-op
    otherwise (pipes, CI, short runs)."""
    if not sys.stderr.isatty() or draws < 5_000:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("drawing CPTs", total=draws)
        yield lambda n: progress.advance(task, n)
