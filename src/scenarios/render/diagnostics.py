"""Problems as a person reads them on stderr: one line each, location first, control
characters spelled out. Kept apart from the model views so that printing an error loads
nothing but rich.

Example:
    >>> one_line("a\\nb")
    'a\\\\nb'
"""

from __future__ import annotations

import re

from rich.text import Text

from scenarios.core.errors import Diagnostic

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def diagnostics_text(
    diagnostics: list[Diagnostic], level: str = "error", unlisted: int = 0
) -> Text:
    """Every diagnostic on its own line, location first, ready for stderr: one problem is one
    line (``error: file:line:column: ...``), several get a count first (with ``unlisted``
    more found than listed, the count of all and a last line saying so). ``level`` is
    'error' or 'warning'."""
    text = Text()
    count = len(diagnostics) + unlisted
    style = "bold red" if level == "error" else "bold yellow"
    if count == 1:
        text.append(f"{level}: ", style=style)
    else:
        noun = "problems" if level == "error" else "warnings"
        listed = f", the first {len(diagnostics):,} listed" if unlisted else ""
        text.append(f"{level}: {count:,} {noun} found{listed}\n", style=style)
    for d in diagnostics:
        text.append(one_line(d.location), style="bold")
        text.append(": " + one_line(str(d)[len(d.location) + 2 :]) + "\n")
    if unlisted:
        text.append(f"... and {unlisted:,} more: fix these, then run again to see the rest\n")
    return text


def one_line(message: str) -> str:
    """Control characters (a newline in a name someone typed) spelled out, so that a message
    stays on its line: ``'a\\nb'``."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)
