"""What the BIF and Hugin NET readers share: tokens with offsets, a recursive-descent base
that reports line:column, and the blocks a parser fills in.

Each format's module gives the token pattern (what separates tokens, what a comment is) and
the grammar; :mod:`scenarios.io.assemble` turns the blocks into a model.

Example:
    >>> token = next_token("a, /* note */ { b; }", 1, "f", BIF_TOKEN, "BIF")
    >>> token.text, token.start, token.comma_before
    ('{', 14, True)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple, NoReturn

from scenarios.core.errors import Diagnostic, ModelError
from scenarios.core.text import UNDERFLOW, UNDERFLOW_FIX, underflows

BIF_TOKEN = re.compile(
    r"""
    (?P<skip>(?:\s|,|\||//[^\n]*|/\*.*?\*/)*)  # what separates tokens
    (?: (?P<string>"(?:[^"\\\n]|\\.)*")
      | (?P<punct>[{}()\[\];])
      | (?P<bad>/\*|")
      | (?P<word>(?:[^\s{}()\[\];,|"/]|/(?![/*]))+)  # a comment may touch a word
      | $)
""",
    re.VERBOSE | re.DOTALL,
)
HINT = "check the file against the {fmt} format, or save it again from the tool that wrote it"


class Token(NamedTuple):
    kind: str  # "string", "punct" or "word"
    text: str
    start: int
    end: int
    comma_before: bool  # a comma separated it from the token before
    bar_before: bool = False  # so did a '|' (BIF: between a variable and its parents)


@dataclass
class VariableBlock:
    name: str
    states: list[str]
    at: int  # where its name is
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass
class ProbabilityBlock:
    """One variable's probabilities as written: a whole table, a default row, single rows."""

    child: str
    parents: list[str]
    at: int
    table: tuple[list[float], int] | None = None  # values, where
    default: tuple[list[float], int] | None = None
    rows: list[tuple[list[str], list[float], int]] = field(default_factory=list)
    child_fastest: bool = False  # table order: NET varies the child fastest, BIF slowest
    counts: bool = False  # Hugin: a table of counts or weights, normalised as Hugin does


def next_token(
    text: str, pos: int, filename: str, pattern: re.Pattern[str], fmt: str
) -> Token | None:
    """The token after ``pos`` (None at the end of the text); an unclosed comment or string
    is a located error."""
    match = pattern.match(text, pos)
    if match is None or match.lastgroup in ("skip", None):  # only separators left
        return None
    kind = match.lastgroup
    if kind == "bad":
        what = "comment" if match.group(kind) == "/*" else "quoted name"
        fail_at(
            text,
            filename,
            fmt,
            match.start(kind),
            f"this {what} is never closed",
            f"close it with {'*/' if what == 'comment' else 'a quote on the same line'}",
        )
    skipped = match.group("skip")
    return Token(
        kind, match.group(kind), match.start(kind), match.end(), "," in skipped, "|" in skipped
    )


_PLAIN_NUMBERS = re.compile(r"[0-9.eE+\-,|\s]*")


class Lines:
    """Offsets in a text to (line, column), both 1-based."""

    def __init__(self, text: str):
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """The offset of (line, column), the inverse of :meth:`at`."""
        return self.starts[min(line, len(self.starts)) - 1] + column - 1


@dataclass
class Blocks:
    """What a reader found, for :func:`scenarios.io.assemble.assemble` (a :class:`Scanner`
    has the same fields)."""

    text: str
    filename: str
    network: str | None = None
    variables: list[VariableBlock] = field(default_factory=list)
    probabilities: list[ProbabilityBlock] = field(default_factory=list)


def fail_at(
    text: str, filename: str, fmt: str, offset: int, message: str, hint: str | None = None
) -> NoReturn:
    """A ModelError for a file that breaks its format's grammar, located at ``offset``."""
    refuse_at(
        text, filename, offset, f"not a valid {fmt} file: {message}", hint or HINT.format(fmt=fmt)
    )


def refuse_at(text: str, filename: str, offset: int, message: str, hint: str) -> NoReturn:
    """A ModelError with ``message`` located at ``offset`` of ``text``."""
    line, column = Lines(text).at(offset)
    raise ModelError([Diagnostic(message, file=filename, line=line, column=column, hint=hint)])


def given_twice(key: str, owner: str, first_line: int | None) -> tuple[str, str]:
    """The message and fix for a key, attribute or element that may appear once but is given
    twice: every reader refuses it (one rule for all formats), since the tools that write and
    read these files disagree on which copy counts (some keep the first, some the last)."""
    where = f" (first on line {first_line})" if first_line else ""
    return (
        f"'{key}' is given twice in {owner}{where}",
        "keep one of them: tools disagree on which copy counts",
    )


class Scanner:
    """Recursive-descent helpers over tokens read one at a time; subclasses add a grammar in
    ``parse``."""

    FORMAT = "?"
    PATTERN = BIF_TOKEN

    def __init__(self, text: str, filename: str):
        self.text, self.filename = text, filename
        self.pos = 0  # where the next token is looked for
        self.ahead: Token | None = None  # the next token, once peeked
        self.last: Token | None = None  # the token taken last
        self.network: str | None = None
        self.variables: list[VariableBlock] = []
        self.probabilities: list[ProbabilityBlock] = []

    def once(self, seen: dict[str, int], key: str, token: Token, owner: str) -> None:
        """Record ``key`` (compared as ``seen``'s keys are made) at ``token``; a located
        error when it was given before (:func:`given_twice`)."""
        if key in seen:
            message, hint = given_twice(token.text, owner, Lines(self.text).at(seen[key])[0])
            self.fail(message, token, hint)
        seen[key] = token.start

    def fail(self, message: str, token: Token | None = None, hint: str | None = None) -> NoReturn:
        offset = token.start if token else len(self.text)
        fail_at(self.text, self.filename, self.FORMAT, offset, message, hint)

    def peek(self) -> Token | None:
        if self.ahead is None:
            self.ahead = next_token(self.text, self.pos, self.filename, self.PATTERN, self.FORMAT)
        return self.ahead

    def upcoming(self, what: str) -> Token:
        """The next token, not taken; a located error at the end of the file."""
        token = self.peek()
        if token is None:
            self.fail(f"the file ends where {what} was expected")
        return token

    def advance(self) -> Token:
        """Take the token just peeked (the next one, when none was)."""
        token = self.upcoming("more text")
        self.ahead, self.last = None, token
        self.pos = token.end
        return token

    def take(self, what: str) -> Token:
        self.upcoming(what)
        return self.advance()

    def expect(self, punct: str, what: str | None = None) -> Token:
        token = self.take(f"'{punct}'")
        if token.text != punct or token.kind != "punct":
            self.fail(f"expected '{punct}'{what or ''}, found '{token.text[:40]}'", token)
        return token

    def name(self, what: str) -> Token:
        token = self.take(what)
        if token.kind == "punct":
            self.fail(f"expected {what}, found '{token.text}'", token)
        return token

    def closing(self) -> bool:
        """True (and the brace taken) at a block's closing ``}``."""
        token = self.peek()
        if token is None:
            self.fail("the file ends inside a block: a '}' is missing")
        if token.text == "}" and token.kind == "punct":
            self.advance()
            return True
        return False

    def numbers(self, end: str = ";") -> list[float]:
        """Numbers up to the punctuation ``end`` (taken)."""
        values = self.plain_numbers(end)
        if values is not None:
            return values
        values = []
        while (token := self.take(f"'{end}'")).text != end or token.kind != "punct":
            values.append(self.number(token))
        return values

    def number(self, token: Token) -> float:
        """The token as a probability; a located error when it is not a number, or a
        number so small that it reads as 0 (:func:`~scenarios.core.text.underflows`)."""
        try:
            value = float(token.text)
        except ValueError:
            self.fail(f"'{token.text[:40]}' is not a number", token, "write a probability")
        if underflows(token.text, value):
            self.fail(f"'{token.text[:40]}' {UNDERFLOW}", token, UNDERFLOW_FIX)
        return value

    def plain_numbers(self, end: str) -> list[float] | None:
        """The fast path of :meth:`numbers` for a run of plain numbers and separators (most of
        a large file); None, with nothing taken, when anything else is there."""
        if self.ahead is not None:
            return None
        stop = self.text.find(end, self.pos)
        if stop < 0 or not _PLAIN_NUMBERS.fullmatch(self.text, self.pos, stop):
            return None
        words = self.text[self.pos : stop].replace(",", " ").replace("|", " ").split()
        try:
            values = [float(x) for x in words]
        except ValueError:
            return None  # the token path names the bad one
        if 0.0 in values and any(underflows(w, v) for w, v in zip(words, values, strict=True)):
            return None  # so does it for a number too small to be read
        self.pos = stop + len(end)
        return values
