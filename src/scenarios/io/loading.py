"""The one way to load a model: :func:`load_model` takes a file in any registered format, the
name of a bundled model, or nothing (the default bundled model)."""

from __future__ import annotations

from pathlib import Path

from scenarios.core.errors import Diagnostic, ModelError
from scenarios.io.bundled import DEFAULT_MODEL, bundled_names, load_bundled
from scenarios.io.format import Format
from scenarios.io.formats import SUFFIXES
from scenarios.io.model_files import read_model_file
from scenarios.model.schema import Model


def load_model(
    path_or_bundled_name: str | Path | None = None,
    *,
    fmt: Format | None = None,
    base_dir: str | Path = ".",
    strict: bool = False,
    normalize: bool = False,
    cache: bool = False,
) -> Model:
    """Load a model: a file path in any supported format (by suffix, or ``fmt``; relative
    paths are taken from ``base_dir``), a bundled model's name, or None for the default
    bundled model. A ModelError lists every problem, located; an unknown name says what to
    give instead. What a reader changed (rows rounded or of counts divided by their sums, float
    noise) is in ``model.notes``; ``strict=True`` refuses it, and rows further from 1 than
    rounding are refused unless ``normalize=True`` (:func:`read_model_file`). ``cache=True``
    keeps the model read in the user's cache folder and takes it from there while nothing its
    reading depends on has changed (:mod:`scenarios.io.model_cache`).

    >>> load_model().name == load_model("khorasan").name == "khorasan"
    True
    """
    if path_or_bundled_name is None:
        return load_bundled(DEFAULT_MODEL, cache)
    path = Path(base_dir) / path_or_bundled_name
    if path.exists() or path.is_symlink():  # a broken link or a loop: say so, not "no file"
        return read_model_file(path, fmt, strict, normalize, cache)
    if str(path_or_bundled_name) in bundled_names():
        return load_bundled(str(path_or_bundled_name), cache)
    names = ", ".join(bundled_names())
    raise ModelError(
        [
            Diagnostic(
                f"no such file '{path_or_bundled_name}'",
                file=str(path),
                hint=f"give a model file ({SUFFIXES}) or a bundled model ({names})",
            )
        ]
    )
