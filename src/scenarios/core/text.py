"""Text rules shared by every layer: free text without control characters, and the
"did you mean" suggestion for a misspelt name."""

from __future__ import annotations

import difflib
import re

_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def is_plain_text(text: str) -> bool:
    """Free text (descriptions, quotes, definitions) may hold tabs and line breaks, but no
    other control character: ESC and its kin would reach a terminal raw.

    >>> is_plain_text("two\\nlines"), is_plain_text("red\\x1b[31m")
    (True, False)
    """
    return not _TEXT_CONTROL.search(text)


def plain_text(text: str) -> str:
    """``text`` with every control character but tab and line breaks spelt out (``\\x1b``):
    for text read from other tools' files, which are not refused for it."""
    return _TEXT_CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


QUOTED = 60  # characters of someone's text a message repeats


def quoted(text: str) -> str:
    """Someone's text as a message repeats it: in quotes, and cut (saying how long it was)
    when it is long, so that a pasted page never pushes the reason off the screen.

    >>> quoted("is_funding=high"), quoted("x" * 1000)[-20:]
    ("'is_funding=high'", "' (1,000 characters)")
    """
    if len(text) <= QUOTED:
        return f"'{text}'"
    return f"'{text[: QUOTED - 20]}…{text[-10:]}' ({len(text):,} characters)"


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' Did you mean …?' suffix for a misspelt ``name``, or ''."""
    if len(name) > 4 * max((len(c) for c in choices), default=0) + 10:
        return ""  # nothing is close to a pasted page (and comparing it would take long)
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


_ZERO = re.compile(r"\s*[+-]?(?:0+\.?0*|\.0+)(?:[eE][+-]?\d+)?\s*")
UNDERFLOW = "is below the smallest number a float holds (about 5e-324): it would be read as 0"
UNDERFLOW_FIX = "write 0 if the combination is impossible, else a probability of 1e-300 or more"


def underflows(written: str, value: float) -> bool:
    """Whether a number written as ``written`` (not a zero) was read as ``value`` 0.0: a
    probability like 1e-400, which no reader may silently turn into an impossibility.

    >>> underflows("1e-400", float("1e-400")), underflows("0.0e5", 0.0), underflows("0", 0.0)
    (True, False, False)
    """
    return value == 0.0 and not _ZERO.fullmatch(written)
