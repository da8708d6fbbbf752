"""Models shipped with the package.

``models/`` in the repository holds the files modelers edit (``khorasan.yaml`` and the source
texts it quotes, ``sources/``). A wheel carries them as package data under ``scenarios/data/``
(``force-include`` in pyproject.toml, so there is one copy in the repository); an editable
install or a source checkout reads ``models/`` itself.

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
_REPOSITORY_MODELS = Path(__file__).resolve().parents[3] / "models"


def bundled_folder() -> Path:
    """Where the bundled models are: the wheel's package data, else the repository's
    ``models/`` (editable installs and source checkouts)."""
    packaged = Path(str(resources.files("scenarios.data")))
    if any(packaged.glob("*.yaml")):
        return packaged
    return _REPOSITORY_MODELS


def bundled_names() -> list[str]:
    """Names of the bundled models, e.g. ``["khorasan"]``."""
    return sorted(f.name.removesuffix(".yaml") for f in bundled_folder().glob("*.yaml"))


def bundled_text(name: str = DEFAULT_MODEL) -> str:
    """The YAML text of the bundled model ``name``."""
    return (bundled_folder() / f"{name}.yaml").read_text("utf-8")


def load_bundled(name: str = DEFAULT_MODEL) -> Model:
    """Load a bundled model by name (default: the Khorasan model); its quotes are checked
    against the source texts shipped beside it."""
    return parse_model(bundled_text(name), f"<bundled>/{name}.yaml", bundled_folder())


def resolve_model(reference: str | Path | None, base_dir: str | Path = ".") -> Model:
    """Load a model named by a user: None (the default bundled model), a bundled model's name,
    or a file path in any supported format (relative paths are taken from ``base_dir``)."""
    from scenarios.errors import Diagnostic, ModelError
    from scenarios.io.formats import SUFFIXES, load_any

    if reference is None:
        return load_bundled()
    path = Path(base_dir) / reference
    if path.exists() or path.is_symlink():  # a broken link or a loop: say so, not "no file"
        return load_any(path)
    if str(reference) in bundled_names():
        return load_bundled(str(reference))
    names = ", ".join(bundled_names())
    raise ModelError(
        [
            Diagnostic(
                f"no such file '{reference}'",
                file=str(path),
                hint=f"give a model file ({SUFFIXES}) or a bundled model ({names})",
            )
        ]
    )
