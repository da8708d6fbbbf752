"""Provenance: the sources a model quotes, and the check that every quote is in them.

A model may list its sources (``sources:``: id, citation, optional text file relative to the
model file). When a source's text file is there, every quote of the model (a variable's
``source:`` and each edge's quote) must occur in one of the texts. The comparison ignores
differences of case, of whitespace, of typographic quotes and apostrophes and of dashes; ``...`` (or
``…``) in a quote stands for words left out, and the pieces must then occur in order within one
paragraph of the source (text between blank lines), each ellipsis standing for at most MAX_GAP
characters: an ellipsis shortens a passage, it does not join sentences from anywhere into a claim
the source does not make. A quote that is not found is reported at its line and column with the
closest sentence of the sources, or, where its pieces are there but too far apart, with the span
they would join.

Example:
    >>> texts = [SourceText("art", "The drawdown dries up income. IS eyes the poppy trade.")]
    >>> find_quote("the drawdown   dries up income", texts) is None
    False
    >>> closest_sentence("IS eyes the opium trade", texts)
    ('art', 'IS eyes the poppy trade.')
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scenarios.core.errors import Problems
from scenarios.core.inputs import remember_input
from scenarios.core.text import is_plain_text
from scenarios.core.yamltree import LocatedDict, LocatedList, Mark, check_unknown_keys
from scenarios.model.records import MAX_SOURCE_BYTES, Source, Splice

_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")  # a blank line
MAX_GAP = 500  # characters one ellipsis may stand for (about three sentences of the article)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")
_TRANSLATE = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‒": "-",
        "−": "-",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class SourceText:
    """The text of one source, as found on disk."""

    id: str
    text: str

    @cached_property
    def normalised(self) -> str:
        return normalise(self.text)

    @cached_property
    def folded(self) -> str:
        return self.normalised.casefold()

    @cached_property
    def paragraphs(self) -> list[str]:
        """Each paragraph (the text between blank lines) as :attr:`folded` has it."""
        return [normalise(p).casefold() for p in _PARAGRAPH.split(self.text) if p.strip()]


def normalise(text: str) -> str:
    """Text compared as a reader would: case kept, whitespace collapsed, typographic quotes,
    apostrophes and dashes made plain.

    >>> normalise("Mullah Omar’s  “long absence” — here")
    'Mullah Omar\\'s "long absence" - here'
    """
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def find_quote(quote: str, texts: list[SourceText]) -> str | None:
    """The id of the first source containing ``quote``: its pieces around ``...`` in order
    within one paragraph, at most MAX_GAP characters apart."""
    pieces = quote_pieces(quote)
    for source in texts:
        if len(pieces) == 1 and pieces[0] in source.folded:
            return source.id
        if len(pieces) > 1 and any(spliced(pieces, p, MAX_GAP) for p in source.paragraphs):
            return source.id
    return None


def quote_pieces(quote: str) -> list[str]:
    """The pieces of ``quote`` around its ellipses, compared as :func:`normalise` and casefold
    leave them."""
    return [p for p in (normalise(x).casefold() for x in _ELLIPSIS.split(quote)) if p]


def spliced(pieces: list[str], text: str, gap: int | None) -> tuple[int, int] | None:
    """The span of ``text`` from the first piece to the last, where the pieces stand in order
    with at most ``gap`` characters (any number with None) between one and the next.

    >>> spliced(["a b", "d"], "a b c d e", 3), spliced(["a b", "e"], "a b c d e", 3)
    ((0, 7), None)
    """
    if not pieces:
        return None
    start = text.find(pieces[0])
    while start >= 0:
        at = start + len(pieces[0])
        for piece in pieces[1:]:
            found = text.find(piece, at)
            if found < 0:
                return None  # not after this start, so not after any later one either
            if gap is not None and found - at > gap:
                break  # its nearest occurrence is too far: try the next start
            at = found + len(piece)
        else:
            return start, at
        start = text.find(pieces[0], start + 1)
    return None


def closest_sentence(quote: str, texts: list[SourceText]) -> tuple[str, str] | None:
    """The source id and sentence most like ``quote`` (by difflib's ratio), or None."""
    best: tuple[float, str, str] | None = None
    wanted = normalise(quote).lower()
    for source in texts:
        for sentence in _SENTENCE_END.split(source.normalised):
            matcher = difflib.SequenceMatcher(None, wanted, sentence.lower(), autojunk=False)
            if matcher.real_quick_ratio() <= (best[0] if best else 0):
                continue
            ratio = matcher.ratio()
            if best is None or ratio > best[0]:
                best = (ratio, source.id, sentence)
    return (best[1], best[2]) if best else None


def read_source(source: Source, base_dir: Path) -> tuple[SourceText | None, str]:
    """The text of ``source`` (read as UTF-8) and '' or, when it cannot be read, None and why
    (its file is where :meth:`Source.located` says)."""
    path, why = source.located(base_dir)
    if path is None:
        return None, why
    if path.exists() and not path.is_file():  # a folder, a FIFO or a device: never read it
        return None, f"its file '{source.file}' is not a regular file"
    try:
        with path.open("rb") as handle:
            remember_input(path)
            data = handle.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            return None, f"its file '{source.file}' is over {MAX_SOURCE_BYTES:,} bytes"
        return SourceText(source.id, data.decode("utf-8-sig")), ""
    except FileNotFoundError:
        return None, f"its file '{source.file}' is not there"
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, f"its file '{source.file}' cannot be read ({reason})"


SOURCE_KEYS = ("id", "citation", "file")


def parse_sources(value: Any, at: Mark, problems: Problems) -> tuple[Source, ...]:
    """The ``sources:`` list: mappings with ``id``, ``citation`` and optionally ``file``."""
    example = 'sources: [{id: article, citation: "Author, Title, 2015", file: article.txt}]'
    if not isinstance(value, LocatedList):
        problems.add("'sources' must be a list of sources", at, hint=f"write e.g. {example}")
        return ()
    out: list[Source] = []
    for item, mark in zip(value, value.marks, strict=True):
        if not isinstance(item, LocatedDict):
            problems.add(
                "a source must be a mapping with 'id' and 'citation'",
                mark,
                hint=f"write e.g. {example}",
            )
            continue
        fields = {}
        check_unknown_keys(item, SOURCE_KEYS, problems, what="source: ")
        for key in SOURCE_KEYS:
            text = item.text(key) if item.get(key) is not None else None  # as written
            if item.get(key) is not None and (
                not text or not text.strip() or not is_plain_text(text)
            ):
                problems.add(
                    f"source: '{key}' must be text",
                    item.value_marks[key],
                    hint="write it as a plain or quoted string",
                )
            elif text is None and key != "file":
                problems.add(f"source: missing '{key}'", mark, hint=f"add '{key}: ...'")
            else:
                fields[key] = text.strip() if text else None
        if fields.get("id") and any(s.id == fields["id"] for s in out):
            problems.add(
                f"source id '{fields['id']}' is used twice",
                item.value_marks["id"],
                hint="give each source its own id",
            )
        elif (source_id := fields.get("id")) and (citation := fields.get("citation")):
            out.append(Source(source_id, citation, fields.get("file")))
    return tuple(out)


@dataclass(frozen=True)
class Quote:
    """A quote of the model file: its text, where it stands and what it is attached to."""

    text: str
    mark: Mark
    variable: str
    edge: str | None = None  # the parent, for the quote of an edge


def check_quotes(
    quotes: list[Quote],
    sources: tuple[Source, ...],
    base_dir: Path,
    problems: Problems,
    warnings: Problems,
) -> tuple[Splice, ...]:
    """Every quote must be in the text of a source that has one; sources whose text cannot be
    read are warnings (their quotes are then not checked). Returns the quotes with an ellipsis
    that were found, each with the passage it stands for."""
    texts = []
    for source in sources:
        text, why = read_source(source, base_dir)
        if text is None and source.file:
            warnings.add(
                f"quotes are not checked against source '{source.id}': {why}",
                hint="put the source's text file beside the model, or fix 'file:'",
            )
        elif text is not None:
            texts.append(text)
    if not texts:
        return ()
    found: list[Splice] = []
    for quote in quotes:
        if (where := find_quote(quote.text, texts)) is not None:
            found += _splice(quote, next(t for t in texts if t.id == where))
            continue
        what = f"the quote of edge {quote.edge} -> {quote.variable}" if quote.edge else "the quote"
        if stretched := _stretched(quote.text, texts):
            problems.add(
                f"{what} joins words that stand too far apart in source '{stretched[0]}' "
                f"(an ellipsis stands for at most {MAX_GAP} characters of one paragraph): it "
                f'would splice "{stretched[1]}"',
                quote.mark,
                quote.variable,
                "quote one passage where it stands, or state the link as an 'assumption:'",
            )
            continue
        close = closest_sentence(quote.text, texts)
        hint = (
            (
                f"the closest sentence (source '{close[0]}') is \"{_shorten(close[1])}\"; copy "
                "the words as the source has them, or state the link as an 'assumption:'"
            )
            if close
            else "copy the words as the source has them"
        )
        problems.add(f"{what} is not in the sources", quote.mark, quote.variable, hint)
    return tuple(found)


def _splice(quote: Quote, source: SourceText) -> list[Splice]:
    """The quote's splice, when it has an ellipsis (none otherwise)."""
    pieces = quote_pieces(quote.text)
    passage = _passage(pieces, source) if len(pieces) > 1 else None
    if passage is None:
        return []
    omitted = max(len(passage) - sum(len(p) for p in pieces), 0)
    mark = quote.mark
    return [
        Splice(
            quote.variable, quote.edge or "", source.id, passage, omitted, mark.line, mark.column
        )
    ]


def _stretched(quote: str, texts: list[SourceText]) -> tuple[str, str] | None:
    """Where an ellipsis quote's pieces do stand in order but too far apart: the source and
    the span they would join (its ends, and how much lies between)."""
    pieces = quote_pieces(quote)
    if len(pieces) < 2:
        return None
    for source in texts:
        if span := spliced(pieces, source.folded, None):
            text = source.folded[span[0] : span[1]]
            if len(text) <= 160:
                return source.id, text
            head, tail = text[:70].rsplit(" ", 1)[0], text[-70:].split(" ", 1)[-1]
            between = len(text) - len(head) - len(tail)
            return source.id, f"{head} [... {between:,} characters ...] {tail}"
    return None


def _passage(pieces: list[str], source: SourceText) -> str | None:
    """The passage of one paragraph of ``source`` that ``pieces`` span, its case kept where
    folding left the paragraph's length unchanged."""
    for paragraph in _PARAGRAPH.split(source.text):
        kept = normalise(paragraph)
        folded = kept.casefold()
        span = spliced(pieces, folded, MAX_GAP)
        if span is not None:
            shown = kept if len(kept) == len(folded) else folded
            return shown[span[0] : span[1]]
    return None


def _shorten(sentence: str, limit: int = 160) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
