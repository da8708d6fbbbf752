"""Compiled exact inference."""

from scenarios.engine.compiled import Asked, Engine
from scenarios.engine.question import Question
from scenarios.engine.result import QueryResult

__all__ = ["Asked", "Engine", "Question", "QueryResult"]
