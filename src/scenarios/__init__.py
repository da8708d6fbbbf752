"""scenarios: scenario planning with causal Bayesian networks.

The public API is small. Load a model (YAML, BIF, XMLBIF, NET, XDSL or UAI), ask it questions,
get plain data back:

    >>> from scenarios import Engine, Evidence, load_bundled
    >>> engine = Engine(load_bundled("khorasan"))
    >>> result = engine.query({"is_funding": "high"}, ["defection_rate"])
    >>> round(result["defection_rate"]["high"], 3)
    0.403
    >>> sorted(result.to_dict())
    ['evidence', 'model', 'posteriors', 'probability_of_evidence']

Soft findings (likelihoods) and interventions (``do``) go in an :class:`Evidence`:

    >>> report = {"stalled": 0.2, "talks": 1.0, "advancing": 0.5}  # P(report | state)
    >>> forced = engine.query(Evidence(soft={"peace_process": report},
    ...                                do={"taliban_stance": "confront"}), ["fata_relocation"])
    >>> round(forced["fata_relocation"]["yes"], 3)
    0.75

A result prints as a rich table (``rich.print(result)``) and as HTML in a notebook.
``load_model(path)`` reads any supported file (``ModelError`` lists every problem, located),
``save_model(model, path)`` writes one atomically, ``to_pgmpy``/``from_pgmpy`` convert for
pgmpy. Names are imported on first use so that ``import scenarios`` stays fast.
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
    "load_model": "scenarios.io.formats",
    "save_model": "scenarios.io.formats",
    "from_pgmpy": "scenarios.io.pgmpy_bridge",
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
    "Diagnostic",
    "Engine",
    "Evidence",
    "ImpossibleEvidenceError",
    "Model",
    "ModelError",
    "QueryError",
    "QueryResult",
    "ScenariosError",
    "Variable",
    "load_bundled",
    "load_model",
    "from_pgmpy",
    "parse_model",
    "save_model",
    "to_pgmpy",
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
    from scenarios.io.formats import load_model, save_model
    from scenarios.io.pgmpy_bridge import from_pgmpy, to_pgmpy
    from scenarios.model import Model, Variable, parse_model
    from scenarios.model.bundled import load_bundled


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
