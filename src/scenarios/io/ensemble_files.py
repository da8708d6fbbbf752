"""An ensemble's results folder: ``ensemble.json`` (what was evaluated: the model by name and
content hash, the tool's version, the spec, the parts) and a Parquet file per part
(``part-00000.parquet``, ...), each written atomically once its part is answered, so a run
that is stopped resumes from the parts already there. A folder made for another model, spec
or version is refused by name. pyarrow is imported here only (the ``parquet`` extra).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.core.errors import QueryError
from scenarios.io.atomic import atomic_write_bytes

HEADER = "ensemble.json"


def part_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:05d}.parquet"


def open_results(folder: Path, header: dict[str, Any]) -> set[int]:
    """Make ``folder`` (or take it as it is, when it holds the same ensemble) and return the
    parts already written; QueryError for a folder of another ensemble or a file in the way."""
    header = json.loads(json.dumps(header))  # as the file holds it (tuples as lists)
    if folder.exists() and not folder.is_dir():
        raise QueryError(f"{folder} is a file: name a folder for the results (-o RESULTS)")
    existing = folder / HEADER
    if existing.exists():
        found = _header(existing)
        if found != header:
            raise QueryError(
                f"{folder} holds {_describe(found)}, not {_describe(header)}: "
                "name another folder, or remove this one to start again"
            )
    elif folder.exists() and any(folder.iterdir()):
        raise QueryError(f"{folder} is not empty and holds no ensemble: name another folder")
    else:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(existing, (json.dumps(header, indent=2) + "\n").encode("utf-8"))
    return {i for i in range(int(header["parts"])) if part_path(folder, i).exists()}


def _describe(header: dict[str, Any]) -> str:
    spec = header.get("spec", {})
    return (
        f"an ensemble of {header.get('model')} (content {header.get('model_hash')}, "
        f"scenarios {header.get('version')}) varying {', '.join(spec.get('vary', []))}"
    )


def _header(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QueryError(f"{path}: not an ensemble's header ({exc})") from None
    if not isinstance(found, dict):
        raise QueryError(f"{path}: not an ensemble's header")
    return found


def write_part(folder: Path, index: int, columns: dict[str, np.ndarray]) -> None:
    """One part's rows as a Parquet file, written atomically."""
    pa, pq = _pyarrow()

    table = pa.table({name: pa.array(values) for name, values in columns.items()})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic_write_bytes(part_path(folder, index), sink.getvalue().to_pybytes())


def read_results(folder: Path) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and every part's rows, concatenated by column; QueryError for a folder
    with no ensemble or with parts missing (a run that has not finished)."""
    pq = _pyarrow()[1]
    path = folder / HEADER
    if not path.exists():
        raise QueryError(
            f"{folder} holds no ensemble ({HEADER} is missing): run scenarios "
            "ensemble -o FOLDER first"
        )
    header = _header(path)
    count = int(header.get("parts", 0))
    missing = [i for i in range(count) if not part_path(folder, i).exists()]
    if missing:
        raise QueryError(
            f"{folder}: {len(missing)} of {count} parts are missing (the run "
            "stopped): run the same scenarios ensemble command again to finish it"
        )
    tables = [pq.read_table(part_path(folder, i)) for i in range(count)]
    columns = {
        name: np.concatenate([t.column(name).to_numpy(zero_copy_only=False) for t in tables])
        for name in (tables[0].column_names if tables else [])
    }
    return header, columns


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # lazy: the ensemble extra, on this path only
        import pyarrow.parquet as pq
    except ImportError:
        raise QueryError(
            "an ensemble's results are Parquet files: pip install 'scenarios[ensemble]'"
        ) from None
    return pa, pq
