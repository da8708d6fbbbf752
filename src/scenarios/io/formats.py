"""The registry of model file formats: YAML and the formats other tools use.

Every format is read and written by this project's own modules (each module's docstring
says which defect of pgmpy's reader or writer it replaces); :data:`FORMATS` names them:

- YAML: :mod:`scenarios.io.yaml_reader` reads, :mod:`scenarios.io.yaml_writer` writes;
- BIF and Hugin NET: :mod:`scenarios.io.bif` and :mod:`scenarios.io.net` read,
  :mod:`scenarios.io.text_writers` writes;
- XMLBIF and GeNIe XDSL: :mod:`scenarios.io.xmlformats` reads, :mod:`scenarios.io.xml_writers`
  writes (GeNIe's comments by :mod:`scenarios.io.genie`);
- Netica DNE: :mod:`scenarios.io.dne`; GeNIe's older DSL: :mod:`scenarios.io.dsl`, read only;
- UAI: :mod:`scenarios.io.uai`.

Everywhere: names with spaces or symbols are written as identifiers
(:mod:`scenarios.io.names`); notes go in one ``scenarios`` property (percent-encoded JSON)
where the format has properties; rows read are checked (non-negative, sum 1 within 1e-6, or
settled as :mod:`scenarios.io.row_rules` says) and divided by their sums. pgmpy is imported
only by :mod:`scenarios.io.pgmpy_bridge`, to hand a model to pgmpy or take one from it.

Adding a format: a module with a reader ``(text, filename) -> Model`` and a writer
``Model -> str``, and one :class:`Format` line in :data:`FORMATS` naming them
(docs/architecture.md); they are imported when a file is first read or written.

Example:
    >>> format_for("alarm.bif.gz").name, format_for("net.xdsl").name
    ('BIF', 'XDSL')
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.core.errors import Diagnostic, ModelError
from scenarios.io.atomic import atomic_write_bytes
from scenarios.io.files import read_text
from scenarios.io.format import Format
from scenarios.io.kept import not_kept
from scenarios.io.row_notes import settled_model
from scenarios.io.sniff import sniff

if TYPE_CHECKING:
    from scenarios.model.schema import Model


def _not_written(name: str, instead: str) -> Callable[[Model], str]:
    def refuse(model: Model) -> str:
        raise ModelError(
            [Diagnostic(f"{name} files are read, not written", hint=f"write {instead} instead")]
        )

    return refuse


FORMATS = (
    Format(
        "YAML",
        (".yaml", ".yml"),
        "scenarios.io.yaml_reader:parse_model",
        "scenarios.io.yaml_writer:dumps_yaml",
        lost="comments and parametric builders (every CPT is written as its table)",
    ),
    Format(
        "BIF",
        (".bif",),
        "scenarios.io.bif:parse_bif",
        "scenarios.io.text_writers:dumps_bif",
        lost=not_kept(),
    ),
    Format(
        "XMLBIF",
        (".xml", ".xmlbif", ".bifxml"),
        "scenarios.io.xmlformats:parse_xmlbif",
        "scenarios.io.xml_writers:dumps_xmlbif",
        lost=not_kept(),
    ),
    Format(
        "NET",
        (".net",),
        "scenarios.io.net:parse_net",
        "scenarios.io.text_writers:dumps_net",
        lost=not_kept(),
    ),
    Format(
        "XDSL",
        (".xdsl",),
        "scenarios.io.xmlformats:parse_xdsl",
        "scenarios.io.xml_writers:dumps_xdsl",
        keeps_notes=False,
        lost=not_kept(notes=False, comments=True) + " (descriptions and quotes are kept in "
        "GeNIe's comments)",
    ),
    Format(
        "DNE",
        (".dne",),
        "scenarios.io.dne:parse_dne",
        "scenarios.io.dne:dumps_dne",
        keeps_notes=False,
        lost=not_kept(notes=False, comments=True) + " (descriptions and quotes are kept in "
        "Netica's comments)",
    ),
    Format(
        "DSL",
        (".dsl",),
        "scenarios.io.dsl:parse_dsl",
        _not_written("DSL", "XDSL"),
        writable=False,
        keeps_notes=False,
        lost="GeNIe's older text format is read only: write XDSL for GeNIe",
    ),
    Format(
        "UAI",
        (".uai",),
        "scenarios.io.uai:parse_uai",
        "scenarios.io.uai:dumps_uai",
        keeps_names=False,
        keeps_notes=False,
        keeps_descriptions=False,
        lost=not_kept(names=False, notes=False),
    ),
)
"""The format registry: the CLI's help, ``convert`` and :func:`read_model_file` read it."""
SUFFIXES = ", ".join(s for f in FORMATS for s in f.suffixes)
NAMES = ", ".join(f.name.lower() for f in FORMATS)


