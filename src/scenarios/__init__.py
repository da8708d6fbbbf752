"""scenarios: scenario planning with causal Bayesian networks.

The public API is small:

    >>> from scenarios import Engine, load_bundled
    >>> engine = Engine(load_bundled("khorasan"))
    >>> result = engine.query({"is_funding": "high"}, ["defection_rate"])
    >>> round(result["defection_rate"]["high"], 3)
    0.414

``load_model(path)`` reads a YAML model (raising ``ModelError`` with every problem located to a
line), ``Engine(model).query(evidence, targets)`` answers exactly, ``to_pgmpy(model)`` converts
for pgmpy. Names are imported on first use so that ``import scenarios`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Engine": "scenarios.engine",
    "Evidence": "scenarios.engine.evidence",
    "QueryResult": "scenarios.engine",
    "Model": "scenarios.model",
    "Variable": "scenarios.model",
    "load_model": "scenarios.model",
    "parse_model": "scenarios.model",
    "load_bundled": "scenarios.model.bundled",
    "to_pgmpy": "scenarios.io.pgmpy_bridge",
    "Diagnostic": "scenarios.errors",
    "ScenariosError": "scenarios.errors",
    "ModelError": "scenarios.errors",
    "QueryError": "scenarios.errors",
    "ImpossibleEvidenceError": "scenarios.errors",
}

__all__ = [
    "Diagnostic", "Engine", "Evidence", "ImpossibleEvidenceError", "Model", "ModelError",
    "QueryError", "QueryResult", "ScenariosError", "Variable", "load_bundled", "load_model",
    "parse_model", "to_pgmpy",
]

if TYPE_CHECKING:
    from scenarios.engine import Engine, QueryResult
    from scenarios.engine.evidence import Evidence
    from scenarios.errors import (
        Diagnostic,
        ImpossibleEvidenceError,
        ModelError,
        QueryError,
        ScenariosError,
    )
    from scenarios.io.pgmpy_bridge import to_pgmpy
    from scenarios.model import Model, Variable, load_model, parse_model
    from scenarios.model.bundled import load_bundled


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
