"""Models shipped inside the package (``scenarios/data/*.yaml``).

``models/khorasan.yaml`` in the repository is the file modelers edit; the packaged copy must be
identical (a test enforces it), so ``scenarios query`` works the same from a wheel.

Example:
    >>> "khorasan" in bundled_names()
    True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from scenarios.model.loader import parse_model
from scenarios.model.schema import Model

DEFAULT_MODEL = "khorasan"


def bundled_names() -> list[str]:
    """Names of the bundled models, e.g. ``["khorasan"]``."""
    files = resources.files("scenarios.data").iterdir()
    return sorted(f.name.removesuffix(".yaml") for f in files if f.name.endswith(".yaml"))


def bundled_text(name: str = DEFAULT_MODEL) -> str:
    """The YAML text of the bundled model ``name``."""
    return resources.files("scenarios.data").joinpath(f"{name}.yaml").read_text("utf-8")


def load_bundled(name: str = DEFAULT_MODEL) -> Model:
    """Load a bundled model by name (default: the Khorasan model)."""
    return parse_model(bundled_text(name), f"<bundled>/{name}.yaml")


def resolve_model(reference: str | Path | None, base_dir: str | Path = ".") -> Model:
    """Load a model named by a user: None (the default bundled model), a bundled model's name,
    or a file path in any supported format (relative paths are taken from ``base_dir``)."""
    from scenarios.errors import Diagnostic, ModelError
    from scenarios.io.formats import SUFFIXES, load_any

    if reference is None:
        return load_bundled()
    path = Path(base_dir) / reference
    if path.exists():
        return load_any(path)
    if str(reference) in bundled_names():
        return load_bundled(str(reference))
    names = ", ".join(bundled_names())
    raise ModelError([Diagnostic(f"no such file '{reference}'", file=str(path),
                                 hint=f"give a model file ({SUFFIXES}) or a bundled model "
                                 f"({names})")])
