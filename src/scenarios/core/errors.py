"""Diagnostics for model files: every problem names the file, line, column and a fix.

Example:
    >>> d = Diagnostic("missing 'states'", file="m.yaml", line=3, column=5,
    ...                variable="x", hint="list the states, lowest first")
    >>> str(d)
    "m.yaml:3:5: variable 'x': missing 'states'. Fix: list the states, lowest first"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a model file, located to a line and column (1-based)."""

    message: str
    file: str = "<model>"
    line: int | None = None
    column: int | None = None
    variable: str | None = None
    hint: str | None = None
    kind: str = "variable"  # what ``variable`` names: a variable, or a scenario

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        subject = f"{self.kind} '{self.variable}': " if self.variable else ""
        text = f"{self.location}: {subject}{self.message}"
        if self.hint:
            text += ("" if text.endswith((".", "?")) else ".") + f" Fix: {self.hint}"
        return text


class ScenariosError(Exception):
    """Base class of every error the toolkit reports to a user. Each class carries the exit
    code the CLI ends with (``exit_code``, click's way): 2 for bad input unless it says
    otherwise."""

    exit_code = 2


class CheckFailed(ScenariosError):
    """A check the user asked for did not pass (``check``'s expectations, ``validate
    --strict``'s warnings): its report is already printed, the CLI exits 1."""

    exit_code = 1

    def __init__(self, message: str = ""):
        super().__init__(message)


class ModelError(ScenariosError):
    """A model file could not be loaded; ``diagnostics`` lists every problem found."""

    def __init__(self, diagnostics: list[Diagnostic], unlisted: int = 0):
        self.diagnostics = list(diagnostics)
        self.unlisted = unlisted  # more problems found than listed (a file of many bad rows)
        count = len(self.diagnostics) + unlisted
        head = f"{count} problem{'s' if count != 1 else ''} in model"
        super().__init__(head + ":\n" + "\n".join(f"  {d}" for d in self.diagnostics))


class QueryError(ScenariosError):
    """A query names an unknown variable or state, or is otherwise malformed."""


class OutputError(ScenariosError):
    """A file the user asked for could not be written (the old one is left as it was)."""


class TooLargeError(QueryError):
    """A query whose contraction would need more memory than the limit allows."""


class ImpossibleEvidenceError(QueryError):
    """The findings have probability 0 under the model."""

    def __init__(self, conflicting: dict[str, str], interventions: dict[str, str] | None = None):
        self.conflicting = dict(conflicting)
        self.interventions = dict(interventions or {})
        findings = ", ".join(f"{k}={v}" for k, v in self.conflicting.items())
        forced = ", ".join(f"do({k}={v})" for k, v in self.interventions.items())
        where = f"the model with {forced}" if forced else "this model"
        super().__init__(
            f"impossible evidence: the findings {findings} have probability 0 together under "
            f"{where}. Remove or change one of them."
        )


class Problems:
    """Collects diagnostics for one file so that every error is reported, not only the first."""

    def __init__(self, file: str, kind: str = "variable"):
        self.file = file
        self.kind = kind
        self.items: list[Diagnostic] = []

    def add(
        self,
        message: str,
        at: tuple[int, int] | None = None,
        variable: str | None = None,
        hint: str | None = None,
    ) -> None:
        line, column = at if at is not None else (None, None)
        self.items.append(Diagnostic(message, self.file, line, column, variable, hint, self.kind))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            ordered = sorted(self.items, key=lambda d: (d.line or 0, d.column or 0))
            raise ModelError(ordered)
