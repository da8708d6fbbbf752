"""Model files read and written: the format chosen by name, suffix or content (the registry is
:data:`scenarios.io.formats.FORMATS`), rows settled, writes atomic and gzip on ``.gz``.

Example:
    >>> import pathlib, tempfile
    >>> from scenarios import load_model
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "khorasan.net"
    >>> save_model(load_model(), path).name
    'NET'
    >>> read_model_file(path).variables["defection_rate"].states
    ('low', 'medium', 'high')
"""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from scenarios.core.errors import Diagnostic
from scenarios.core.named import lazy_module
from scenarios.io import formats
from scenarios.io.bundled import bundled_name, bundled_text
from scenarios.io.files import read_text
from scenarios.io.format import Format
from scenarios.io.formats import format_for, suffix_of
from scenarios.io.model_cache import kept
from scenarios.io.row_notes import settled_model

if TYPE_CHECKING:  # a kept model needs none of these (scenarios.core.named)
    from scenarios.io import atomic, sniff, yaml_comments
    from scenarios.model.schema import Model
else:
    atomic = lazy_module("scenarios.io.atomic")
    sniff = lazy_module("scenarios.io.sniff")
    yaml_comments = lazy_module("scenarios.io.yaml_comments")


def read_model_file(
    path: str | Path,
    fmt: Format | None = None,
    strict: bool = False,
    normalize: bool = False,
    cache: bool = False,
) -> Model:
    """Read a model file in ``fmt``, else in the format its content shows (when the suffix is
    missing or says otherwise: a note says which reader was used), else of its suffix, else
    as YAML. Rows are settled as other tools do (:mod:`scenarios.io.row_rules`), with a note
    for each change (``model.notes``): ``strict`` refuses every change instead, and a row
    further from 1 than rounding is refused unless ``normalize``. ModelError naming the file
    on failure. ``cache``: the model kept once read, and taken from there while the file and
    what its reading depends on are unchanged (:mod:`scenarios.io.model_cache`).
    """
    path = Path(path)
    text = read_text(path)

    def read() -> Model:
        chosen, note = (fmt, None) if fmt is not None else _detected(path, text)
        model = settled_model(chosen.read(text, str(path)), strict, normalize)
        return replace(model, notes=(*model.notes, note)) if note else model

    if not cache:
        return read()
    how = ("file", str(path), fmt.name if fmt else "", f"{strict}", f"{normalize}")
    return kept(text, how, path.parent, read)


def _detected(path: Path, text: str) -> tuple[Format, Diagnostic | None]:
    """The format of the suffix, unless the content shows another; YAML when neither says."""
    by_suffix = next((f for f in formats.FORMATS if suffix_of(path) in f.suffixes), None)
    by_content = next((f for f in formats.FORMATS if f.name == sniff.sniff(text)), None)
    if by_content is None or by_content is by_suffix:
        return by_suffix or formats.FORMATS[0], None
    said = f"the suffix says {by_suffix.name}" if by_suffix else "its suffix names no format"
    return by_content, Diagnostic(
        f"read as {by_content.name}: its content is {by_content.name} ({said})",
        file=str(path),
        hint=f"name the file with {by_content.suffixes[0]}, or give --from",
    )


def save_model(
    model: Model, path: str | Path, fmt: Format | None = None, comments_from: str | None = None
) -> Format:
    """Write ``model`` to ``path`` atomically, in ``fmt`` or the format of the suffix (gzip
    when the name ends in ``.gz``). ``comments_from``: a YAML model file whose comments the
    written YAML keeps (:mod:`scenarios.io.yaml_comments`). Returns the format written."""
    path = Path(path)
    fmt = fmt or format_for(path)
    text = fmt.write(model)
    original = _yaml_text(comments_from) if comments_from and fmt.name == "YAML" else None
    if original is not None:
        text = yaml_comments.with_comments(text, original)
    data = text.encode("utf-8")
    if path.suffix.lower() == ".gz":
        data = gzip.compress(data, mtime=0)
    atomic.atomic_write_bytes(path, data)
    return fmt


def _yaml_text(path: str) -> str | None:
    """The text of the YAML model file at ``path`` (a bundled model's too), else None."""
    name = bundled_name(path)
    if name is not None:
        return bundled_text(name)
    if path.startswith("<") or format_for(path).name != "YAML" or not Path(path).is_file():
        return None
    return read_text(Path(path))


def missing_sources(model: Model, path: str | Path) -> list[str]:
    """The source text files a model written to ``path`` names that are not beside it
    (``file:`` is relative to the model's folder): its quotes cannot be checked there until
    they are copied."""
    folder = Path(path).parent
    return [s.file for s in model.sources if s.file and not (folder / s.file).exists()]
