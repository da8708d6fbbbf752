"""Model files in the formats other tools use: BIF, XMLBIF, Hugin NET, GeNIe XDSL and UAI.

Who reads and writes what (each module's docstring says which defect it works around):

- YAML: :mod:`scenarios.model` reads, :mod:`scenarios.io.yaml_writer` writes;
- BIF, Hugin NET, XMLBIF and GeNIe XDSL: read here, with located errors, by
  :mod:`scenarios.io.bif`, :mod:`scenarios.io.net` and :mod:`scenarios.io.xmlformats`
  (pgmpy's readers lose blocks, fail on Hugin's comments, drop GeNIe nodes, are slow);
  written by pgmpy's writers through :mod:`scenarios.io.foreign` (exact floats, encoded
  names, GeNIe comments by :mod:`scenarios.io.genie`);
- UAI: :mod:`scenarios.io.uai` (pgmpy writes its tables in the wrong order).

Everywhere: names with spaces or symbols are written as identifiers
(:mod:`scenarios.io.names`); notes go in one ``scenarios`` property (percent-encoded JSON)
where the format has properties; rows read are checked (non-negative, sum 1 within 1e-6) and
divided by their sums. pgmpy is imported only to write a foreign format.

Example:
    >>> format_for("alarm.bif.gz").name, format_for("net.xdsl").name
    ('BIF', 'XDSL')
"""

from __future__ import annotations

import gzip
import importlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import numpy as np

from scenarios import limits
from scenarios.errors import Diagnostic, ModelError
from scenarios.inputs import remember_input
from scenarios.model.schema import Model


@dataclass(frozen=True)
class Format:
    """One file format: its name, file suffixes, and what it cannot hold."""

    name: str
    suffixes: tuple[str, ...]
    keeps_names: bool = True
    keeps_notes: bool = True  # descriptions, sources, roles, edge quotes
    keeps_descriptions: bool = True  # descriptions and sources, of variables and the model
    lost: str = ""


MODEL_NOTES_LOST = "the model's description, source, horizon, sources and confidence"
FORMATS = (
    Format(
        "YAML",
        (".yaml", ".yml"),
        lost="comments and parametric builders (every CPT is written as its table)",
    ),
    Format("BIF", (".bif",), lost=MODEL_NOTES_LOST),
    Format("XMLBIF", (".xml", ".xmlbif"), lost=MODEL_NOTES_LOST),
    Format("NET", (".net",), lost=MODEL_NOTES_LOST),
    Format(
        "XDSL",
        (".xdsl",),
        keeps_notes=False,
        lost="roles, edge quotes and assumptions, state definitions, the horizon, sources "
        "and confidence (descriptions and sources are kept in GeNIe's comments)",
    ),
    Format(
        "UAI",
        (".uai",),
        keeps_names=False,
        keeps_notes=False,
        keeps_descriptions=False,
        lost="every name (variables become var_0, var_1, ...; states 0, 1, ...), "
        "descriptions, sources, roles, edge quotes and assumptions, state definitions, "
        "the horizon and confidence",
    ),
)
READERS = {  # imported only when a file of the format is read
    "YAML": "scenarios.model.loader:parse_model",
    "BIF": "scenarios.io.bif:parse_bif",
    "NET": "scenarios.io.net:parse_net",
    "XMLBIF": "scenarios.io.xmlformats:parse_xmlbif",
    "XDSL": "scenarios.io.xmlformats:parse_xdsl",
    "UAI": "scenarios.io.uai:parse_uai",
}
SUFFIXES = ", ".join(s for f in FORMATS for s in f.suffixes)


def format_for(path: str | Path, name: str | None = None) -> Format:
    """The format named ``name`` (case-insensitive) or, without one, the format of the path's
    suffix (a trailing ``.gz`` is ignored)."""
    if name is not None:
        for fmt in FORMATS:
            if fmt.name.lower() == name.lower():
                return fmt
        known = ", ".join(f.name.lower() for f in FORMATS)
        raise ModelError(
            [Diagnostic(f"unknown format '{name}'", file=str(path), hint=f"use one of: {known}")]
        )
    suffix = _suffix(Path(path))
    for fmt in FORMATS:
        if suffix in fmt.suffixes:
            return fmt
    raise ModelError(
        [
            Diagnostic(
                f"cannot tell the format from the suffix '{suffix}'",
                file=str(path),
                hint=f"name the file with one of: {SUFFIXES}",
            )
        ]
    )


