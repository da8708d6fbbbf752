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

from pathlib import Path
from typing import TYPE_CHECKING

from scenarios import data
from scenarios.core.named import lazy_module
from scenarios.io.model_cache import kept
from scenarios.model.schema import Model

if TYPE_CHECKING:  # imported when the model is not kept (scenarios.core.named)
    from scenarios.io import yaml_reader
else:
    yaml_reader = lazy_module("scenarios.io.yaml_reader")

DEFAULT_MODEL = "khorasan"
_REPOSITORY_MODELS = Path(__file__).resolve().parents[3] / "models"


def bundled_folder() -> Path:
    """Where the bundled models are: the wheel's package data, else the repository's
    ``models/`` (editable installs and source checkouts)."""
    packaged = Path(data.__file__).parent  # a folder: the package is never run from a zip
    if any(packaged.glob("*.yaml")):
        return packaged
    return _REPOSITORY_MODELS


def bundled_names() -> list[str]:
    """Names of the bundled models, e.g. ``["khorasan"]``."""
    return sorted(f.name.removesuffix(".yaml") for f in bundled_folder().glob("*.yaml"))


def bundled_text(name: str = DEFAULT_MODEL) -> str:
    """The YAML text of the bundled model ``name``."""
    return (bundled_folder() / f"{name}.yaml").read_text("utf-8")


def bundled_name(path: str | None) -> str | None:
    """The bundled model's name when ``path`` is the one its Model carries, else None.

    >>> bundled_name("<bundled>/khorasan.yaml"), bundled_name("models/khorasan.yaml")
    ('khorasan', None)
    """
    prefix = "<bundled>/"
    if path and path.startswith(prefix) and path.endswith(".yaml"):
        return path[len(prefix) : -len(".yaml")]
    return None


def load_bundled(name: str = DEFAULT_MODEL, cache: bool = False) -> Model:
    """Load a bundled model by name (default: the Khorasan model); its quotes are checked
    against the source texts shipped beside it. ``cache``: as :func:`load_model` says."""
    folder = bundled_folder()
    text = bundled_text(name)

    def read() -> Model:  # its quotes checked against the sources in ``folder``
        return yaml_reader.parse_model(text, f"<bundled>/{name}.yaml", folder)

    return kept(text, ("bundled", name), folder, read) if cache else read()
