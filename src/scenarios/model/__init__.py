"""The model: schema, YAML loading with located diagnostics, and validation."""

from scenarios.errors import Diagnostic, ImpossibleEvidenceError, ModelError, QueryError
from scenarios.model.loader import load_model, parse_model
from scenarios.model.schema import Model, Variable

__all__ = ["Diagnostic", "ImpossibleEvidenceError", "Model", "ModelError", "QueryError",
           "Variable", "load_model", "parse_model"]
