"""Models shipped inside the package (``scenarios/data/*.yaml``).

``models/khorasan.yaml`` in the repository is the file modelers edit; the packaged copy must be
identical (a test enforces it), so ``scenarios query`` works the same from a wheel.

Example:
    >>> "khorasan" in bundled_names()
    True
"""

from __future__ import annotations

from importlib import resources

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
