"""The brace-and-semicolon grammar Netica's DNE and GeNIe's DSL share, read into a tree of
located blocks and assignments that :mod:`scenarios.io.dne` and :mod:`scenarios.io.dsl` then
interpret:

- a block: ``kind [name] { ... };`` (``node Rain { ... };``, ``visual V1 { ... };``);
- an assignment: ``key = value;`` where a value is a word, number or ``"string"``, a
  parenthesised list (entries may be empty: ``(, P2)``; lists nest), or a block
  (``HEADER = { ... };``, ``nodefont = font { ... };``);
- ``//`` and ``/* */`` comments anywhere, also touching a word.

Example:
    >>> tree = parse_braces('bnet N { node A { states = (x, y); probs = ((0.5, 0.5)); }; };',
    ...                     "n.dne", "DNE")
    >>> node = tree.blocks("bnet")[0].blocks("node")[0]
    >>> node.name, words(node.value("states")), numbers_in(node.value("probs"))
    ('A', ['x', 'y'], ['0.5', '0.5'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

from scenarios.io.scanner import Lines, Scanner, Token, fail_at, given_twice

_ESCAPES = {"n": "\n", "t": "\t"}
BRACE_TOKEN = re.compile(
    r"""
    (?P<skip>(?:\s|//[^\n]*|/\*.*?\*/)*)  # what separates tokens
    (?: (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<punct>[{}();=,])
      | (?P<bad>/\*|")
      | (?P<word>(?:[^\s{}();=,"/]|/(?![/*]))+)  # a comment may touch a word
      | $)
""",
    re.VERBOSE | re.DOTALL,
)


@dataclass
class Block:
    """``kind name { items }``: assignments by key (in order) and the blocks inside. A key
    given more than once is kept with every place it was given: reading it is an error
    (:func:`~scenarios.io.scanner.given_twice`), while a key the reader never reads may
    repeat (GeNIe itself writes two ``DOCUMENTATION`` blocks in a node)."""

    kind: str
    name: str | None
    at: int
    values: dict[str, tuple[Any, int]] = field(default_factory=dict)  # key -> (value, offset)
    children: list[Block] = field(default_factory=list)
    repeated: dict[str, list[int]] = field(default_factory=dict)  # lower key -> offsets
    refuse: Any = None  # (key, owner, first offset, offset) -> NoReturn, from the parser

    def blocks(self, kind: str) -> list[Block]:
        return [b for b in self.children if b.kind.lower() == kind.lower()]

    def value(self, key: str) -> Any:
        """A value by key (case-insensitive), None when absent."""
        found = self.entry(key)
        return found[0] if found else None

    def entry(self, key: str) -> tuple[Any, int] | None:
        for name, entry in self.values.items():
            if name.lower() == key.lower():
                again = self.repeated.get(name.lower())
                if again and self.refuse is not None:
                    self.refuse(name, _owner(self), entry[1], again[0])
                return entry
        return None


def parse_braces(text: str, filename: str, fmt: str) -> Block:
    """The whole text as one block (kind ``""``) holding the top-level items."""
    parser = _BraceParser(text, filename)
    parser.FORMAT = fmt
    return parser.body(Block("", None, 0), top=True)


def top_block(text: str, filename: str, fmt: str, kind: str, hint: str) -> Block:
    """The first top-level block of ``kind`` (``bnet``, ``net``); a located error if none."""
    found = parse_braces(text, filename, fmt).blocks(kind)
    if not found:
        fail_at(text, filename, fmt, 0, f"no '{kind} NAME {{ ... }}' block", hint)
    return found[0]


def words(value: Any) -> list[str]:
    """The entries of a flat list (or a single value) as text; empty entries as ''."""
    items = value if isinstance(value, list) else [value]
    return ["" if item is None else _text(item) for item in items]


def numbers_in(value: Any) -> list[str]:
    """Every entry of a (nested) list, flattened, as text; empty entries left out."""
    if isinstance(value, list):
        return [text for item in value for text in numbers_in(item)]
    return [] if value is None else [_text(value)]


def _text(item: Any) -> str:
    if isinstance(item, Token):
        if item.kind == "string":
            joined = re.sub(r"\\\n\s*", "", item.text[1:-1])  # backslash-newline continues
            return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), joined)
        return item.text
    return str(item)


MAX_NESTING = 64  # as in Hugin NET: a table nests one level per parent


def _owner(block: Block) -> str:
    if block.kind == "" and block.name is None:
        return "this block" if block.at else "the file"
    return f"{block.kind} '{block.name}'" if block.name else f"'{block.kind}'"


class _BraceParser(Scanner):
    PATTERN = BRACE_TOKEN
    depth = 0  # lists and blocks open around the value being read

    def refuse_repeat(self, key: str, owner: str, first: int, again: int) -> NoReturn:
        message, hint = given_twice(key, owner, Lines(self.text).at(first)[0])
        fail_at(self.text, self.filename, self.FORMAT, again, message, hint)

    def deeper(self) -> None:
        """One more list or block open; a located error past MAX_NESTING (the parser
        recurses once per level)."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(
                f"lists or blocks nested deeper than {MAX_NESTING} levels",
                self.last,
                "a table nests one level per parent; check the parentheses and braces",
            )

    def body(self, block: Block, top: bool = False) -> Block:
        """Items up to the closing brace (taken) or, at the top, the end of the text."""
        block.refuse = self.refuse_repeat
        if not top:
            self.deeper()
        while True:
            token = self.peek()
            if token is None:
                if top:
                    return block
                self.fail("the file ends inside a block: a '}' is missing")
            if token.text == "}" and token.kind == "punct":
                if top:
                    self.fail("a '}' closes no block", token)
                self.advance()
                self._semicolon()
                self.depth -= 1
                return block
            if token.kind == "punct" and token.text == ";":
                self.advance()
                continue
            self.item(block)

    def item(self, block: Block) -> None:
        token = self.upcoming("a name")
        if token.kind == "punct" and token.text in ",)(":
            self.fail(
                f"expected a name, found '{token.text}': the list before it closed early (one "
                "')' too many) or a ';' is missing",
                token,
            )
        key = self.name("a name")
        nxt = self.upcoming("'=', a name or '{'")
        if nxt.kind == "punct" and nxt.text == "=":
            self.advance()
            value = self.value()
            first = next((k for k in block.values if k.lower() == key.text.lower()), None)
            if first is None:
                block.values[key.text] = (value, key.start)
            else:
                block.repeated.setdefault(first.lower(), []).append(key.start)
            self._semicolon()
            return
        name = None if nxt.text == "{" else self.name("a name").text
        self.expect("{", f" after '{key.text}'")
        block.children.append(self.body(Block(key.text, name, key.start)))

    def value(self) -> Any:
        token = self.upcoming("a value")
        if token.kind == "punct" and token.text == "(":
            self.advance()
            return self.entries()
        if token.kind == "punct" and token.text == "{":
            self.advance()
            return self.body(Block("", None, token.start))
        if token.kind == "punct":
            self.fail(f"expected a value, found '{token.text}'", token)
        self.advance()
        after = self.peek()
        if after is not None and after.kind == "punct" and after.text == "{":
            self.advance()
            return self.body(Block(token.text, None, token.start))
        return token

    def entries(self) -> list[Any]:
        """Entries up to ')' (taken): values, nested lists, None for an empty entry (nothing
        between two commas, or before the first); a trailing comma adds none."""
        out: list[Any] = []
        since_comma = False  # an entry came since '(' or the last ','
        self.deeper()
        while True:
            token = self.upcoming("')'")
            if token.kind == "punct" and token.text == ")":
                self.advance()
                self.depth -= 1
                return out
            if token.kind == "punct" and token.text == ",":
                self.advance()
                if not since_comma:
                    out.append(None)
                since_comma = False
                continue
            out.append(self.value())
            since_comma = True

    def _semicolon(self) -> None:
        token = self.peek()
        if token is not None and token.kind == "punct" and token.text == ";":
            self.advance()
