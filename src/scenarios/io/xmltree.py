"""A small XML tree that remembers where each element starts, for located errors.

``xml.etree`` keeps no line numbers, so the XMLBIF and XDSL readers use this: expat (which
refuses entity expansion beyond its built-in limits) builds elements with their line and
column. Entity declarations are refused outright: no model file needs them, and they are how
"billion laughs" and external-entity attacks begin.

Example:
    >>> root = parse_xml('<a>\\n  <b x="1">text</b>\\n</a>', "f.xml", "XML")
    >>> b = root.find("b")
    >>> (b.attrib["x"], b.text, b.line, b.column)
    ('1', 'text', 2, 3)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from scenarios.core.errors import Diagnostic, ModelError


@dataclass
class Node:
    """One element: tag, attributes, its own text, children, and where it starts."""

    tag: str
    attrib: dict[str, str]
    line: int
    column: int
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> Node | None:
        return next((c for c in self.children if c.tag == tag), None)

    def findall(self, tag: str) -> list[Node]:
        return [c for c in self.children if c.tag == tag]

    def findtext(self, tag: str) -> str | None:
        found = self.find(tag)
        return None if found is None else found.text


class _EntityDeclared(Exception):
    pass


_LATE_DECLARATION = re.compile(r"\s+(<\?xml[^>]*\?>)")  # blanked: lines and columns stay


def parse_xml(text: str, filename: str, fmt: str, upper: bool = False) -> Node:
    """The root element of ``text``; tags upper-cased when ``upper`` (XMLBIF's tags may be
    written in either case). A ModelError naming the line and column of a syntax error."""
    tree = _TreeBuilder(upper)
    parser = tree.parser
    late = _LATE_DECLARATION.match(text)
    if late:  # whitespace before <?xml: expat refuses it, other tools read such files
        text = text[: late.start(1)] + " " * len(late.group(1)) + text[late.end(1) :]
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        where = (exc.lineno, exc.offset + 1)
        hint = f"check the file against the {fmt} format, or open it in the tool that wrote it "
        raise _located(
            f"cannot read this {fmt} file: {expat.ErrorString(exc.code)}",
            where,
            filename,
            hint + "and save it again",
        ) from None
    except _EntityDeclared:
        where = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        hint = "remove the <!ENTITY ...> declaration: model files do not need entities"
        raise _located(f"this {fmt} file declares an XML entity", where, filename, hint) from None
    return tree.roots[0]


def _located(message: str, where: tuple[int, int], filename: str, hint: str) -> ModelError:
    line, column = where
    return ModelError([Diagnostic(message, file=filename, line=line, column=column, hint=hint)])


class _TreeBuilder:
    """expat's callbacks building :class:`Node` s, each located where its tag opens."""

    def __init__(self, upper: bool):
        self.upper = upper
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True  # one callback per run of text, not one per line
        self.stack: list[Node] = []
        self.roots: list[Node] = []
        self.parts: list[list[str]] = []  # text chunks of each open element, joined at its end
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.EntityDeclHandler = self.entity

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        node = Node(
            tag.upper() if self.upper else tag,
            attrib,
            self.parser.CurrentLineNumber,
            self.parser.CurrentColumnNumber + 1,
        )
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)
        self.parts.append([])

    def end(self, _tag: str) -> None:
        # appending to a str in place was quadratic: the chunks are joined once
        self.stack.pop().text = "".join(self.parts.pop())

    def data(self, chunk: str) -> None:
        if self.parts:
            self.parts[-1].append(chunk)

    def entity(self, *_args: object) -> None:
        raise _EntityDeclared
