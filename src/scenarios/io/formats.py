"""The registry of model file formats: YAML and the formats other tools use (reading and
writing a file with them: :mod:`scenarios.io.model_files`).

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

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.core.errors import Diagnostic, ModelError
from scenarios.io.format import Format
from scenarios.io.kept import not_kept

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
        lost=not_kept(influence=True),
    ),
    Format(
        "NET",
        (".net",),
        "scenarios.io.net:parse_net",
        "scenarios.io.text_writers:dumps_net",
        lost=not_kept(influence=True),
    ),
    Format(
        "XDSL",
        (".xdsl",),
        "scenarios.io.xmlformats:parse_xdsl",
        "scenarios.io.xml_writers:dumps_xdsl",
        keeps_notes=False,
        lost=not_kept(notes=False, comments=True, influence=True)
        + " (descriptions and quotes are kept in GeNIe's comments)",
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
"""The format registry: the CLI's help, ``convert`` and
:func:`scenarios.io.model_files.read_model_file` read it."""
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
    suffix = suffix_of(Path(path))
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


def suffix_of(path: Path) -> str:
    """The suffix that names the format of ``path`` (lower case; a trailing ``.gz`` is
    ignored), or ``""``."""
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""
