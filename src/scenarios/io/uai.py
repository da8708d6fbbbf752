"""The UAI format (BAYES networks), read and written here rather than by pgmpy.

pgmpy's UAI writer puts each table with the child varying slowest while the scope it writes
lists the child last, and the format says the last variable of a scope varies fastest; its
reader takes the parents in graph order instead of scope order and cannot read numbers in
exponent notation. Files it writes therefore hold wrong numbers for any other UAI reader.
This module follows the format: variables in model order, each CPT's scope is its parents
then the variable, entries with the last scope variable fastest (our arrays' C order).

UAI keeps no names: variables are read as ``var_0, var_1, ...`` and states as ``0, 1, ...``.

Example:
    >>> from scenarios.model import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.25, y: 0.75}}")
    >>> print(dumps_uai(m))
    BAYES
    1
    2
    1
    1 0
    <BLANKLINE>
    2
     0.25 0.75
    <BLANKLINE>
"""

from __future__ import annotations

import math

import numpy as np

from scenarios import limits
from scenarios.errors import Diagnostic, ModelError
from scenarios.io.formats import checked_table, stem
from scenarios.model.graph import find_cycle
from scenarios.model.schema import Model, Variable


def dumps_uai(model: Model) -> str:
    index = {name: i for i, name in enumerate(model.variables)}
    lines = ["BAYES", str(len(index)),
             " ".join(str(v.cardinality) for v in model.variables.values()), str(len(index))]
    for var in model.variables.values():
        scope = [index[p] for p in var.parents] + [index[var.name]]
        lines.append(" ".join(map(str, [len(scope), *scope])))
    lines.append("")
    for var in model.variables.values():
        rows = var.cpt.reshape(-1, var.cardinality)
        lines.append(str(rows.size))
        lines.extend(" " + " ".join(repr(float(x)) for x in row) for row in rows)
        lines.append("")
    return "\n".join(lines)


class _Tokens:
    def __init__(self, text: str, filename: str):
        self.items, self.at, self.filename = text.split(), 0, filename

    def next(self, what: str) -> str:
        if self.at >= len(self.items):
            self.fail(f"the file ends where {what} was expected")
        self.at += 1
        return self.items[self.at - 1]

    def integer(self, what: str, low: int = 0, high: int | None = None) -> int:
        token = self.next(what)
        if not (token.isascii() and token.isdigit()) or int(token) < low or \
                (high is not None and int(token) > high):
            bound = f" from {low} to {high}" if high is not None else f" of at least {low}"
            self.fail(f"{what} must be a whole number{bound}, not '{token}'")
        return int(token)

    def fail(self, message: str):
        raise ModelError([Diagnostic(f"not a valid UAI file: {message} (token {self.at})",
                                     file=self.filename, hint="check the file against the "
                                     "UAI format (BAYES networks only)")])


def parse_uai(text: str, filename: str) -> Model:
    """A validated model from UAI text; every problem is a ModelError naming the file."""
    tokens = _Tokens(text, filename)
    kind = tokens.next("the network type")
    if kind != "BAYES":
        tokens.fail(f"'{kind}' networks are not Bayesian networks (BAYES)")
    count = tokens.integer("the number of variables", 1)
    cards = [tokens.integer(f"the cardinality of var_{i}", 1) for i in range(count)]
    if tokens.integer("the number of tables", count, count) != count:
        tokens.fail("need one table per variable")
    scopes = []
    for i in range(count):
        size = tokens.integer(f"the scope size of table {i}", 1, count)
        scope = [tokens.integer(f"a variable of table {i}", 0, count - 1) for _ in range(size)]
        if len(set(scope)) < len(scope):
            tokens.fail(f"table {i} names a variable twice")
        scopes.append(scope)
    children = [scope[-1] for scope in scopes]
    if sorted(children) != list(range(count)):
        tokens.fail("every variable must be the last of exactly one table's scope")
    tables = {}
    for scope in scopes:
        shape = [cards[v] for v in scope]
        cells = math.prod(shape)
        if cells > limits.get("cpt_cells"):
            tokens.fail(limits.refusal(f"the number of cells of var_{scope[-1]}'s table", cells,
                                       "cpt_cells"))
        size = tokens.integer("the number of entries", cells, cells)
        values = [_number(tokens) for _ in range(size)]
        tables[scope[-1]] = (scope[:-1], np.array(values).reshape(shape))
    if tokens.at < len(tokens.items):
        tokens.fail("unexpected text after the last table")
    return _model(cards, tables, filename)


def _number(tokens: _Tokens) -> float:
    token = tokens.next("a probability")
    try:
        return float(token)
    except ValueError:
        return tokens.fail(f"'{token}' is not a number")


def _model(cards: list[int], tables: dict, filename: str) -> Model:
    names = [f"var_{i}" for i in range(len(cards))]
    parents = {names[c]: [names[p] for p in scope] for c, (scope, _) in tables.items()}
    cycle = find_cycle(parents)
    if cycle:
        raise ModelError([Diagnostic(f"the parents form a cycle: {' -> '.join(cycle)}",
                                     file=filename, hint="a Bayesian network must be acyclic")])
    problems: list[Diagnostic] = []
    variables = {}
    for child in range(len(cards)):
        scope, table = tables[child]
        shape = [cards[p] for p in scope]

        def label(i: int, scope=scope, shape=shape) -> str:
            combo = np.unravel_index(i, shape) if shape else ()
            return ", ".join(f"{names[p]}={c}" for p, c in zip(scope, combo, strict=True)) \
                or "prior"

        table, found = checked_table(table, names[child], filename, label)
        problems += found
        variables[names[child]] = Variable(names[child], tuple(map(str, range(cards[child]))),
                                           tuple(names[p] for p in scope), table)
    if problems:
        raise ModelError(problems)
    return Model(stem(filename), variables, path=filename)