def format_for(path: str | Path, name: str | None = None) -> Format:
    """The format named ``name`` (case-insensitive) or, without one, the format of the path's
    suffix (a trailing ``.gz`` is ignored)."""
    if name is not None:
        for fmt in FORMATS:
            if fmt.name.lower() == name.lower():
                return fmt
        raise ModelError(
            [Diagnostic(f"unknown format '{name}'", file=str(path), hint=f"use one of: {NAMES}")]
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


def read_model_file(
    path: str | Path, fmt: Format | None = None, strict: bool = False, normalize: bool = False
) -> Model:
    """Read a model file in ``fmt``, else in the format its content shows (when the suffix is
    missing or says otherwise: a note says which reader was used), else of its suffix, else
    as YAML. Rows are settled as other tools do (:mod:`scenarios.io.row_rules`), with a note
    for each change (``model.notes``): ``strict`` refuses every change instead, and a row
    further from 1 than rounding is refused unless ``normalize``. ModelError naming the file
    on failure.

    >>> import pathlib, tempfile
    >>> from scenarios import load_model
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "khorasan.net"
    >>> save_model(load_model(), path).name
    'NET'
    >>> read_model_file(path).variables["defection_rate"].states
    ('low', 'medium', 'high')
    """
    path = Path(path)
    text = read_text(path)
    chosen, note = (fmt, None) if fmt is not None else _detected(path, text)
    model = settled_model(chosen.read(text, str(path)), strict, normalize)
    return replace(model, notes=(*model.notes, note)) if note else model


def _detected(path: Path, text: str) -> tuple[Format, Diagnostic | None]:
    """The format of the suffix, unless the content shows another; YAML when neither says."""
    by_suffix = next((f for f in FORMATS if _suffix(path) in f.suffixes), None)
    by_content = next((f for f in FORMATS if f.name == sniff(text)), None)
    if by_content is None or by_content is by_suffix:
        return by_suffix or FORMATS[0], None
    said = f"the suffix says {by_suffix.name}" if by_suffix else "its suffix names no format"
    return by_content, Diagnostic(
        f"read as {by_content.name}: its content is {by_content.name} ({said})",
        file=str(path),
        hint=f"name the file with {by_content.suffixes[0]}, or give --from",
    )


def save_model(model: Model, path: str | Path, fmt: Format | None = None) -> Format:
    """Write ``model`` to ``path`` atomically, in ``fmt`` or the format of the suffix (gzip
    when the name ends in ``.gz``). Returns the format written."""
    path = Path(path)
    fmt = fmt or format_for(path)
    data = fmt.write(model).encode("utf-8")
    if path.suffix.lower() == ".gz":
        data = gzip.compress(data, mtime=0)
    atomic_write_bytes(path, data)
    return fmt


def missing_sources(model: Model, path: str | Path) -> list[str]:
    """The source text files a model written to ``path`` names that are not beside it
    (``file:`` is relative to the model's folder): its quotes cannot be checked there until
    they are copied."""
    folder = Path(path).parent
    return [s.file for s in model.sources if s.file and not (folder / s.file).exists()]
