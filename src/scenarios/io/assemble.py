"""Blocks read from a BIF or Hugin NET file to a validated model, every problem located.

Names are resolved (with a suggestion for a misspelt one), each table is laid out with the
parents' combinations in C order and the variable's states last, rows given one by one or by
a default are placed, a combination given by nothing is an error, rows are checked and divided
by their sums, and a cycle is reported.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import Problems
from scenarios.core.text import did_you_mean
from scenarios.io.names import decode_name
from scenarios.io.notes import note_fields
from scenarios.io.row_notes import EXACT
from scenarios.io.row_rules import settle_row
from scenarios.io.scanner import Blocks, Lines, ProbabilityBlock, Scanner, VariableBlock
from scenarios.model.graph import find_cycle
from scenarios.model.schema import Model, Variable, is_valid_name

DEFAULT_NAMES = {"unknown", "bn_model", "MyNetwork"}  # what writers put for "no name"


def assemble(parsed: Blocks | Scanner) -> Model:
    """The model the parsed blocks describe; a ModelError listing every problem."""
    return _Builder(parsed).model()


class _Builder:
    """Blocks to a model: names resolved, tables laid out, every problem collected."""

    def __init__(self, parser: Blocks | Scanner):
        self.parser = parser
        self.problems = Problems(parser.filename)
        self.notes = Problems(parser.filename)  # rows normalised
        self.lines = Lines(parser.text)
        self.states: dict[str, list[str]] = {}
        self.with_block: set[str] = set()  # variables with a probability block, good or not
        self.held = 0  # cells of the tables laid out so far (the memory limit bounds them all)

    def at(self, offset: int) -> tuple[int, int] | None:
        """(line, column) of an offset; None for blocks that came from no text (pgmpy)."""
        return self.lines.at(offset) if self.parser.text else None

    def model(self) -> Model:
        blocks = self.declared()
        tables = self.tables()
        for name, block in blocks.items():
            if name not in self.with_block:
                self.problems.add("has no probability table", self.at(block.at), name, "add one")
        self.problems.raise_if_any()
        network = self.parser.network
        name = (
            stem(self.parser.filename)
            if not network or network in DEFAULT_NAMES
            else decode_name(network)
        )
        ordered = _in_written_order(list(blocks.values()))
        variables = [_variable(block, *tables[block.name]) for block in ordered]
        return Model(
            name,
            {v.name: v for v in variables},
            path=self.parser.filename,
            notes=tuple(self.notes.items),
        )

    def declared(self) -> dict[str, VariableBlock]:
        blocks: dict[str, VariableBlock] = {}
        decoded: dict[str, VariableBlock] = {}  # the name this tool reads -> its declaration
        for block in self.parser.variables:
            if block.name in blocks:
                self.problems.add(
                    "is declared twice",
                    self.at(block.at),
                    block.name,
                    "remove or rename one of the declarations",
                )
                continue
            self.distinct_states(block)
            for name in (block.name, *block.states):
                if not is_valid_name(decode_name(name)):
                    self.problems.add(
                        f"the name {decode_name(name)!r} holds a control character",
                        self.at(block.at),
                        block.name,
                        "rename it in the tool that wrote the file",
                    )
            other = decoded.setdefault(decode_name(block.name), block)
            if other is not block:
                where = self.at(other.at)
                self.problems.add(
                    f"'{block.name}' and '{other.name}'"
                    + (f" (line {where[0]})" if where else "")
                    + f" both read as "
                    f"'{decode_name(block.name)}'",
                    self.at(block.at),
                    block.name,
                    "rename one of them: names are decoded (_xHH_ spells a character; ',', "
                    "'=', '~' and ':' become '_') and must stay distinct",
                )
            blocks[block.name] = block
            self.states[block.name] = block.states
        if not blocks:
            self.problems.add(
                "no variables found", None, None, "declare variables and their probability tables"
            )
        return blocks

    def distinct_states(self, block: VariableBlock) -> None:
        """Each state once, as written and once decoded (``x=1`` and ``x_1`` would meet)."""
        if len(set(block.states)) < len(block.states):
            self.problems.add(
                "lists a state twice",
                self.at(block.at),
                block.name,
                "give every state its own name",
            )
            return
        seen: dict[str, str] = {}
        for state in block.states:
            other = seen.setdefault(decode_name(state), state)
            if other != state:
                self.problems.add(
                    f"states '{other}' and '{state}' both read as '{decode_name(state)}'",
                    self.at(block.at),
                    block.name,
                    "rename one of them: ',', '=', '~' and ':' become '_' and "
                    "_xHH_ spells a character, so the two would be one state",
                )

    def tables(self) -> dict[str, tuple[list[str], np.ndarray]]:
        tables: dict[str, tuple[list[str], np.ndarray]] = {}
        for block in self.parser.probabilities:
            if not self.known(block.child, block.at):
                continue
            if block.child in self.with_block:
                self.problems.add(
                    "has two probability blocks",
                    self.at(block.at),
                    block.child,
                    "remove one of them",
                )
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
        self.problems.add(
            f"'{name}' is not a declared variable.{did_you_mean(name, list(self.states))}",
            self.at(offset),
            None,
            "declare it, or correct the name",
        )
        return False

    def parents_ok(self, block: ProbabilityBlock) -> bool:
        ok = all([self.known(p, block.at) for p in block.parents])
        if len(set(block.parents)) < len(block.parents) or block.child in block.parents:
            self.problems.add(
                "names a parent twice, or itself",
                self.at(block.at),
                block.child,
                "list each parent once",
            )
            ok = False
        return ok

    def cycle(self, tables: dict[str, Any]) -> None:
        found = find_cycle({child: parents for child, (parents, _) in tables.items()})
        if found:
            self.problems.add(
                f"the parents form a cycle: {' -> '.join(found)}",
                None,
                None,
                "a Bayesian network must be acyclic",
            )

    def table(self, block: ProbabilityBlock) -> np.ndarray | None:
        """The block's CPT, shaped (*parent cards, card), rows divided by their sums."""
        card = len(self.states[block.child])
        shape = [len(self.states[p]) for p in block.parents]
        configs = math.prod(shape)
        if configs * card > limits.get("cpt_cells"):
            self.problems.add(
                limits.refusal("the number of cells of its table", configs * card, "cpt_cells"),
                self.at(block.at),
                block.child,
            )
            return None
        self.held += configs * card
        if self.held * 8 / 2**20 > limits.get("memory_mb"):
            self.problems.add(
                limits.refusal(
                    "the model's tables so far, in MB,", self.held * 8 / 2**20, "memory_mb"
                ),
                self.at(block.at),
                block.child,
            )
            return None
        grid = np.zeros((configs, card))
        origin = np.full(configs, -1)  # where each row was given
        if block.table is not None and not self.fill_table(
            block, block.table, grid, origin, (configs, card)
        ):
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

    def counted(self, values: list[Any], count: int, where: int, child: str, what: str) -> bool:
        if len(values) == count:
            return True
        self.problems.add(
            f"{what} has {len(values)} probabilities, needs {count}",
            self.at(where),
            child,
            "give one probability per state"
            + (" and parent combination" if "table" in what else ""),
        )
        return False

    def fill_table(
        self,
        block: ProbabilityBlock,
        table: tuple[list[float], int],
        grid: np.ndarray,
        origin: np.ndarray,
        size: tuple[int, int],
    ) -> bool:
        values, where = table
        configs, card = size
        if not self.counted(values, configs * card, where, block.child, "'table'"):
            return False
        array = np.array(values)
        grid[:] = (
            array.reshape(configs, card) if block.child_fastest else array.reshape(card, configs).T
        )
        origin[:] = where
        return True

    def fill_rows(
        self,
        block: ProbabilityBlock,
        grid: np.ndarray,
        origin: np.ndarray,
        shape: list[int],
        card: int,
    ) -> bool:
        ok, seen = True, set()
        for states, values, where in block.rows:
            row = self.row_index(block, states, where, shape)
            if row is None or not self.counted(values, card, where, block.child, "this row"):
                ok = False
            elif row in seen:
                self.problems.add(
                    f"the row ({', '.join(states)}) is given twice",
                    self.at(where),
                    block.child,
                    "remove one of them",
                )
                ok = False
            else:
                seen.add(row)
                grid[row], origin[row] = values, where
        return ok

    def row_index(
        self, block: ProbabilityBlock, states: list[str], where: int, shape: list[int]
    ) -> int | None:
        if len(states) != len(block.parents):
            self.problems.add(
                f"this row names {len(states)} parent states, but the variable "
                f"has {len(block.parents)} parents ({', '.join(block.parents)})",
                self.at(where),
                block.child,
                "name one state per parent, in order",
            )
            return None
        positions = []
        for parent, state in zip(block.parents, states, strict=True):
            if state not in self.states[parent]:
                self.problems.add(
                    f"'{state}' is not a state of '{parent}'."
                    f"{did_you_mean(state, self.states[parent])}",
                    self.at(where),
                    block.child,
                    f"use one of: {', '.join(self.states[parent])}",
                )
                return None
            positions.append(self.states[parent].index(state))
        return int(np.ravel_multi_index(positions, shape)) if shape else 0

    def complete(self, block: ProbabilityBlock, origin: np.ndarray, shape: list[int]) -> bool:
        missing = np.flatnonzero(origin < 0)
        if missing.size == 0:
            return True
        more = f" (and {missing.size - 1} more)" if missing.size > 1 else ""
        self.problems.add(
            f"no probabilities for ({self.label(block, missing[0], shape)}){more}",
            self.at(block.at),
            block.child,
            "add a row for every parent combination, or a 'default' line",
        )
        return False

    def label(self, block: ProbabilityBlock, row: int, shape: list[int]) -> str:
        combo = np.unravel_index(row, shape) if shape else ()
        return (
            ", ".join(f"{p}={self.states[p][i]}" for p, i in zip(block.parents, combo, strict=True))
            or "prior"
        )

    def checked(
        self, block: ProbabilityBlock, grid: np.ndarray, origin: np.ndarray, shape: list[int]
    ) -> np.ndarray:
        """The table with every row settled (:mod:`scenarios.io.row_rules`): each change a
        note, each row that cannot be read a problem."""
        with np.errstate(invalid="ignore", over="ignore"):  # which rows to look at, at once
            suspect = (
                ~np.isfinite(grid).all(-1)
                | (grid < 0).any(-1)
                | (np.abs(grid.sum(-1) - 1.0) > EXACT)
            )
        for row in np.flatnonzero(suspect):
            settled = settle_row(grid[row], block.counts)
            where = (f"the row ({self.label(block, int(row), shape)})", self.at(int(origin[row])))
            if settled.refused:
                self.problems.add(
                    f"{where[0]} {settled.reason}",
                    where[1],
                    block.child,
                    "make every row a probability distribution",
                )
            elif settled.hint:
                self.notes.add(f"{where[0]} {settled.reason}", where[1], block.child, settled.hint)
            grid[row] = settled.row
        with np.errstate(invalid="ignore", over="ignore"):  # bad rows are reported above
            totals = grid.sum(-1, keepdims=True)
            return grid / np.where(totals > 0, totals, 1)


def _in_written_order(blocks: list[VariableBlock]) -> list[VariableBlock]:
    """The blocks in the order of their ``position`` notes when every block has a distinct
    one (files this tool wrote, read back in the model's order whatever order a tool that
    re-saved them chose); else as they stand."""
    positions = [block.notes.get("position") for block in blocks]
    numbers = [p for p in positions if isinstance(p, int) and not isinstance(p, bool)]
    if len(numbers) != len(blocks) or len(set(numbers)) != len(numbers):
        return blocks
    return [block for _, block in sorted(zip(numbers, blocks, strict=True), key=lambda x: x[0])]


def _variable(block: VariableBlock, parents: list[str], table: np.ndarray) -> Variable:
    fields = note_fields(block.notes)
    learned = fields["learned"]
    if learned is not None and len(learned.rows) not in (0, table[..., 0].size):
        fields["learned"] = replace(learned, rows=())  # notes never make a file unreadable
    return Variable(
        decode_name(block.name),
        tuple(decode_name(s) for s in block.states),
        tuple(decode_name(p) for p in parents),
        table,
        **fields,
    )


def stem(filename: str) -> str:
    """``alarm`` for ``.../alarm.bif.gz``: a model name for files that carry none."""
    return Path(filename).name.split(".")[0]
