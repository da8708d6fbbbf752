"""Opening the model a command names: ``--from`` picks the reader, ``--strict`` refuses the
rows a reader would normalise, and what the reader changed is said on stderr in one note."""

from __future__ import annotations

from collections import Counter

from rich.text import Text

from scenarios.cli.options import ModelSource
from scenarios.cli.output import stderr_console
from scenarios.core.errors import Diagnostic
from scenarios.io.formats import format_for
from scenarios.io.loading import load_model
from scenarios.model.schema import Model

SHOWN_VARIABLES = 5


def read_model(source: ModelSource) -> Model:
    """Load MODEL (a file, a bundled name or None) as --from and --strict say."""
    fmt = format_for(source.reference or "", source.fmt) if source.fmt else None
    return load_model(source.reference, fmt=fmt, strict=source.strict)


def open_model(source: ModelSource) -> Model:
    """:func:`read_model`, and the reader's notes printed on stderr."""
    model = read_model(source)
    for line in note_lines(model.notes):
        stderr_console().print(Text.assemble(("note: ", "bold cyan"), line))
    return model


def note_lines(notes: tuple[Diagnostic, ...]) -> list[str]:
    """One line for the rows normalised (how many, in which variables) and one per other
    note (the reader chosen by content).

    >>> rows = [Diagnostic("the row (prior) sums to 100, not 1", "t.net", 3, 1, "a")] * 2
    >>> for line in note_lines((*rows, Diagnostic("read as XDSL", "b.xml"))):
    ...     print(line)
    t.net: 2 rows that did not sum to 1 were divided by their sums, in a (--strict refuses them)
    b.xml: read as XDSL
    """
    rows = Counter(n.variable for n in notes if n.variable)
    lines = [f"{n.file}: {n.message}" for n in notes if not n.variable]
    if rows:
        names = list(rows)
        shown = ", ".join(names[:SHOWN_VARIABLES]) + (
            f" and {len(names) - SHOWN_VARIABLES} more" if len(names) > SHOWN_VARIABLES else ""
        )
        file = next(n.file for n in notes if n.variable)
        count = sum(rows.values())
        what = (
            f"{count} rows that did not sum to 1 were divided by their sums"
            if count != 1
            else "1 row that did not sum to 1 was divided by its sum"
        )
        lines.insert(0, f"{file}: {what}, in {shown} (--strict refuses them)")
    return lines
