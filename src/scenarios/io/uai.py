"""The UAI format (BAYES networks), read and written here rather than by pgmpy.

pgmpy's UAI writer puts each table with the child varying slowest while the scope it writes
lists the child last, and the format says the last variable of a scope varies fastest; its
reader takes the parents in graph order instead of scope order and cannot read numbers in
exponent notation. Files it writes therefore hold wrong numbers for any other UAI reader.
This module follows the format: variables in model order, each CPT's scope is its parents
then the variable, entries with the last scope variable fastest (our arrays' C order).

UAI keeps no names: variables are read as ``var_0, var_1, ...`` and states as ``0, 1, ...``.

Example:
    >>> from scenarios import parse_model
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
import re

from scenarios.core import limits
from scenarios.io.assemble import assemble
from scenarios.io.scanner import ProbabilityBlock, Scanner, Token, VariableBlock
from scenarios.model.schema import Model

UAI_TOKEN = re.compile(r"(?P<skip>(?:\s|#[^\n]*)*)(?:(?P<word>[^\s#]+)|$)")  # '#': comments


def dumps_uai(model: Model) -> str:
    index = {name: i for i, name in enumerate(model.variables)}
    lines = [
        "BAYES",
        str(len(index)),
        " ".join(str(v.cardinality) for v in model.variables.values()),
        str(len(index)),
    ]
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


def parse_uai(text: str, filename: str) -> Model:
    """A validated model from UAI text; every problem a ModelError naming file, line, column."""
    return assemble(_UaiParser(text, filename).parse())


class _UaiParser(Scanner):
    """The preamble (type, cardinalities, scopes), then one table per scope."""

    FORMAT = "UAI"
    PATTERN = UAI_TOKEN

    def parse(self) -> _UaiParser:
        kind = self.take("the network type")
        if kind.text == "MARKOV":
            self.fail(
                "a MARKOV network (undirected factors) is not a Bayesian network; only BAYES "
                "files can be read",
                kind,
                "export a Bayesian network (BAYES) from the tool that made it",
            )
        if kind.text != "BAYES":
            self.fail(f"'{kind.text[:40]}' networks are not Bayesian networks (BAYES)", kind)
        count = self.integer("the number of variables", 1)
        for i in range(count):
            card = self.upcoming(f"the cardinality of var_{i}")
            cardinality = self.integer(f"the cardinality of var_{i}", 1)
            if cardinality > limits.get("cpt_cells"):  # checked before any state is made
                self.fail(
                    limits.refusal(f"the number of states of var_{i}", cardinality, "cpt_cells"),
                    card,
                )
            states = [str(k) for k in range(cardinality)]
            self.variables.append(VariableBlock(f"var_{i}", states, card.start))
        self.integer("the number of tables", count, count)
        scopes = [self.scope(i, count) for i in range(count)]
        if sorted(scope[-1] for scope, _ in scopes) != list(range(count)):
            self.fail("every variable must be the last of exactly one table's scope", scopes[0][1])
        for scope, at in scopes:
            self.table(scope, at)
        if self.peek() is not None:
            self.fail("unexpected text after the last table", self.peek())
        return self

    def scope(self, i: int, count: int) -> tuple[list[int], Token]:
        at = self.upcoming(f"the scope size of table {i}")
        size = self.integer(f"the scope size of table {i}", 1, count)
        scope = [self.integer(f"a variable of table {i}", 0, count - 1) for _ in range(size)]
        if len(set(scope)) < len(scope):
            self.fail(f"table {i} names a variable twice", at)
        return scope, at

    def table(self, scope: list[int], at: Token) -> None:
        cells = math.prod(len(self.variables[v].states) for v in scope)
        if cells > limits.get("cpt_cells"):
            self.fail(
                limits.refusal(
                    f"the number of cells of var_{scope[-1]}'s table", cells, "cpt_cells"
                ),
                at,
            )
        self.integer("the number of entries", cells, cells)
        first = self.upcoming("a probability")
        values = [self.number(self.take("a probability")) for _ in range(cells)]
        self.probabilities.append(
            ProbabilityBlock(
                f"var_{scope[-1]}",
                [f"var_{p}" for p in scope[:-1]],
                at.start,
                table=(values, first.start if first else at.start),
                child_fastest=True,
            )
        )

    def integer(self, what: str, low: int = 0, high: int | None = None) -> int:
        token = self.take(what)
        text = token.text
        if (
            not (text.isascii() and text.isdigit())
            or int(text) < low
            or (high is not None and int(text) > high)
        ):
            bound = f" from {low} to {high}" if high is not None else f" of at least {low}"
            self.fail(f"{what} must be a whole number{bound}, not '{text[:40]}'", token)
        return int(text)
