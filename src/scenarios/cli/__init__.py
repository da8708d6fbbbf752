"""Command-line entry point. ``main(argv)`` returns an exit code: 0 ok, 1 a check failed, 2 bad
input, 130 interrupted (Ctrl-C), 128 + N another signal N. Every error a user can cause is
printed as a message, never as a traceback."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click
from rich.console import Console
from rich.text import Text

from scenarios.cli.app import app
from scenarios.core import collector, limits
from scenarios.core.errors import Diagnostic, ModelError, ScenariosError
from scenarios.core.inputs import forget_inputs
from scenarios.render.diagnostics import diagnostics_text, one_line

try:
    import resource
except ImportError:  # not POSIX: the process is not capped
    resource = None  # type: ignore[assignment]

CAUGHT_SIGNALS = ("SIGTERM", "SIGHUP")


class Terminated(BaseException):
    """A signal asking the process to end: raised where the program is, so that every
    ``finally`` and cleanup runs (no temporary file survives). Exit code 128 + the signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def main(argv: list[str] | None = None) -> int:
    """Run the ``scenarios`` CLI with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    forget_inputs()
    try:
        with _signals_raise():
            result = app(args=argv, prog_name="scenarios", standalone_mode=False)
    except Terminated as exc:
        sys.stderr.write(f"terminated by {signal.Signals(exc.signum).name}\n")
        return exc.exit_code
    except MemoryError:
        sys.stderr.write(f"error: {out_of_memory()}\n")
        return 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return 2
    except (click.Abort, KeyboardInterrupt):  # Ctrl-C: the shell's convention, 128 + SIGINT
        sys.stderr.write("aborted\n")
        return 130
    except ModelError as exc:
        _print_error(exc.diagnostics, exc.unlisted)
        return exc.exit_code
    except ScenariosError as exc:
        if str(exc):
            _print_error(str(exc))
        return exc.exit_code
    return result if isinstance(result, int) else 0


@contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` (SIGINT already raises
    KeyboardInterrupt); the previous handlers come back afterwards. Only the main thread can
    set handlers; elsewhere (a test runner's worker) nothing changes."""
    previous = {}
    try:
        for name in CAUGHT_SIGNALS:
            number = getattr(signal, name, None)
            if number is not None:
                previous[number] = signal.signal(number, _raise_terminated)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _raise_terminated(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


def _print_error(problem: str | list[Diagnostic], unlisted: int = 0) -> None:
    console = Console(stderr=True, highlight=False, emoji=False)
    if isinstance(problem, str):
        console.print(Text.assemble(("error: ", "bold red"), one_line(problem)), soft_wrap=True)
    else:
        console.print(diagnostics_text(problem, unlisted=unlisted), soft_wrap=True, end="")


INTERPRETER_MB = 512  # what Python and the libraries take before any table (130-170 MB seen)


def out_of_memory() -> str:
    """What a MemoryError tells the user: the limit it ran into and what to do."""
    try:
        megabytes = limits.get("memory_mb")
    except ScenariosError as exc:
        return str(exc)
    raised = limits.env_name("memory_mb") in os.environ
    setting = f"{megabytes:,} MB" + ("" if raised else ", the default")
    return (
        f"this command needed more memory than it may take ({limits.env_name('memory_mb')} is "
        f"{setting}, plus {INTERPRETER_MB} MB for the interpreter); ask a smaller question "
        "(fewer targets, variables, draws or cases), or raise the limit with "
        f"{limits.env_name('memory_mb')}=N if the machine has the memory"
    )


def cap_memory() -> None:
    """Bound what the process may allocate (RLIMIT_DATA: its heap and anonymous mappings,
    where every table lives) to the memory limit plus INTERPRETER_MB, so that an allocation
    the checks made before allocating did not foresee is refused as well: it raises
    MemoryError, reported by :func:`main`. A lower limit already set is kept."""
    if resource is None or not hasattr(resource, "RLIMIT_DATA"):
        return
    try:
        wanted = (limits.get("memory_mb") + INTERPRETER_MB) * 2**20
    except ScenariosError:
        return  # the command reports the bad setting
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))


def run() -> None:
    """Console-script entry point: the process's memory capped, the garbage collector paused
    while the command starts (:mod:`scenarios.core.collector`), then the command."""
    collector.pause()
    cap_memory()
    sys.exit(main())
