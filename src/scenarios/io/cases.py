"""Case files for learning: CSV (commas, or semicolons or tabs), one column per variable
(named in the header), a state's name in each cell, an empty cell (or NA, N/A, NaN, ?,
null, None, unless the variable has a state of that name) where the value is not known.
Read against a model; every problem located as file:line:column (column: the field's
number, 1-based; :mod:`scenarios.io.case_table` holds what CSV and Parquet share).

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}\\n"
    ...                 "  b: {states: [u, v], cpt: {u: 0.5, v: 0.5}}")
    >>> found = parse_cases("a,b\\nx,NA\\n,v\\nNA,?\\n", "c.csv", m)
    >>> found.codes.tolist(), found.empty
    ([[0, -1], [-1, 1]], 1)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from scenarios.core.errors import Diagnostic, ModelError, Problems
from scenarios.core.text import did_you_mean
from scenarios.io.case_table import (
    MISSING,
    CaseMatrix,
    CaseProblems,
    Cases,
    finish,
    header_columns,
)
from scenarios.io.files import read_text
from scenarios.io.parquet_cases import read_parquet_cases
from scenarios.model.schema import Model

PARQUET_SUFFIXES = (".parquet", ".pq")


def read_cases(
    path: str | Path, model: Model, ignore_extra: bool = False, fixed: tuple[str, ...] = ()
) -> Cases:
    """Read the case file at ``path`` against ``model``: CSV (optionally gzipped), or
    Parquet (``.parquet``, ``.pq``; with the ``parquet`` extra; see
    :mod:`scenarios.io.parquet_cases`)."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return read_parquet_cases(path, model, ignore_extra, fixed)
    return parse_cases(read_text(path), str(path), model, ignore_extra, fixed)


def parse_cases(
    text: str, path: str, model: Model, ignore_extra: bool = False, fixed: tuple[str, ...] = ()
) -> Cases:
    """:func:`read_cases` of a CSV file's text; the separator is the header's: a comma,
    or a semicolon or a tab (spreadsheets in many locales write those)."""
    header_line = text.split("\n", 1)[0]
    separator = max(",;\t", key=header_line.count) if header_line.strip() else ","
    reader = csv.reader(io.StringIO(text), delimiter=separator)
    records = _records(reader, path)
    header = next(records, (1, None))[1]
    problems = CaseProblems(path)
    columns = header_columns(header, model, ignore_extra, problems)
    codes, lines = _rows(records, len(header or ()), columns, model, problems)
    return finish(codes, lines, columns, model, fixed, problems)


def _records(reader: Iterator[list[str]], path: str) -> Iterator[tuple[int, list[str]]]:
    """(line, fields) of each record; a field the csv module cannot read (one over its
    131,072 characters) is a located error, not a traceback."""
    try:
        for record in reader:
            yield reader.line_num, record  # type: ignore[attr-defined]
    except csv.Error as exc:
        raise ModelError(
            [
                Diagnostic(
                    f"this row cannot be read: {exc}",
                    path,
                    reader.line_num,  # type: ignore[attr-defined]
                    hint="a cell holds a state's name: check the separators and quotes",
                )
            ]
        ) from None


def _rows(
    records: Iterable[tuple[int, list[str]]],
    width: int,
    columns: dict[str, int],
    model: Model,
    problems: Problems,
) -> tuple[np.ndarray, np.ndarray]:
    states = [{s: i for i, s in enumerate(v.states)} for v in model.variables.values()]
    where = [(model.names.index(n), field) for n, field in columns.items()]
    matrix = CaseMatrix(len(model.names))
    for line, record in records:
        if not record:
            continue  # a blank line is no row at all
        if len(record) != width:
            fewer = "fewer" if len(record) < width else "more"
            problems.add(
                f"this row has {len(record)} fields, {fewer} than the header's {width}",
                (line, 1),
                hint="give one field per column of the header (empty where unknown)",
            )
            continue
        row = [-1] * len(model.names)
        for index, field in where:
            cell = record[field].strip()
            code = states[index].get(cell)  # a state's name first: 'none' may be one
            if code is None and cell.lower() not in MISSING:
                name, valid = model.names[index], list(states[index])
                problems.add(
                    f"'{cell[:80]}' is not a state of '{name}'.{did_you_mean(cell, valid)} "
                    f"Valid states: {', '.join(valid)}",
                    (line, field + 1),
                    name,
                )
            elif code is not None:
                row[index] = code
        matrix.add(row, line)
    return matrix.done()