def _suffix(path: Path) -> str:
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_text(path: Path) -> str:
    """The file's text (gunzipped when it starts with the gzip magic), refusing files and
    decompressed contents over the size limit, counted on the bytes actually read (a pipe or
    a device has no size to ask for); located errors. The file is remembered as an input, so
    that no output of this process replaces it (:mod:`scenarios.io.atomic`)."""
    limit = limits.get("file_mb") * 2**20
    try:
        with path.open("rb") as stream:
            remember_input(path)
            raw = read_bounded(stream, limit)
        if raw is None:
            raise _refuse(path, "the file's size")
        if raw[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
                raw = read_bounded(stream, limit)
            if raw is None:
                raise _refuse(path, "the decompressed size")
        return _decoded(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ModelError(
            [Diagnostic(f"cannot read the file: {reason}", file=str(path), hint="check the path")]
        ) from None
    except UnicodeDecodeError as exc:
        raise ModelError(
            [
                Diagnostic(
                    f"not UTF-8 text (byte {exc.start})",
                    file=str(path),
                    hint="save the file as UTF-8 text",
                )
            ]
        ) from None


CHUNK = 2**20


def read_bounded(stream, limit: int) -> bytes | None:
    """Up to ``limit`` bytes of ``stream``, read in chunks (never one allocation of the whole
    limit); None when there is more."""
    parts, total = [], 0
    while total <= limit:
        part = stream.read(min(CHUNK, limit + 1 - total))
        if not part:
            return b"".join(parts)
        parts.append(part)
        total += len(part)
    return None


_XML_ENCODING = re.compile(rb'^<\?xml[^>]*encoding\s*=\s*["\']([A-Za-z0-9._-]+)["\']')


def _decoded(raw: bytes) -> str:
    """UTF-8 text, or text in the encoding an XML declaration names (GeNIe writes
    ISO-8859-1); UnicodeDecodeError when it is neither."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _XML_ENCODING.match(raw.lstrip(b"\xef\xbb\xbf"))
        if declared:
            try:
                return raw.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def _refuse(path: Path, what: str) -> ModelError:
    return ModelError(
        [Diagnostic(limits.refusal(f"{what} in MB", None, "file_mb"), file=str(path))]
    )


def load_model(path: str | Path, fmt: Format | None = None) -> Model:
    """Read a model file in any supported format (by suffix; files with another suffix are
    read as YAML); ModelError naming the file on failure.

    >>> import pathlib, tempfile
    >>> from scenarios import load_bundled
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "khorasan.net"
    >>> save_model(load_bundled(), path).name
    'NET'
    >>> load_model(path).variables["defection_rate"].states
    ('low', 'medium', 'high')
    """
    path = Path(path)
    if fmt is None:
        known = [f for f in FORMATS if _suffix(path) in f.suffixes]
        fmt = known[0] if known else FORMATS[0]
    text = read_text(path)
    module, name = READERS[fmt.name].split(":")
    return getattr(importlib.import_module(module), name)(text, str(path))


def dumps_model(model: Model, fmt: Format) -> str:
    """The text of ``model`` in ``fmt``."""
    if fmt.name == "YAML":
        from scenarios.io.yaml_writer import dumps_yaml

        return dumps_yaml(model)
    if fmt.name == "UAI":
        from scenarios.io.uai import dumps_uai

        return dumps_uai(model)
    from scenarios.io.foreign import dumps_foreign

    return dumps_foreign(model, fmt)


def load_any(path: str | Path, fmt: Format | None = None) -> Model:
    """Alias of :func:`load_model` (the name the CLI uses)."""
    return load_model(path, fmt)


def save_model(model: Model, path: str | Path, fmt: Format | None = None) -> Format:
    """Write ``model`` to ``path`` atomically, in ``fmt`` or the format of the suffix (gzip
    when the name ends in ``.gz``). Returns the format written."""
    from scenarios.io.atomic import atomic_write_bytes

    path = Path(path)
    fmt = fmt or format_for(path)
    data = dumps_model(model, fmt).encode("utf-8")
    if path.suffix.lower() == ".gz":
        data = gzip.compress(data, mtime=0)
    atomic_write_bytes(path, data)
    return fmt


def encode_notes(notes: dict) -> str:
    """Percent-encoded JSON: no spaces, quotes or semicolons for a format's grammar to trip on.

    >>> decode_notes(encode_notes({"description": "a; b \\"c\\""}))
    {'description': 'a; b "c"'}
    """
    return quote(json.dumps(notes, ensure_ascii=False, separators=(",", ":")), safe="")


def decode_notes(text: str) -> dict:
    try:
        notes = json.loads(unquote(text.strip().strip('"')))
    except ValueError:
        return {}
    return notes if isinstance(notes, dict) else {}


def stem(filename: str) -> str:
    """``alarm`` for ``.../alarm.bif.gz``: a model name for files that carry none."""
    return Path(filename).name.split(".")[0]


def row_problem(row: np.ndarray) -> str | None:
    """Why a CPT row read from a file is not a distribution (None when it is one)."""
    if not np.isfinite(row).all():
        return "is not a number"
    if (row < 0).any():
        return "has a negative probability"
    total = float(row.sum())
    if abs(total - 1.0) > 1e-6:
        return f"sums to {total:.6g}, not 1"
    return None
