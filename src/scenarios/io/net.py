"""Hugin NET text read here, with every error located to line:column.

pgmpy's NET reader takes 140 s to read the
pathfinder network (109 variables), cannot read the ``% parent states`` comments Hugin writes
after every table row, reports no lines, and reads decision and utility nodes as undeclared
names. This reader follows Hugin's NET language for Bayesian networks:

- ``net { ... }``: attributes, of which ``name`` is kept;
- ``node X { states = ("a" "b"); label = "..."; ... }`` (also ``discrete node``): ``label``
  is the description unless the node has this tool's ``scenarios`` notes;
- ``potential (X | P1 P2) { data = (...); }``: numbers with the parents' combinations in
  order (last parent fastest) and the variable's states fastest; parentheses only group;
- ``decision X { states = (...); }`` with ``potential (X | P1 ...) { }`` (its information
  arcs) and ``utility U { }`` with ``potential (U | P1 ...) { data = (...); }`` (a value per
  combination of the parents): an influence diagram (:mod:`scenarios.io.influence_blocks`);
- ``%`` comments; continuous and function nodes and ``class`` files are refused by name and
  line.

Example:
    >>> m = parse_net('net { name = "n"; }\\nnode a { states = ("x" "y"); }\\n'
    ...               'potential (a) { data = (0.25 0.75); % a comment\\n }', "n.net")
    >>> m.name, m.variables["a"].cpt.tolist()
    ('n', [0.25, 0.75])
"""

from __future__ import annotations

import re
from typing import Any

from scenarios.io.assemble import assemble
from scenarios.io.influence_blocks import (
    InfluenceBlocks,
    UtilityBlock,
    first_option_blocks,
    with_influence,
)
from scenarios.io.names import unquoted
from scenarios.io.notes import decode_notes
from scenarios.io.scanner import ProbabilityBlock, Scanner, Token, VariableBlock
from scenarios.model.schema import Model

NET_TOKEN = re.compile(
    r"""
    (?P<skip>(?:\s|,|%[^\n]*)*)  # what separates tokens
    (?: (?P<string>"(?:[^"\\]|\\.)*")  # Hugin's labels may break lines
      | (?P<punct>[{}()=;|])
      | (?P<bad>")
      | (?P<word>[^\s{}()=;|,"%]+)
      | $)
""",
    re.VERBOSE | re.DOTALL,
)
NOT_CHANCE = {"decision", "utility", "continuous", "function"}
NOT_INFLUENCE = {"continuous", "function"}  # what no reader of influence diagrams takes
Value = Token | list[Any]  # a string, a word or a number; or a list[Any] of values


def parse_net(text: str, filename: str) -> Model:
    """A validated :class:`Model` from Hugin NET text; every problem a located ModelError."""
    parsed = _NetParser(text, filename).parse()
    first_option_blocks(parsed, parsed.found)
    return with_influence(assemble(parsed), parsed, parsed.found)


