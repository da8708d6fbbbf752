"""What every case-file reader shares: the cases as a matrix of state indices, collected a
block at a time under the memory limit, the header's columns, and the last checks (rows with
no value left out and counted, variables never observed), every problem located and at most
MAX_SHOWN listed.

Example:
    >>> matrix = CaseMatrix(2)
    >>> matrix.add([0, -1], 2); matrix.add([-1, -1], 3)
    >>> [a.tolist() for a in matrix.done()]
    [[[0, -1], [-1, -1]], [2, 3]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import ModelError, Problems
from scenarios.core.text import did_you_mean
from scenarios.model.schema import Model
from scenarios.model.time import tied_tables

MISSING = frozenset({"", "na", "n/a", "nan", "?", "null", "none"})
MAX_SHOWN = 20  # problems listed from one file; the rest are counted
KEPT = 200  # problems of case rows kept to choose the listed ones from; the rest only counted
BLOCK = 65_536  # cases allocated at once


class CaseProblems(Problems):
    """Problems of a case file: those of its header all kept, those of its rows (found in
    file order) kept up to KEPT and the rest counted, so that a file of millions of bad
    cells takes no memory to report."""

    def __init__(self, file: str):
        super().__init__(file, kind="column")
        self.on_rows = 0
        self.unkept = 0

    def add(
        self,
        message: str,
        at: tuple[int, int] | None = None,
        variable: str | None = None,
        hint: str | None = None,
    ) -> None:
        if at is not None and at[0] > 1:
            if self.on_rows >= KEPT:
                self.unkept += 1
                return
            self.on_rows += 1
        super().add(message, at, variable, hint)

    def __bool__(self) -> bool:
        return bool(self.items) or self.unkept > 0


@dataclass(frozen=True)
class Cases:
    """The cases as state indices (one column per model variable, model order; -1 where
    missing), the file line of each case, the file column of each variable, and how many
    rows gave no value at all (left out)."""

    path: str
    codes: np.ndarray
    lines: np.ndarray
    columns: dict[str, int]
    empty: int = 0


def header_columns(
    header: list[str] | None, model: Model, ignore_extra: bool, problems: Problems
) -> dict[str, int]:
    """Variable -> 0-based field of the header; a ModelError when the file is empty or no
    column names a variable (one message, not one per variable)."""
    if not header or not any(h.strip() for h in header):
        problems.add("the file is empty: it needs a header of variable names, then cases", (1, 1))
        problems.raise_if_any()
    names = [h.strip() for h in header or []]
    columns: dict[str, int] = {}
    for field, name in enumerate(names):
        if name in columns:
            problems.add(f"column '{name}' is given twice", (1, field + 1), name, "keep one")
        elif name in model.variables:
            columns[name] = field
        elif not ignore_extra:
            problems.add(
                f"column '{name}' is not a variable of {model.name}."
                f"{did_you_mean(name, model.names)}",
                (1, field + 1),
                hint="rename or remove the column, or skip such columns with --ignore-extra",
            )
    if not columns:
        problems.items = []
        problems.add(
            f"no column of the header names a variable of {model.name} (it starts: "
            f"{', '.join(names[:3])})",
            (1, 1),
            hint=f"the first line names the variables, e.g. {','.join(model.names[:3])}",
        )
        problems.raise_if_any()
    return columns


def case_megabytes(cases: int, width: int) -> float:
    """What ``cases`` of ``width`` variables take while they are learned from: a state index
    per value, the case's line, its log-likelihood and one temporary of the same size."""
    return cases * (width + 3) * 8 / 2**20


class CaseMatrix:
    """Cases collected a block at a time, each block checked against the memory limit."""

    def __init__(self, width: int):
        self.width = width
        self.blocks: list[np.ndarray] = []
        self.lines: list[np.ndarray] = []
        self.filled = BLOCK

    def add(self, row: list[int], line: int) -> None:
        if self.filled == BLOCK:
            self.reserve(BLOCK)
        self.blocks[-1][self.filled] = row
        self.lines[-1][self.filled] = line
        self.filled += 1

    def reserve(self, count: int) -> None:
        """Start a block of ``count`` cases, refusing it when all of them would not fit."""
        held = sum(len(b) for b in self.blocks) + count
        limits.check_memory(
            case_megabytes(held, self.width),
            "the cases read so far",
            "learn from fewer cases at a time",
        )
        self.blocks.append(np.full((count, self.width), -1, dtype=np.int64))
        self.lines.append(np.zeros(count, dtype=np.int64))
        self.filled = 0

    def done(self) -> tuple[np.ndarray, np.ndarray]:
        """The cases and their lines (one block is returned as it is, not copied)."""
        if not self.blocks:
            return np.zeros((0, self.width), dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(self.blocks) == 1:
            return self.blocks[0][: self.filled], self.lines[0][: self.filled]
        size = sum(len(b) for b in self.blocks) - (len(self.blocks[-1]) - self.filled)
        return np.concatenate(self.blocks)[:size], np.concatenate(self.lines)[:size]


def finish(
    codes: np.ndarray,
    lines: np.ndarray,
    columns: dict[str, int],
    model: Model,
    fixed: tuple[str, ...],
    problems: Problems,
) -> Cases:
    """The cases, rows with no value left out; ModelError listing the problems (no cases, a
    variable never observed unless ``fixed``, and those found before)."""
    valued = (codes >= 0).any(axis=1)
    empty = int((~valued).sum())
    if empty:
        codes, lines = codes[valued], lines[valued]
    if not len(lines) and not problems:
        nothing = " (every row leaves every value blank)" if empty else ""
        problems.add(f"there are no cases under the header{nothing}", (2, 1))
    seen = np.asarray((codes >= 0).any(axis=0)) if len(lines) else np.zeros(len(model.names), bool)
    _never_observed(model, seen, columns, fixed, problems)
    _raise(problems)
    return Cases(problems.file, codes, lines, {n: c + 1 for n, c in columns.items()}, empty)


def _never_observed(
    model: Model,
    seen: np.ndarray,
    columns: dict[str, int],
    fixed: tuple[str, ...],
    problems: Problems,
) -> None:
    """A problem for each table no case informs: a variable never observed and not
    ``fixed``; in a time-sliced model, a table the slices share that none of them informs
    (named as the file names the variable)."""
    tie = tied_tables(model)
    informed = {tie[n] for i, n in enumerate(model.names) if seen[i]}
    told: set[str] = set()
    for name in model.names:
        table = tie[name]
        if table in informed or table in told or name in fixed:
            continue
        told.add(table)
        shared = [n for n in model.names if tie[n] == table]
        called = shared[0].rpartition("@")[0] if len(shared) > 1 else name
        every = " (in every slice that shares its table)" if len(shared) > 1 else ""
        problems.add(
            f"variable '{called}' is never observed in these cases{every}",
            (1, columns[name] + 1) if name in columns else (1, 1),
            name,
            f"add values for it, or keep its table as judged with --fixed {called}",
        )


def _raise(problems: Problems) -> None:
    """Raise the problems: the first MAX_SHOWN by position in the file, the rest counted."""
    unkept = problems.unkept if isinstance(problems, CaseProblems) else 0
    if len(problems.items) <= MAX_SHOWN and not unkept:
        problems.raise_if_any()
        return
    ordered = sorted(problems.items, key=lambda d: (d.line or 0, d.column or 0))
    raise ModelError(ordered[:MAX_SHOWN], len(ordered) - MAX_SHOWN + unkept)
