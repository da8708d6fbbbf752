"""The one output path of the commands: :func:`emit` prints a report (in the chosen format;
a table on stdout shows its first TABLE_ROWS rows) or raw bytes to stdout, or writes them
atomically to ``--output``; consoles for stdout and
stderr honour ``NO_COLOR``; a progress bar for long draws on a terminal."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from scenarios.cli.options import Output
from scenarios.core.errors import OutputError
from scenarios.core.named import lazy_module
from scenarios.render.report import TABLE_ROWS, Report, render_report

if TYPE_CHECKING:  # imported when a file is written, a bar drawn (scenarios.core.named)
    from rich import progress as bars

    from scenarios.io import atomic
else:
    atomic = lazy_module("scenarios.io.atomic")
    bars = lazy_module("rich.progress")

FILE_WIDTH = 120  # a table written to a file is laid out this wide, without colour


TO_STDOUT = Output()  # a table on stdout


def emit(
    content: Report | bytes, out: Output = TO_STDOUT, context: dict[str, str] | None = None
) -> None:
    """Print ``content`` (a Report rendered in ``out.format``, or bytes as they are) to
    stdout, or write it atomically to ``out.path``; ``context`` (model, evidence, P(evidence))
    travels with the report's exports."""
    if context and isinstance(content, Report):
        content = replace(content, context={**context, **content.context})
    output = out.path
    if isinstance(content, bytes):
        _write(content, output)
        return
    rendered = render_report(content, out.format, TABLE_ROWS if output is None else None)
    if isinstance(rendered, str):
        _write(encoded(rendered), output)
    elif output is None:
        with standard_output():
            stdout_console().print(rendered)
    else:
        atomic.atomic_write_bytes(output, encoded(plain_text(rendered)))


def say(line: str) -> None:
    """One line on standard output (what a command did), as :func:`emit` writes."""
    _write(encoded(line + "\n"), None)


def encoded(text: str) -> bytes:
    """UTF-8, with what cannot be (a file name's undecodable bytes, read as lone
    surrogates) written as a backslash escape rather than failing the whole output."""
    return text.encode("utf-8", "backslashreplace")


@contextmanager
def standard_output() -> Iterator[None]:
    """Writing to standard output: a closed one, a full device or a broken pipe is an
    OutputError (exit 2), not a traceback; after one, nothing more is written there."""
    if sys.stdout is None:
        raise OutputError("standard output is closed: write the output with -o FILE")
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the reader left: say nothing more)
    except OSError as exc:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        raise OutputError(
            f"cannot write to standard output: {exc.strerror or exc}; write with -o FILE"
        ) from None


def _write(data: bytes, output: Path | None) -> None:
    if output is not None:
        atomic.atomic_write_bytes(output, data)
        return
    with standard_output():
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:  # a test's captured stdout
            sys.stdout.write(data.decode("utf-8"))


def plain_text(renderable: Any) -> str:
    """A rich renderable as plain text, :data:`FILE_WIDTH` wide."""
    buffer = io.StringIO()
    Console(file=buffer, width=FILE_WIDTH, color_system=None, emoji=False).print(renderable)
    return buffer.getvalue()


def stdout_console() -> Console:
    """The console a report is printed on. Every console here leaves ``:name:`` as written
    instead of making it an emoji (rich's default): no text of ours is one, and text from a
    file must be shown as it is; loading rich's emoji table cost 2 ms of each command."""
    return Console(highlight=False, emoji=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


@contextmanager
def draw_progress(
    draws: int, what: str = "drawing CPTs", least: int = 5_000
) -> Iterator[Callable[[int], None] | None]:
    """A callback advancing a rich progress bar on stderr for runs of at least ``least``
    draws on a terminal; None otherwise (pipes, CI, short runs)."""
    if not sys.stderr.isatty() or draws < least:
        yield None
        return
    with bars.Progress(console=Console(stderr=True, emoji=False), transient=True) as progress:
        task = progress.add_task(what, total=draws)
        yield lambda n: progress.advance(task, n)


@contextmanager
def stage_progress(what: str, stages: int) -> Iterator[Callable[[str], None]]:
    """A callback naming each of ``stages`` stages as it begins, on a progress bar on stderr
    when it is a terminal (nothing otherwise)."""
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    with bars.Progress(console=Console(stderr=True, emoji=False), transient=True) as progress:
        task = progress.add_task(what, total=stages)
        started = [0]

        def begun(stage: str) -> None:
            progress.update(task, completed=started[0], description=f"{what}: {stage}")
            started[0] += 1

        yield begun


@contextmanager
def step_progress(what: str, limit: int, log: bool) -> Iterator[Callable[[int, float], None]]:
    """A callback for each step of an iterative fit (EM): ``what``, the step and its
    objective on a line of stderr with ``log``, and a progress bar (up to ``limit`` steps)
    on a terminal."""
    console = stderr_console()

    def said(step: int, value: float) -> None:
        if log:
            console.print(Text(f"{what} {step}: objective {value:,.6f}"))

    if not sys.stderr.isatty():
        yield said
        return
    with bars.Progress(console=Console(stderr=True, emoji=False), transient=True) as progress:
        task = progress.add_task(what, total=limit)

        def shown(step: int, value: float) -> None:
            said(step, value)
            progress.update(task, completed=step, description=f"{what} {step}: {value:,.2f}")

        yield shown
