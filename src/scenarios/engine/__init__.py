"""Compiled exact inference."""

from scenarios.engine.compiled import Engine
from scenarios.engine.result import QueryResult

__all__ = ["Engine", "QueryResult"]
