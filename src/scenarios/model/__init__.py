"""The model: schema, YAML loading with located diagnostics, and validation.

``load_model`` and ``parse_model`` are imported on first use: the loader needs the CPT
builders, and the builders need this package's YAML tree, so loading them eagerly here would
make ``import scenarios.cpt`` fail when it comes first.
"""

from typing import TYPE_CHECKING, Any

from scenarios.errors import Diagnostic, ImpossibleEvidenceError, ModelError, QueryError
from scenarios.model.schema import Model, Variable

if TYPE_CHECKING:
    from scenarios.model.loader import load_model, parse_model

__all__ = [
    "Diagnostic",
    "ImpossibleEvidenceError",
    "Model",
    "ModelError",
    "QueryError",
    "Variable",
    "load_model",
    "parse_model",
]


def __getattr__(name: str) -> Any:
    if name in ("load_model", "parse_model"):
        from scenarios.model import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'scenarios.model' has no attribute '{name}'")
