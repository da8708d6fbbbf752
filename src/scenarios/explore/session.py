"""What ``scenarios explore`` works on, without a screen: the model, the evidence a planner
builds finding by finding (undo and redo), the posterior of every variable under it, and the
baseline each change is read against (the model with no evidence, or a scenario of the file).

Every change is answered before it is kept: a finding the model cannot take (an unknown
state, evidence of probability 0, a model file that no longer loads) raises, and the session
stays as it was.

Example:
    >>> from scenarios import load_model
    >>> session = Session(load_model())
    >>> _ = session.set_finding("is_funding", "high")
    >>> round(session.frame.posteriors["defection_rate"]["high"], 3)
    0.403
    >>> session.undo(), session.frame.evidence.describe()
    (True, '')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from scenarios.analysis.decide import options_under
from scenarios.core.errors import QueryError
from scenarios.core.text import quoted
from scenarios.engine import Engine
from scenarios.engine.decisions import DecisionSolver
from scenarios.io.analyst_file import Assessment
from scenarios.io.bundled import bundled_name
from scenarios.io.loading import load_model
from scenarios.io.scenario_writer import add_scenario
from scenarios.io.scenariofile import ScenarioSet, load_scenario_file
from scenarios.model.evidence import Evidence, parse_evidence
from scenarios.model.fields import Role
from scenarios.model.schema import Model

ORDER: tuple[Role, ...] = ("driver", "mediator", "indicator", "outcome")  # as listed


@dataclass(frozen=True)
class Frame:
    """The evidence and what it gives: every variable's posterior and P(evidence); in a
    model with decisions, the maximum expected utility and each open decision's options
    with their expected utilities."""

    evidence: Evidence
    posteriors: dict[str, dict[str, float]]
    probability: float
    meu: float | None = None
    options: dict[str, dict[str, float]] = field(default_factory=dict)


def _answer(engine: Engine, evidence: Evidence, solver: DecisionSolver | None = None) -> Frame:
    result = engine.query(evidence)
    frame = Frame(evidence, result.posteriors, result.probability_of_evidence)
    if solver is None:
        return frame
    meu, options = options_under(solver, evidence)
    return replace(frame, meu=meu, options=options)


def _solver(model: Model) -> DecisionSolver | None:
    return DecisionSolver(model) if model.decisions and model.utilities else None


def finding_of(evidence: Evidence, name: str) -> tuple[str, str] | None:
    """What ``evidence`` says of ``name``: (kind, text) with kind one of ``=`` (hard),
    ``~`` (likelihoods), ``:=`` (belief), ``do``; None when nothing.

    >>> finding_of(Evidence({"a": "x"}), "a"), finding_of(Evidence(), "a")
    (('=', 'x'), None)
    """
    if name in evidence.hard:
        return "=", evidence.hard[name]
    if name in evidence.do:
        return "do", evidence.do[name]
    for kind, found in (("~", evidence.soft), (":=", evidence.beliefs)):
        if name in found:
            return kind, ",".join(f"{s}:{p:g}" for s, p in found[name].items())
    return None


class Session:
    """The explorer's state. ``frame`` is the evidence on screen and its answers;
    ``reference`` the baseline's. ``reader`` reads the model again on :meth:`reload` (by
    default: its file or bundled name, as it was first read)."""

    def __init__(
        self,
        model: Model,
        scenarios: ScenarioSet | None = None,
        scenario_path: Path | None = None,
        evidence: Evidence | None = None,
        reader: Callable[[], Model] | None = None,
    ):
        self.model, self.engine = model, Engine(model)
        self.solver = _solver(model)  # the model's decisions, where it has any
        self.scenarios, self.scenario_path = scenarios, scenario_path
        self.reader = reader or (lambda: load_model(bundled_name(model.path) or model.path))
        self.baseline: str | None = None  # a scenario's name; None: no evidence
        self.slice = 0  # a time-sliced model's slice the list shows (with the fixed variables)
        self.analysts: list[Assessment] = []  # with --analysts: who assessed what (pooled)
        self.reference = self.answer(Evidence())
        self._history = [self.answer(evidence or Evidence())]
        self._position = 0

    @property
    def frame(self) -> Frame:
        return self._history[self._position]

    def answer(self, evidence: Evidence) -> Frame:
        """Every posterior under ``evidence``; QueryError or ImpossibleEvidenceError when the
        model cannot take it."""
        return _answer(self.engine, evidence, self.solver)

    def apply(self, evidence: Evidence) -> Frame:
        """Make ``evidence`` the current one (the redo history after it is dropped)."""
        frame = self.answer(evidence)
        del self._history[self._position + 1 :]
        self._history.append(frame)
        self._position += 1
        return frame

    def set_finding(self, name: str, state: str) -> Frame:
        """The hard finding ``name=state``, replacing anything said of ``name``."""
        self.model.variable(name).check_state(state)
        return self.apply(self.frame.evidence.with_finding(name, state))

    def set_intervention(self, name: str, state: str) -> Frame:
        """``do(name=state)``: ``name`` forced and cut from its causes."""
        self.model.variable(name).check_state(state)
        return self.apply(self.frame.evidence.with_intervention(name, state))

    def set_numbers(self, name: str, kind: str, text: str) -> Frame:
        """Likelihoods (``kind`` ``~``) or a belief (``:=``) written as on the command line
        after the variable: ``high:0.8,low:0.2``."""
        self.model.check_variable(name)
        given = parse_evidence([f"{name}{kind}{text}"])
        return self.apply(self.frame.evidence.merged(given))

    def clear(self, name: str | None = None) -> Frame:
        """Drop what is said of ``name`` (of every variable when None)."""
        evidence = self.frame.evidence
        if name is not None and finding_of(evidence, name) is None:
            raise QueryError(f"there is no finding on {quoted(name)} to clear")
        if name is None and not (evidence.observed or evidence.do):
            raise QueryError("there is no evidence to clear")
        return self.apply(evidence.without(name) if name is not None else Evidence())

    def undo(self) -> bool:
        if self._position == 0:
            return False
        self._position -= 1
        return True

    def redo(self) -> bool:
        if self._position == len(self._history) - 1:
            return False
        self._position += 1
        return True

    def scenario_evidence(self, name: str | None) -> Evidence:
        """The evidence of the scenario ``name`` (None: no evidence)."""
        if name is None:
            return Evidence()
        if not self.scenarios or name not in self.scenarios.scenarios:
            raise QueryError(f"there is no scenario {quoted(name)}")
        return self.scenarios.scenarios[name].evidence

    def load_scenario(self, name: str) -> Frame:
        """The scenario's evidence on screen, replacing the current evidence (undoable)."""
        return self.apply(self.scenario_evidence(name))

    def set_baseline(self, name: str | None) -> Frame:
        """Read every change against the scenario ``name`` (None: the model with no
        evidence)."""
        self.reference = self.answer(self.scenario_evidence(name))
        self.baseline = name
        return self.reference

    def save_scenario(self, name: str, description: str = "") -> ScenarioSet:
        """Add the evidence on screen to the scenario file as scenario ``name``."""
        if self.scenario_path is None:
            raise QueryError("start explore with --scenarios FILE to save scenarios to it")
        self.scenarios = add_scenario(
            self.scenario_path, name, description, self.frame.evidence, self.model
        )
        return self.scenarios

    def reload(self) -> str:
        """Read the model (and the scenario file) again from disk; keep the evidence and the
        baseline when the new model takes them (the undo history starts again). Raises,
        leaving everything as it was, when a file does not load. Returns what happened."""
        path = self.scenario_path
        scenarios = load_scenario_file(path) if path is not None and path.exists() else None
        model = scenarios.model if scenarios else self.reader()
        engine, solver = Engine(model), _solver(model)
        said = [f"reloaded {model.name}"]
        try:
            frame = _answer(engine, self.frame.evidence, solver)
        except QueryError as exc:
            frame = _answer(engine, Evidence(), solver)
            said.append(f"the evidence was cleared: {exc}")
        baseline = self.baseline
        if baseline is not None and (not scenarios or baseline not in scenarios.scenarios):
            said.append(f"the baseline '{baseline}' is gone: changes are against no evidence")
            baseline = None
        evidence = scenarios.scenarios[baseline].evidence if scenarios and baseline else None
        reference = _answer(engine, evidence or Evidence(), solver)
        self.model, self.engine, self.scenarios = model, engine, scenarios
        self.solver = solver
        self.slice = min(self.slice, model.time.slices - 1) if model.time else 0
        self.baseline, self.reference = baseline, reference
        self._history, self._position = [frame], 0
        return "; ".join(said)

    @property
    def slice_label(self) -> str:
        """The label of the slice shown ("" for a static model)."""
        return self.model.time.labels[self.slice] if self.model.time else ""

    def move_slice(self, step: int) -> str:
        """Show the slice ``step`` away (kept within the slices); its label."""
        if self.model.time is not None:
            self.slice = min(max(self.slice + step, 0), self.model.time.slices - 1)
        return self.slice_label

    def in_slice(self, name: str) -> bool:
        """Whether the list shows ``name``: every variable of a static model; in a
        time-sliced one, the fixed variables and the copies in the slice shown."""
        if self.model.time is None or not self.model.variables[name].changes:
            return True
        return name.endswith("@" + self.slice_label)

    def groups(self, only: str = "") -> list[tuple[Role, list[str]]]:
        """The variables by role (declared, else from the graph), drivers first; with
        ``only``, those whose name or description holds it (any case); in a time-sliced
        model, those of the slice shown."""
        needle = only.strip().lower()
        shown = [
            name
            for name, var in self.model.variables.items()
            if (needle in name.lower() or needle in var.description.lower()) and self.in_slice(name)
        ]
        by_role: list[tuple[Role, list[str]]] = []
        for role in ORDER:
            members = [n for n in shown if self.model.role_of(n) == role]
            if members:
                by_role.append((role, members))
        return by_role
