"""Parquet case files (with the ``parquet`` extra): columns of state names, null where a value
is missing; rows numbered as in a CSV with its header (the first case is row 2).

Read through pyarrow (imported here, when a Parquet file is read), a batch of rows at a time,
each column dictionary-encoded so that a state's name is looked up once per batch rather
than once per cell. Before anything is read, the file's own metadata (rows, and the
decompressed size of its largest row group) are checked against the memory limit: a file of
a few kilobytes can hold millions of rows.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import Diagnostic, ModelError, QueryError
from scenarios.core.inputs import remember_input
from scenarios.core.text import did_you_mean
from scenarios.io.case_table import (
    BLOCK,
    KEPT,
    MISSING,
    CaseMatrix,
    CaseProblems,
    Cases,
    case_megabytes,
    finish,
    header_columns,
)
from scenarios.model.schema import Model

FIRST_CASE = 2  # the row number of the first case (the header is row 1)


def read_parquet_cases(
    path: Path, model: Model, ignore_extra: bool = False, fixed: tuple[str, ...] = ()
) -> Cases:
    """The cases of a Parquet file against ``model`` (see :func:`scenarios.io.cases.read_cases`)."""
    parquet = _pyarrow_parquet(path)
    if path.exists() and path.stat().st_size > limits.get("file_mb") * 2**20:
        raise ModelError(
            [Diagnostic(limits.refusal("the file's size in MB", None, "file_mb"), file=str(path))]
        )
    try:
        file = parquet.ParquetFile(path)
        remember_input(path)
        header = list(file.schema_arrow.names)
        problems = CaseProblems(str(path))
        columns = header_columns(header, model, ignore_extra, problems)
        _check_size(file, len(model.names))
        codes, lines = _codes(file, columns, model, problems)
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
    return finish(codes, lines, columns, model, fixed, problems)


def _pyarrow_parquet(path: Path) -> Any:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise QueryError(
            f"{path}: reading Parquet needs pyarrow: pip install 'scenarios[parquet]', or save "
            "the cases as CSV"
        ) from None
    return parquet


def _check_size(file: Any, width: int) -> None:
    """Refuse, from the metadata, cases that would not fit once decompressed."""
    meta = file.metadata
    rows = meta.num_rows
    limits.check_memory(
        case_megabytes(rows, width),
        f"the {rows:,} cases of the file as state indices",
        "learn from fewer cases at a time",
    )
    largest = max(
        (meta.row_group(i).total_byte_size for i in range(meta.num_row_groups)), default=0
    )
    limits.check_memory(
        largest / 2**20,
        "the largest row group of the file, decompressed",
        "write the file with smaller row groups",
    )


def _codes(
    file: Any, columns: dict[str, int], model: Model, problems: CaseProblems
) -> tuple[np.ndarray, np.ndarray]:
    """State indices of every case, a batch at a time; an unknown state is a problem at its
    row and column (the first MAX_SHOWN per column are located, the rest counted)."""
    import pyarrow as pa

    matrix = CaseMatrix(len(model.names))
    matrix.reserve(file.metadata.num_rows)  # one block: the metadata say how many
    codes, lines = matrix.blocks[0], matrix.lines[0]
    lines[:] = np.arange(FIRST_CASE, len(lines) + FIRST_CASE)
    wanted = list(columns)
    start = 0
    for batch in file.iter_batches(batch_size=BLOCK, columns=wanted):
        for name in wanted:
            column = batch.column(wanted.index(name)).cast(pa.string()).dictionary_encode()
            found = _column_codes(column, model, name, problems, start, columns[name])
            codes[start : start + batch.num_rows, model.names.index(name)] = found
        start += batch.num_rows
    matrix.filled = start
    return matrix.done()


def _column_codes(
    column: Any, model: Model, name: str, problems: CaseProblems, start: int, field: int
) -> np.ndarray:
    """A dictionary-encoded column's state indices: -1 for null or a missing marker;
    a problem for each row whose text is not a state."""
    var = model.variables[name]
    lookup = []
    for text in column.dictionary.to_pylist():
        cell = text.strip()
        code = var.states.index(cell) if cell in var.states else -1
        if code < 0 and cell.lower() not in MISSING:
            code = -2  # not a state
        lookup.append(code)
    indices = column.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    table = np.array([*lookup, -1], dtype=np.int64)  # index -1 (null) reads the last: missing
    codes = table[indices]
    bad = np.flatnonzero(codes == -2)
    problems.unkept += max(0, len(bad) - KEPT)  # never listed: counted without looking
    for row in bad[:KEPT]:
        cell = column.dictionary[int(indices[row])].as_py().strip()
        problems.add(
            f"'{cell[:80]}' is not a state of '{name}'.{did_you_mean(cell, var.states)} "
            f"Valid states: {', '.join(var.states)}",
            (start + int(row) + FIRST_CASE, field + 1),
            name,
        )
    return np.where(codes == -2, -1, codes)
