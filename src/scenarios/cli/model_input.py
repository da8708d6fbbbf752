"""Opening the model a command names: ``--from`` picks the reader, ``--strict`` refuses the
rows a reader would normalise, and what the reader changed is said on stderr in one note.
Every model the command line reads, named or named by a scenario file or a journal, is kept
once read (:mod:`scenarios.io.model_cache`): :func:`read_model`, :func:`open_scenarios` and
:func:`open_journal` are where it asks for that."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from scenarios.cli.options import ModelSource
from scenarios.cli.output import stderr_console
from scenarios.core.errors import Diagnostic
from scenarios.core.named import lazy_module
from scenarios.io.formats import format_for
from scenarios.io.loading import load_model
from scenarios.io.row_notes import FAR_HINT, SAID
from scenarios.model.schema import Model

if TYPE_CHECKING:  # imported for --analysts, a scenario file, a journal (scenarios.core.named)
    from scenarios.analysis import journal as journals
    from scenarios.analysis import pool as pooling
    from scenarios.analysis.journal import Journal
    from scenarios.io import analyst_file, scenariofile
    from scenarios.io.scenariofile import ScenarioSet
else:
    journals = lazy_module("scenarios.analysis.journal")
    pooling = lazy_module("scenarios.analysis.pool")
    analyst_file = lazy_module("scenarios.io.analyst_file")
    scenariofile = lazy_module("scenarios.io.scenariofile")

SHOWN_VARIABLES = 5


def read_model(source: ModelSource) -> Model:
    """Load MODEL (a file, a bundled name or None) as --from, --strict and --normalize say;
    with --analysts, the analysts' tables pooled into it (linear, equal weights)."""
    fmt = format_for(source.reference or "", source.fmt) if source.fmt else None
    model = load_model(
        source.reference, fmt=fmt, strict=source.strict, normalize=source.normalize, cache=True
    )
    return pooled_with(model, source.analysts)


def pooled_with(model: Model, analysts: Path | None) -> Model:
    """``model`` with the tables of the analysts in the folder ``analysts`` pooled into it
    (linear, equal weights; itself without a folder)."""
    if analysts is None:
        return model
    return pooling.pool(model, analyst_file.read_analysts([analysts], model))


def open_scenarios(path: Path) -> ScenarioSet:
    """A scenario file, the model it names kept once read, as MODEL is (:func:`read_model`)."""
    return scenariofile.load_scenario_file(path, cache=True)


def open_journal(path: Path) -> Journal:
    """An evidence journal, the model it names kept once read, as MODEL is."""
    return journals.load_journal(path, cache=True)


def open_model(source: ModelSource) -> Model:
    """:func:`read_model`, and the reader's notes printed on stderr."""
    return noted(read_model(source))


def noted(model: Model) -> Model:
    """``model``, its notes (a reader's changes, the tables pooled) printed on stderr."""
    for line in note_lines(model.notes):
        stderr_console().print(Text.assemble(("note: ", "bold cyan"), line))
    return model


def note_lines(notes: tuple[Diagnostic, ...]) -> list[str]:
    """One line for each kind of change to rows (how many, in which variables) and one per
    other note (the reader chosen by content, a node left out).

    >>> from scenarios.io.row_notes import ROUNDED_HINT
    >>> rows = [Diagnostic("the row (prior) sums to 1.00003, not 1", "t.net", 3, 1, "a",
    ...                    ROUNDED_HINT)] * 2
    >>> for line in note_lines((*rows, Diagnostic("read as XDSL", "b.xml"))):
    ...     print(line)
    t.net: 2 rows that did not sum to 1 were divided by their sums, in a (--strict refuses them)
    b.xml: read as XDSL
    """
    lines = [f"{n.file}: {n.message}" for n in notes if not n.variable]
    by_rule: dict[str, Counter[str]] = {}
    for note in notes:
        if note.variable:
            by_rule.setdefault(note.hint or "", Counter())[note.variable] += 1
    file = next((n.file for n in notes if n.variable), "")
    for hint, rows in reversed(by_rule.items()):
        names = list(rows)
        shown = ", ".join(names[:SHOWN_VARIABLES]) + (
            f" and {len(names) - SHOWN_VARIABLES} more" if len(names) > SHOWN_VARIABLES else ""
        )
        one, several = SAID.get(hint, ("1 row was changed", "{} rows were changed"))
        count = sum(rows.values())
        what = one if count == 1 else several.format(count)
        refused = "" if hint == FAR_HINT else " (--strict refuses them)"
        lines.insert(0, f"{file}: {what}, in {shown}{refused}")
    return lines
