"""What the command line asks, checked once: the findings of ``-e``, ``--do`` and ``--journal``
as evidence, the question the engine prepares from them, the targets a command reports by
default, and the context an export's numbers are given in."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from scenarios.cli.model_input import open_journal
from scenarios.cli.options import (
    Findings,
)
from scenarios.cli.output import stderr_console
from scenarios.core.errors import QueryError
from scenarios.core.named import lazy_module
from scenarios.engine import Engine, Question
from scenarios.engine.observation import observe
from scenarios.model.evidence import Evidence, parse_evidence
from scenarios.model.schema import Model
from scenarios.model.time import canonical
from scenarios.render.cells import small_probability

if TYPE_CHECKING:  # imported for --journal alone (scenarios.core.named)
    from scenarios.analysis import journal
else:
    journal = lazy_module("scenarios.analysis.journal")


def evidence_from(findings: Findings, model: Model) -> Evidence:
    """The findings of ``-e`` and ``--do`` options on top of the journal's (``--journal``,
    ``--as-of``), parsed and checked against ``model``; a warning on stderr for each ``-e``
    soft finding that is hard evidence in effect."""
    given = on_slices(model, parse_evidence(findings.evidence, findings.do))
    evidence = given
    if findings.journal is not None:
        entries = open_journal(findings.journal)
        evidence = journal.journal_evidence(model, entries, findings.as_of).merged(given)
    elif findings.as_of is not None:
        raise QueryError("--as-of reads an evidence journal: add --journal FILE")
    observe(model, evidence)  # names and likelihoods: a QueryError, never a warning first
    for name, state in evidence.do.items():
        model.variable(name).check_state(state)
    for name, state in given.hard_in_effect().items():
        numbers = ",".join(f"{s}:{v:g}" for s, v in given.soft[name].items())
        stderr_console().print(
            Text.assemble(
                ("warning: ", "bold yellow"),
                f"-e '{name}~{numbers}' is hard evidence: a likelihood for '{state}' alone "
                f"gives the other states 0, the same as -e {name}={state}. To say how sure you "
                f"are, state a belief: -e '{name}:={state}:0.8,OTHER:0.2'; to weigh a report, "
                f"give every state its likelihood: '{name}~{state}:0.8,OTHER:0.2,...'.",
            ),
            soft_wrap=True,
        )
    return evidence


def on_slices(model: Model, evidence: Evidence) -> Evidence:
    """In a time-sliced model, ``VAR@3`` (a slice by its index) read as ``VAR@2016Q2`` (its
    label, as the model names it); unchanged otherwise."""
    if model.time is None:
        return evidence

    def renamed(found: dict[str, Any]) -> dict[str, Any]:
        return {canonical(model, n): v for n, v in found.items()}

    return Evidence(
        renamed(evidence.hard),
        renamed(evidence.soft),
        renamed(evidence.do),
        renamed(evidence.beliefs),
    )


def ask(
    findings: Findings, model: Model, targets: Iterable[str] | None = None
) -> tuple[Engine, Question]:
    """The engine of ``model`` and the command line's question prepared on it once: the
    evidence of :func:`evidence_from`, its beliefs resolved, its names and ``targets`` checked,
    P(evidence) computed (ImpossibleEvidenceError naming a smallest conflicting set)."""
    evidence = evidence_from(findings, model)
    engine = Engine(model)
    return engine, engine.prepare(evidence, targets)


def context_of(model: Model, question: Question | None = None) -> dict[str, str]:
    """What an export's numbers are given: the model (and its file), the evidence in the
    command line's own syntax, and P(evidence) when there is any (read from the question)."""
    context = {"model": model.name + (f" ({model.path})" if model.path else "")}
    if question is None:
        return context
    context["evidence"] = question.stated.describe() or "none"
    if question.stated.observed:
        context["P(evidence)"] = small_probability(question.log_probability, 6)
    return context


def targets_or_outcomes(model: Model, targets: Iterable[str] = ()) -> list[str]:
    """The targets given (a slice by its index read as the model names it), else the model's
    outcomes, else (no roles declared) every variable."""
    return [canonical(model, t) for t in targets] or model.outcomes or model.names