class _NetParser(Scanner):
    """The grammar: a net block, node blocks and potential blocks."""

    FORMAT = "NET"
    PATTERN = NET_TOKEN

    def __init__(self, text: str, filename: str):
        super().__init__(text, filename)
        self.found = InfluenceBlocks()  # decision and utility nodes

    def parse(self) -> _NetParser:
        while (token := self.peek()) is not None:
            self.advance()
            if token.kind == "word" and token.text == "net":
                attributes = self.attributes("the net")
                self.network = _text(attributes.get("name")) or None
            elif token.kind == "word" and token.text in ("node", "discrete", "decision"):
                self.node_block(token)
            elif token.kind == "word" and token.text == "utility":
                name = self.name("a utility's name")
                attributes = self.attributes(f"utility '{unquoted(name.text)}'")
                block = UtilityBlock(unquoted(name.text), name.start)
                block.description = _text(attributes.get("label")).strip()
                self.found.utilities.append(block)
            elif token.kind == "word" and token.text == "potential":
                self.potential_block()
            elif token.kind == "word" and token.text in NOT_INFLUENCE | {"class"}:
                self.refuse(token)
            else:
                self.fail(
                    f"expected 'net', 'node' or 'potential', found '{token.text[:40]}'", token
                )
        return self

    def refuse(self, token: Token) -> None:
        if token.text == "class":
            self.fail(
                "an object-oriented (class) network cannot be read",
                token,
                "in Hugin, save the network as a flat (non-OOBN) .net file",
            )
        name = self.peek()
        if name is not None and name.text == "node":
            self.advance()
            name = self.peek()
        called = f" '{unquoted(name.text)}'" if name is not None else ""
        self.fail(
            f"node{called} is a {token.text} node; only chance nodes with a "
            "probability table can be read",
            token,
            "remove it, or make it a chance node with a table, and save again",
        )

    def node_block(self, keyword: Token) -> None:
        decision = keyword.text == "decision"
        if keyword.text == "discrete":
            kind = self.name("'node'")
            if kind.text in NOT_INFLUENCE | {"utility"}:
                self.refuse(kind)
            decision = kind.text == "decision"
            if kind.text not in ("node", "decision"):
                self.fail(f"expected 'node' after 'discrete', found '{kind.text[:40]}'", kind)
        token = self.name("a node's name")
        name = unquoted(token.text)
        if decision:
            self.found.decisions[name] = token.start
        attributes = self.attributes(f"node '{name}'")
        states = attributes.get("states")
        if (
            not isinstance(states, list)
            or not states
            or any(isinstance(state, list) for state in states)
        ):
            self.fail(
                f"node '{name}' has no list of states",
                token,
                'give it states = ("state1" "state2");',
            )
        labels = [_text(s) for s in states]
        if _text(attributes.get("subtype")) == "interval" and not any(labels):
            labels = self.intervals(attributes.get("state_values"), len(states), token, name)
        notes = decode_notes(_text(attributes.get("scenarios")))
        if "description" not in notes and _text(attributes.get("label")).strip():
            notes["description"] = _text(attributes.get("label")).strip()
        self.variables.append(VariableBlock(name, labels, token.start, notes))

    def intervals(self, values: Value | None, count: int, token: Token, name: str) -> list[str]:
        """An interval node's states named by its ``state_values`` (n + 1 bounds) where Hugin
        left their labels empty: "0 to 18", as Netica names intervals."""
        bounds = [t.text for t in _flat(values)] if isinstance(values, list) else []
        if len(bounds) != count + 1:
            self.fail(
                f"interval node '{name}' has {count} states but {len(bounds)} state values",
                token,
                "give n + 1 state_values for n states",
            )
        return [f"{low} to {high}" for low, high in zip(bounds, bounds[1:], strict=False)]

    def potential_block(self) -> None:
        self.expect("(", " after 'potential'")
        child = self.name("the variable's name")
        parents: list[str] = []
        token = self.take("')'")
        if token.text == "|" and token.kind == "punct":
            while (token := self.take("')'")).text != ")" or token.kind != "punct":
                parents.append(self.word(token, "a parent's name"))
        elif token.text != ")" or token.kind != "punct":
            self.fail(
                "a potential with several variables before '|' is not a conditional "
                "probability table",
                token,
                "write one potential per variable",
            )
        name = unquoted(child.text)
        where = self.upcoming("the potential's attributes")
        attributes = self.attributes(f"the potential of '{name}'")
        data = attributes.get("data")
        utility = next((u for u in self.found.utilities if u.name == name), None)
        if utility is not None:  # one value per combination of the parents, last fastest
            utility.parents = parents
            utility.values = [self.number(t) for t in _flat(data)] if data is not None else []
            utility.values_at = _first(data, where).start if data is not None else where.start
            return
        if data is None and name in self.found.decisions:  # its information arcs only
            self.probabilities.append(ProbabilityBlock(name, parents, child.start))
            return
        if data is None:
            how = " (it is given by an expression)" if "model_data" in attributes else ""
            self.fail(
                f"the potential of '{name}' has no data{how}",
                where,
                "write its table as data = (...);",
            )
        values = [self.number(t) for t in _flat(data)]
        self.probabilities.append(
            ProbabilityBlock(
                name,
                parents,
                child.start,
                table=(values, _first(data, where).start),
                child_fastest=True,
                counts=True,  # Hugin divides each row by its sum: tables may hold counts
            )
        )

    def attributes(self, owner: str) -> _Attributes:
        """``{ key = value; ... }``; the brace, keys and semicolons taken."""
        self.expect("{", f" to open {owner}")
        found = _Attributes(self, owner)
        while not self.closing():
            token = self.take("an attribute")
            key = self.word(token, "an attribute's name")
            self.expect("=", f" after '{key}'")
            found.add(key, self.value(), token)
            self.expect(";", f" after the value of '{key}'")
        return found

    def value(self, depth: int = 0) -> Value:
        token = self.take("a value")
        if token.kind != "punct":
            return token
        if token.text != "(":
            self.fail(f"expected a value, found '{token.text}'", token)
        if depth >= MAX_NESTING:
            self.fail(
                f"lists nested deeper than {MAX_NESTING} levels",
                token,
                "a table nests one level per parent; check the parentheses",
            )
        items: list[Any] = []
        while (nxt := self.peek()) is not None and not (nxt.kind == "punct" and nxt.text == ")"):
            items.append(self.value(depth + 1))
        self.expect(")", " to close the list")
        return items

    def word(self, token: Token, what: str) -> str:
        if token.kind == "punct":
            self.fail(f"expected {what}, found '{token.text}'", token)
        return unquoted(token.text)


MAX_NESTING = 64  # a table nests one level per parent; _flat recurses as deep


class _Attributes(dict[str, Any]):
    """A block's ``key = value;`` attributes. A key given twice is kept with where it was
    given again: reading it is an error (:meth:`Scanner.once`); one never read may repeat."""

    def __init__(self, parser: _NetParser, owner: str):
        super().__init__()
        self.parser, self.owner = parser, owner
        self.tokens: dict[str, Token] = {}
        self.again: dict[str, Token] = {}

    def add(self, key: str, value: Value, token: Token) -> None:
        if key in self:
            self.again.setdefault(key, token)
        else:
            self[key], self.tokens[key] = value, token

    def get(self, key: str, default: Value | None = None) -> Value | None:  # type: ignore[override]
        if key in self.again:
            self.parser.once({key: self.tokens[key].start}, key, self.again[key], self.owner)
        return super().get(key, default)


def _text(value: Value | None) -> str:
    return unquoted(value.text) if isinstance(value, Token) else ""


def _flat(value: Value) -> list[Token]:
    if isinstance(value, Token):
        return [value]
    return [token for item in value for token in _flat(item)]


def _first(value: Value, default: Token) -> Token:
    tokens = _flat(value)
    return tokens[0] if tokens else default
