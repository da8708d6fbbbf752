"""Case files for learning: CSV (commas, or semicolons or tabs), one column per variable
(named in the header), a state's name in each cell, an empty cell (or NA, N/A, NaN, ?,
null, None, unless the variable has a state of that name) where the value is not known.
Read against a model; every problem located as file:line:column (column: the field's
number, 1-based), at most MAX_SHOWN.

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}\\n"
    ...                 "  b: {states: [u, v], cpt: {u: 0.5, v: 0.5}}")
    >>> parse_cases("a,b\\nx,NA\\n,v\\n", "c.csv", m).codes.tolist()
    [[0, -1], [-1, 1]]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import Diagnostic, ModelError, Problems, QueryError
from scenarios.core.inputs import remember_input
from scenarios.core.text import did_you_mean
from scenarios.io.files import read_text
from scenarios.model.schema import Model

MISSING = frozenset({"", "na", "n/a", "nan", "?", "null", "none"})
MAX_SHOWN = 20  # problems listed from one file; the rest are counted
PARQUET_SUFFIXES = (".parquet", ".pq")


@dataclass(frozen=True)
class Cases:
    """The cases as state indices (one column per model variable, model order; -1 where
    missing), the file line of each case, and the file column of each variable."""

    path: str
    codes: np.ndarray
    lines: list[int]
    columns: dict[str, int]


def read_cases(
    path: str | Path, model: Model, ignore_extra: bool = False, fixed: tuple[str, ...] = ()
) -> Cases:
    """Read the case file at ``path`` against ``model``: CSV (optionally gzipped), or
    Parquet (``.parquet``, ``.pq``; with the ``parquet`` extra) whose columns hold state
    names, null where missing (rows are numbered as in a CSV with its header: the first
    case is row 2)."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        header, records = parquet_records(path)
        return cases_of(header, records, str(path), model, ignore_extra, fixed)
    return parse_cases(read_text(path), str(path), model, ignore_extra, fixed)


def parse_cases(
    text: str, path: str, model: Model, ignore_extra: bool = False, fixed: tuple[str, ...] = ()
) -> Cases:
    """:func:`read_cases` of a CSV file's text; the separator is the header's: a comma,
    or a semicolon or a tab (spreadsheets in many locales write those)."""
    header_line = text.split("\n", 1)[0]
    separator = max(",;\t", key=header_line.count) if header_line.strip() else ","
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    header = next(reader, None)
    records = ((reader.line_num, record) for record in reader)
    return cases_of(header, records, path, model, ignore_extra, fixed)


def cases_of(
    header: list[str] | None,
    records: Iterable[tuple[int, list[str]]],
    path: str,
    model: Model,
    ignore_extra: bool = False,
    fixed: tuple[str, ...] = (),
) -> Cases:
    """The cases of a header and its (line, fields) records. ModelError listing the
    problems: a column that is not a variable (unless ``ignore_extra``), a variable never
    observed (unless ``fixed``), a state the variable does not have, a row of the wrong
    length, no cases."""
    problems = Problems(path, kind="column")
    if not header or not any(h.strip() for h in header):
        problems.add("the file is empty: it needs a header of variable names, then cases", (1, 1))
        problems.raise_if_any()
    columns = _columns([h.strip() for h in header or []], model, ignore_extra, problems)
    if not columns:  # not a case file of this model: one message, not one per variable
        shown = ", ".join(h.strip() for h in (header or [])[:3])
        problems.items = []
        problems.add(
            f"no column of the header names a variable of {model.name} (it starts: {shown})",
            (1, 1),
            hint=f"the first line names the variables, e.g. {','.join(model.names[:3])}",
        )
        problems.raise_if_any()
    codes, lines = _rows(records, columns, model, problems)
    if not lines and not problems:
        problems.add("there are no cases under the header", (2, 1))
    for name in model.names:
        seen = name in columns and bool(lines) and (codes[:, model.names.index(name)] >= 0).any()
        if not seen and name not in fixed:
            problems.add(
                f"variable '{name}' is never observed in these cases",
                (1, columns[name] + 1) if name in columns else (1, 1),
                name,
                f"add values for it, or keep its table as judged with --fixed {name}",
            )
    _raise(problems)
    return Cases(path, codes, lines, {n: c + 1 for n, c in columns.items()})


def _columns(
    header: list[str], model: Model, ignore_extra: bool, problems: Problems
) -> dict[str, int]:
    """Variable -> 0-based field of the header."""
    columns: dict[str, int] = {}
    for field, name in enumerate(header):
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
    return columns


def _rows(
    records: Iterable[tuple[int, list[str]]],
    columns: dict[str, int],
    model: Model,
    problems: Problems,
) -> tuple[np.ndarray, list[int]]:
    states = [{s: i for i, s in enumerate(v.states)} for v in model.variables.values()]
    where = [(model.names.index(n), field) for n, field in columns.items()]
    width = max(columns.values(), default=-1) + 1
    rows: list[list[int]] = []
    lines: list[int] = []
    for line, record in records:
        if not record or not any(cell.strip() for cell in record):
            continue  # a blank line is no case
        if len(record) < width:
            problems.add(f"this row has {len(record)} fields; the header has more", (line, 1))
            continue
        row = [-1] * len(model.names)
        for index, field in where:
            cell = record[field].strip()
            code = states[index].get(cell)  # a state's name first: 'none' may be one
            if code is None and cell.lower() in MISSING:
                continue
            if code is None:
                name = model.names[index]
                valid = list(states[index])
                problems.add(
                    f"'{cell}' is not a state of '{name}'.{did_you_mean(cell, valid)} "
                    f"Valid states: {', '.join(valid)}",
                    (line, field + 1),
                    name,
                )
                continue
            row[index] = code
        rows.append(row)
        lines.append(line)
    codes = np.array(rows, dtype=np.int64).reshape(len(rows), len(model.names))
    return codes, lines


def _raise(problems: Problems) -> None:
    """Raise the problems: the first MAX_SHOWN by position in the file, then one line that
    counts the rest."""
    if len(problems.items) <= MAX_SHOWN:
        problems.raise_if_any()
        return
    ordered = sorted(problems.items, key=lambda d: (d.line or 0, d.column or 0))
    rest = len(ordered) - MAX_SHOWN
    summary = Diagnostic(
        f"... and {rest} more problems not listed ({len(ordered)} in all)",
        problems.file,
        hint="fix these, then run again to see the rest",
    )
    raise ModelError([*ordered[:MAX_SHOWN], summary])


def parquet_records(path: Path) -> tuple[list[str], Iterable[tuple[int, list[str]]]]:
    """A Parquet file's column names and its rows as text (null as empty), through pyarrow
    (imported here: only Parquet files need it)."""
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise QueryError(
            f"{path}: reading Parquet needs pyarrow: pip install 'scenarios[parquet]', or save "
            "the cases as CSV"
        ) from None
    size = path.stat().st_size if path.exists() else 0
    if size > limits.get("file_mb") * 2**20:
        raise ModelError(
            [Diagnostic(limits.refusal("the file's size in MB", None, "file_mb"), file=str(path))]
        )
    try:
        table = parquet.read_table(path)
        remember_input(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise ModelError(
            [
                Diagnostic(
                    f"cannot read the Parquet file: {exc}",
                    file=str(path),
                    hint="check the path, or save the cases as CSV",
                )
            ]
        ) from None
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    rows = (
        (number + 2, ["" if value is None else str(value) for value in values])
        for number, values in enumerate(zip(*columns, strict=True))
    )
    return list(table.column_names), rows
