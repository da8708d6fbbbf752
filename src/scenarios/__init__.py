"""scenarios: scenario planning with causal Bayesian networks.

The public API is small and pinned (``__all__``). Load a model (a file in any supported format,
a bundled model's name, or nothing for the default), ask it questions, get plain data back:

    >>> from scenarios import Engine, Evidence, load_model
    >>> engine = Engine(load_model())
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
``load_model(path_or_bundled_name=None)`` reads any supported file (``ModelError`` lists every
problem, located), ``save_model(model, path)`` writes one atomically, ``to_pgmpy``/``from_pgmpy``
convert for pgmpy (imported only then).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scenarios.core.errors import (
    CheckFailed,
    Diagnostic,
    ImpossibleEvidenceError,
    ModelError,
    QueryError,
    ScenariosError,
)

if TYPE_CHECKING:
    from scenarios.analysis.journal import load_journal
    from scenarios.engine import Engine, QueryResult
    from scenarios.io.loading import load_model
    from scenarios.io.model_files import save_model
    from scenarios.io.pgmpy_bridge import from_pgmpy, to_pgmpy
    from scenarios.io.pgmpy_dbn import from_pgmpy_dbn, to_pgmpy_dbn
    from scenarios.io.yaml_reader import parse_model
    from scenarios.model.evidence import Evidence, parse_evidence
    from scenarios.model.schema import Model, Variable

__version__ = "0.1.0"

# Where each name of the API lives. They are loaded when first used (PEP 562), so that a
# command's start-up (``scenarios --help``) does not pay for numpy and the engine.
_HOMES = {
    "Engine": "scenarios.engine",
    "QueryResult": "scenarios.engine",
    "Evidence": "scenarios.model.evidence",
    "parse_evidence": "scenarios.model.evidence",
    "load_journal": "scenarios.analysis.journal",
    "save_model": "scenarios.io.model_files",
    "load_model": "scenarios.io.loading",
    "from_pgmpy": "scenarios.io.pgmpy_bridge",
    "to_pgmpy": "scenarios.io.pgmpy_bridge",
    "from_pgmpy_dbn": "scenarios.io.pgmpy_dbn",
    "to_pgmpy_dbn": "scenarios.io.pgmpy_dbn",
    "parse_model": "scenarios.io.yaml_reader",
    "Model": "scenarios.model.schema",
    "Variable": "scenarios.model.schema",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "CheckFailed",
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
    "from_pgmpy",
    "from_pgmpy_dbn",
    "load_journal",
    "load_model",
    "parse_evidence",
    "parse_model",
    "save_model",
    "to_pgmpy",
    "to_pgmpy_dbn",
]
