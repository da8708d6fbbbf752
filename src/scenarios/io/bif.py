"""BIF (the Interchange Format 0.15) text read here, with every error located to line:column.

pgmpy's BIF reader (which :mod:`scenarios.io.foreign` still uses to *write* BIF) cuts the text
into blocks at a ``}`` followed by a newline, so a file whose last brace has no newline after
it, a brace followed by a space, or Windows line ends lose blocks or the whole network; it drops
rows it cannot place (leaving zeros), reports no lines, and takes seconds on a network of a
hundred variables. This reader is a small scanner and parser: whitespace, commas and ``|`` only
separate tokens, comments (``//``, ``/* */``) are skipped, names may be quoted, and each
problem names the line and column where it is.

Reading follows pgmpy's meaning wherever pgmpy reads a file correctly (the tests compare both
on every bundled bnlearn network):

- ``table`` lists every probability with the variable's own state varying slowest (one run
  of parent combinations per state), parents' combinations with the last parent fastest;
- rows ``(s1, s2) p1, p2;`` give one parent combination each; ``default p1, p2;`` fills the
  rows not given; a combination given by none of these is an error (pgmpy fills zeros);
- ``property`` lines are kept only for this tool's own ``scenarios`` notes.

Example:
    >>> m = parse_bif('network n { }\\nvariable a { type discrete [ 2 ] { x, y }; }\\n'
    ...               'probability ( a ) { table 0.25, 0.75; }', "n.bif")
    >>> m.variables["a"].states, m.variables["a"].cpt.tolist()
    (('x', 'y'), [0.25, 0.75])
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple, NoReturn

import numpy as np

from scenarios import limits
from scenarios.errors import Diagnostic, ModelError, Problems
from scenarios.io.formats import decode_notes, row_problem, stem
from scenarios.io.names import decode_name, unquoted
from scenarios.model.schema import Model, Variable, did_you_mean

_TOKEN = re.compile(r"""
    (?P<skip>(?:\s|,|\||//[^\n]*|/\*.*?\*/)*)  # what separates tokens
    (?: (?P<string>"(?:[^"\\\n]|\\.)*")
      | (?P<punct>[{}()\[\];])
      | (?P<bad>/\*|")
      | (?P<word>[^\s{}()\[\];,|"]+)
      | $)
""", re.VERBOSE | re.DOTALL)
HINT = "check the file against the BIF format, or save it again from the tool that wrote it"
DEFAULT_NAMES = {"unknown", "bn_model", "MyNetwork"}


class Token(NamedTuple):
    kind: str  # "string", "punct" or "word"
    text: str
    start: int
    end: int
    comma_before: bool  # a comma separated it from the token before


@dataclass
class VariableBlock:
    name: str
    states: list[str]
    at: int  # where its name is
    notes: dict = field(default_factory=dict)


@dataclass
class ProbabilityBlock:
    child: str
    parents: list[str]
    at: int
    table: tuple[list[float], int] | None = None  # values, where
    default: tuple[list[float], int] | None = None
    rows: list[tuple[list[str], list[float], int]] = field(default_factory=list)


def tokenize(text: str, filename: str) -> list[Token]:
    """The text's tokens; an unclosed comment or string is a located error."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("skip", None):  # separators at the end of the text
            break
        if kind == "bad":
            what = "comment" if match.group(kind) == "/*" else "quoted name"
            _fail(text, filename, match.start(kind), f"this {what} is never closed",
                  f"close it with {'*/' if what == 'comment' else 'a quote on the same line'}")
        tokens.append(Token(kind, match.group(kind), match.start(kind), match.end(),
                            "," in match.group("skip")))
    return tokens


def _position(text: str, offset: int) -> tuple[int, int]:
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def _fail(text: str, filename: str, offset: int, message: str, hint: str = HINT) -> NoReturn:
    line, column = _position(text, offset)
    raise ModelError([Diagnostic(f"not a valid BIF file: {message}", file=filename, line=line,
                                 column=column, hint=hint)])


class _Parser:
    """Recursive descent over the tokens: network, variable and probability blocks."""

    def __init__(self, text: str, filename: str):
        self.text, self.filename = text, filename
        self.tokens = tokenize(text, filename)
        self.at = 0
        self.network: str | None = None
        self.variables: list[VariableBlock] = []
        self.probabilities: list[ProbabilityBlock] = []

    def fail(self, message: str, token: Token | None = None, hint: str = HINT) -> NoReturn:
        offset = token.start if token else len(self.text)
        _fail(self.text, self.filename, offset, message, hint)

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, what: str) -> Token:
        token = self.peek()
        if token is None:
            self.fail(f"the file ends where {what} was expected")
        self.at += 1
        return token

    def expect(self, punct: str, what: str | None = None) -> Token:
        token = self.take(f"'{punct}'")
        if token.text != punct or token.kind != "punct":
            self.fail(f"expected '{punct}'{what or ''}, found '{token.text}'", token)
        return token

    def name(self, what: str) -> Token:
        token = self.take(what)
        if token.kind == "punct":
            self.fail(f"expected {what}, found '{token.text}'", token)
        return token

    def parse(self) -> _Parser:
        while (token := self.peek()) is not None:
            block = {"network": self.network_block, "variable": self.variable_block,
                     "probability": self.probability_block}.get(token.text)
            if block is None or token.kind != "word":
                self.fail(f"expected 'network', 'variable' or 'probability', found "
                          f"'{token.text[:40]}'", token)
            self.at += 1
            block()
        return self

    def network_block(self) -> None:
        self.network = unquoted(self.name("the network's name").text)
        self.expect("{", " after the network's name")
        while not self.closing():
            self.property()

    def closing(self) -> bool:
        """True (and the brace taken) at a block's closing ``}``."""
        token = self.peek()
        if token is None:
            self.fail("the file ends inside a block: a '}' is missing")
        if token.text == "}" and token.kind == "punct":
            self.at += 1
            return True
        return False

    def property(self) -> str:
        """A ``property ...;`` statement's text after the keyword."""
        token = self.take("'property'")
        if token.text != "property":
            self.fail(f"expected 'property' or '}}', found '{token.text[:40]}'", token)
        first = self.peek()
        while (end := self.take("';'")).text != ";" or end.kind != "punct":
            pass
        return self.text[first.start:end.start].strip() if first is not end else ""

    def variable_block(self) -> None:
        token = self.name("a variable's name")
        block = VariableBlock(unquoted(token.text), [], token.start)
        self.expect("{", f" after variable '{block.name}'")
        declared = False
        while not self.closing():
            if self.peek().text == "type":
                self.at += 1
                block.states = self.states(block.name)
                declared = True
                continue
            key, _, value = self.property().partition("=")
            if key.strip() == "scenarios":
                block.notes = decode_notes(value)
        if not declared:
            self.fail(f"variable '{block.name}' has no 'type discrete [ n ] {{ ... }};' line",
                      token, "list its states")
        self.variables.append(block)

    def states(self, variable: str) -> list[str]:
        kind = self.name("'discrete'")
        if kind.text != "discrete":
            self.fail(f"variable '{variable}' is of type '{kind.text}'; only discrete "
                      "variables can be read", kind, "make it discrete")
        self.expect("[")
        count = self.name("the number of states")
        self.expect("]")
        self.expect("{", f" before the states of '{variable}'")
        names = self.group_until("}", None)
        self.expect(";", f" after the states of '{variable}'")
        if not count.text.isdigit() or int(count.text) != len(names):
            self.fail(f"variable '{variable}' declares [ {count.text} ] states but lists "
                      f"{len(names)}", count, "make the number match the list")
        return names

    def group_until(self, close: str, expected: int | None) -> list[str]:
        """Names up to ``close``: split at commas when there are any (so a name may hold
        spaces, as pgmpy reads it), else one name per token (one name when one is expected)."""
        items: list[Token] = []
        while (token := self.take(f"'{close}'")).text != close or token.kind != "punct":
            if token.kind == "punct":
                self.fail(f"expected a name or '{close}', found '{token.text}'", token)
            items.append(token)
        if not items:
            return []
        if not any(t.comma_before for t in items[1:]):
            if expected == 1 and len(items) > 1:
                return [unquoted(self.text[items[0].start:items[-1].end])]
            return [unquoted(t.text) for t in items]
        groups: list[list[Token]] = [[items[0]]]
        for t in items[1:]:
            groups[-1:] = [groups[-1], [t]] if t.comma_before else [groups[-1] + [t]]
        return [unquoted(self.text[g[0].start:g[-1].end]) for g in groups]

    def probability_block(self) -> None:
        self.expect("(", " after 'probability'")
        child = self.name("the variable's name")
        parents = self.group_until(")", None)
        block = ProbabilityBlock(unquoted(child.text), parents, child.start)
        self.expect("{", f" after the probability header of '{block.child}'")
        while not self.closing():
            self.probability_entry(block)
        self.probabilities.append(block)

    def probability_entry(self, block: ProbabilityBlock) -> None:
        token = self.peek()
        if token.kind == "punct" and token.text == "(":
            self.at += 1
            states = self.group_until(")", len(block.parents))
            block.rows.append((states, self.numbers(), token.start))
        elif token.text in ("table", "default") and token.kind == "word":
            self.at += 1
            if getattr(block, token.text) is not None:
                self.fail(f"a second '{token.text}' for '{block.child}'", token,
                          "keep one of them")
            setattr(block, token.text, (self.numbers(), token.start))
        elif token.text == "property":
            self.property()
        else:
            self.fail(f"expected 'table', 'default', '(' or '}}' in the probabilities of "
                      f"'{block.child}', found '{token.text[:40]}'", token)

    def numbers(self) -> list[float]:
        values = []
        while (token := self.take("';'")).text != ";" or token.kind != "punct":
            try:
                values.append(float(token.text))
            except ValueError:
                self.fail(f"'{token.text[:40]}' is not a number", token, "write a probability")
        return values



def parse_bif(text: str, filename: str) -> Model:
    """A validated :class:`Model` from BIF text; every problem is a located ModelError."""
    parser = _Parser(text, filename).parse()
    return _Builder(parser).model()


class _Builder:
    """Blocks to a model: names resolved, tables laid out, every problem collected."""

    def __init__(self, parser: _Parser):
        self.parser, self.text = parser, parser.text
        self.problems = Problems(parser.filename)
        self.starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        self.states: dict[str, list[str]] = {}
        self.with_block: set[str] = set()  # variables with a probability block, good or not

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def model(self) -> Model:
        blocks = self.declared()
        tables = self.tables()
        for name, block in blocks.items():
            if name not in self.with_block:
                self.problems.add("has no probability block", self.at(block.at), name,
                                  f"add 'probability ( {name} ... ) {{ ... }}'")
        self.problems.raise_if_any()
        network = self.parser.network
        name = stem(self.parser.filename) if not network or network in DEFAULT_NAMES \
            else decode_name(network)
        variables = [_variable(block, *tables[block.name]) for block in blocks.values()]
        if len({v.name for v in variables}) < len(variables):
            self.problems.add("two variables have the same name once decoded", None, None,
                              "rename one of them")
            self.problems.raise_if_any()
        return Model(name, {v.name: v for v in variables}, path=self.parser.filename)

    def declared(self) -> dict[str, VariableBlock]:
        blocks: dict[str, VariableBlock] = {}
        for block in self.parser.variables:
            if block.name in blocks:
                self.problems.add("is declared twice", self.at(block.at), block.name,
                                  "remove or rename one of the declarations")
                continue
            if len(set(block.states)) < len(block.states):
                self.problems.add("lists a state twice", self.at(block.at), block.name,
                                  "give every state its own name")
            blocks[block.name] = block
            self.states[block.name] = block.states
        if not blocks:
            self.problems.add("no variables found", None, None,
                              "declare variables and their probability tables")
        return blocks

    def tables(self) -> dict[str, tuple[list[str], np.ndarray]]:
        tables: dict[str, tuple[list[str], np.ndarray]] = {}
        for block in self.parser.probabilities:
            if not self.known(block.child, block.at):
                continue
            if block.child in self.with_block:
                self.problems.add("has two probability blocks", self.at(block.at),
                                  block.child, "remove one of them")
                continue
            self.with_block.add(block.child)
            if not self.parents_ok(block):
                continue
            table = self.table(block)
            if table is not None:
                tables[block.child] = (block.parents, table)
        self.cycle(tables)
        return tables

    def known(self, name: str, offset: int) -> bool:
        if name in self.states:
            return True
        self.problems.add(f"'{name}' is not a declared variable."
                          f"{did_you_mean(name, list(self.states))}",
                          self.at(offset), None, "declare it in a 'variable' block")
        return False

    def parents_ok(self, block: ProbabilityBlock) -> bool:
        ok = all([self.known(p, block.at) for p in block.parents])
        if len(set(block.parents)) < len(block.parents) or block.child in block.parents:
            self.problems.add("names a parent twice, or itself", self.at(block.at),
                              block.child, "list each parent once")
            ok = False
        return ok

    def cycle(self, tables: dict) -> None:
        from scenarios.model.graph import find_cycle

        found = find_cycle({child: parents for child, (parents, _) in tables.items()})
        if found:
            self.problems.add(f"the parents form a cycle: {' -> '.join(found)}", None, None,
                              "a Bayesian network must be acyclic")

    def table(self, block: ProbabilityBlock) -> np.ndarray | None:
        """The block's CPT, shaped (*parent cards, card), rows divided by their sums."""
        card = len(self.states[block.child])
        shape = [len(self.states[p]) for p in block.parents]
        configs = math.prod(shape)
        if configs * card > limits.get("cpt_cells"):
            self.problems.add(limits.refusal("the number of cells of its table", configs * card,
                                             "cpt_cells"), self.at(block.at), block.child)
            return None
        grid = np.zeros((configs, card))
        origin = np.full(configs, -1)  # where each row was given
        if block.table is not None and not self.fill_table(block, grid, origin, configs, card):
            return None
        if not self.fill_rows(block, grid, origin, shape, card):
            return None
        if block.default is not None:
            values, where = block.default
            if not self.counted(values, card, where, block.child, "'default'"):
                return None
            grid[origin < 0], origin[origin < 0] = values, where
        if not self.complete(block, origin, shape):
            return None
        return self.checked(block, grid, origin, shape).reshape(*shape, card)

    def counted(self, values: list, count: int, where: int, child: str, what: str) -> bool:
        if len(values) == count:
            return True
        self.problems.add(f"{what} has {len(values)} probabilities, needs {count}",
                          self.at(where), child, "give one probability per state"
                          + (" and parent combination" if "table" in what else ""))
        return False

    def fill_table(self, block, grid, origin, configs: int, card: int) -> bool:
        values, where = block.table
        if not self.counted(values, configs * card, where, block.child, "'table'"):
            return False
        grid[:] = np.array(values).reshape(card, configs).T
        origin[:] = where
        return True

    def fill_rows(self, block, grid, origin, shape: list[int], card: int) -> bool:
        ok, seen = True, set()
        for states, values, where in block.rows:
            row = self.row_index(block, states, where, shape)
            if row is None or not self.counted(values, card, where, block.child, "this row"):
                ok = False
            elif row in seen:
                self.problems.add(f"the row ({', '.join(states)}) is given twice",
                                  self.at(where), block.child, "remove one of them")
                ok = False
            else:
                seen.add(row)
                grid[row], origin[row] = values, where
        return ok

    def row_index(self, block, states: list[str], where: int, shape: list[int]) -> int | None:
        if len(states) != len(block.parents):
            self.problems.add(f"this row names {len(states)} parent states, but the variable "
                              f"has {len(block.parents)} parents ({', '.join(block.parents)})",
                              self.at(where), block.child, "name one state per parent, in order")
            return None
        positions = []
        for parent, state in zip(block.parents, states, strict=True):
            if state not in self.states[parent]:
                self.problems.add(f"'{state}' is not a state of '{parent}'."
                                  f"{did_you_mean(state, self.states[parent])}",
                                  self.at(where), block.child,
                                  f"use one of: {', '.join(self.states[parent])}")
                return None
            positions.append(self.states[parent].index(state))
        return int(np.ravel_multi_index(positions, shape)) if shape else 0

    def complete(self, block, origin: np.ndarray, shape: list[int]) -> bool:
        missing = np.flatnonzero(origin < 0)
        if missing.size == 0:
            return True
        more = f" (and {missing.size - 1} more)" if missing.size > 1 else ""
        self.problems.add(f"no probabilities for ({self.label(block, missing[0], shape)})"
                          f"{more}", self.at(block.at), block.child,
                          "add a row for every parent combination, or a 'default' line")
        return False

    def label(self, block, row: int, shape: list[int]) -> str:
        combo = np.unravel_index(row, shape) if shape else ()
        return ", ".join(f"{p}={self.states[p][i]}"
                         for p, i in zip(block.parents, combo, strict=True)) or "prior"

    def checked(self, block, grid, origin, shape: list[int]) -> np.ndarray:
        for row in range(grid.shape[0]):
            reason = row_problem(grid[row])
            if reason:
                self.problems.add(f"the row ({self.label(block, row, shape)}) {reason}",
                                  self.at(int(origin[row])), block.child,
                                  "make every row a probability distribution")
        with np.errstate(invalid="ignore", over="ignore"):  # bad rows are reported above
            totals = grid.sum(-1, keepdims=True)
            return grid / np.where(totals > 0, totals, 1)


def _variable(block: VariableBlock, parents: list[str], table: np.ndarray) -> Variable:
    from scenarios.io.foreign import note_fields

    return Variable(decode_name(block.name), tuple(decode_name(s) for s in block.states),
                    tuple(decode_name(p) for p in parents), table, **note_fields(block.notes))
