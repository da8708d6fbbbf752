"""``scenarios decide``: which course of action holds up. For each decision of an influence
diagram: the expected utility of each option and its margin to the best, the optimal policy
per information state, the regret of each option in each scenario of a file, how often each
option is best over draws of the CPTs (and its expected regret), and what knowing each
observable before deciding would be worth (the expected value of perfect information, EVPI).

Options are compared with the other decisions following their optimal policies (found once,
on the model's tables); a draw or a scenario re-weighs the options, it does not re-solve the
other decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from scenarios.analysis.uncertainty import sample_cpts
from scenarios.engine.decisions import DecisionSolver, Policy, Solution
from scenarios.model.evidence import Evidence
from scenarios.model.graph import descendants
from scenarios.model.schema import Model

POLICY_ROWS = 12  # information states a policy lists (the most likely first)


@dataclass(frozen=True)
class PolicyRow:
    """One information state: what is known, how likely it is, the best option and the
    expected utility of each option there."""

    known: dict[str, str]
    probability: float
    best: str
    values: dict[str, float]


@dataclass(frozen=True)
class Robustness:
    """Over CPT draws: the share of draws in which each option is best, and its mean regret
    (the best option's expected utility minus its own, 0 where it is best)."""

    draws: int
    best_share: dict[str, float]
    mean_regret: dict[str, float]


@dataclass(frozen=True)
class ScenarioRegret:
    """One scenario: the expected utility of each option under its evidence, and each
    option's regret there."""

    scenario: str
    values: dict[str, float]
    best: str
    regret: dict[str, float]


@dataclass(frozen=True)
class InformationValue:
    """What knowing ``variable`` before deciding is worth: the MEU with it known minus the
    MEU without (EVPI, in the utilities' unit), and per unit of its collection cost."""

    variable: str
    value: float
    cost: float | None

    @property
    def per_cost(self) -> float | None:
        return None if self.cost is None else self.value / self.cost


@dataclass(frozen=True)
class DecisionReport:
    """One decision: each option's expected utility (committing to it whatever is known),
    the policy that uses what is known, and the analyses that test the choice."""

    decision: str
    options: dict[str, float]
    best: str
    informed_by: tuple[str, ...]  # what it knows: observed variables and earlier decisions
    policy: list[PolicyRow]
    policy_states: int  # information states in all (the policy lists the likeliest)
    robustness: Robustness | None = None
    scenarios: list[ScenarioRegret] = field(default_factory=list)
    information: list[InformationValue] = field(default_factory=list)

    def margin(self, option: str) -> float:
        return self.options[option] - self.options[self.best]


@dataclass(frozen=True)
class Decisions:
    """What ``decide`` found: the MEU, how the diagram was solved, one report per decision."""

    model: str
    unit: str
    meu: float
    method: str
    sweeps: int
    reports: list[DecisionReport]
    fixed: list[str]  # decisions the evidence sets: not decided


def decide(
    model: Model,
    evidence: Evidence,
    scenarios: Mapping[str, Evidence] | None = None,
    draws: int = 0,
    seed: int | None = None,
    information: bool = True,
    progress: Callable[[int], None] | None = None,
) -> Decisions:
    """Solve the model's decisions given ``evidence`` and test each choice (see the module)."""
    solver = DecisionSolver(model)
    solution = solver.solve(evidence)
    tables = {d: solution.table(d) for d in solution.policies}
    cpts = None
    if draws:
        rng = np.random.default_rng(seed)
        drawn = sample_cpts(model, draws, rng)
        cpts = {n: a for n, a in drawn.items() if not model.variables[n].decision}
    reports = []
    for name in solution.order:
        values = solver.option_values(evidence, name, tables)
        report = _report(solver, solution, name, values)
        if cpts is not None:
            spread = solver.option_values(evidence, name, tables, cpts)
            report = _with(report, robustness=_robustness(report, spread))
        if scenarios:
            found = [
                _regret(solver, report, s, evidence.merged(e), tables) for s, e in scenarios.items()
            ]
            report = _with(report, scenarios=found)
        if information:
            report = _with(report, information=_information(model, evidence, solution, name))
        reports.append(report)
        if progress is not None:
            progress(1)
    fixed = [d for d in model.decisions if d not in solution.policies]
    unit = next((u.unit for u in model.utilities.values() if u.unit), "")
    return Decisions(
        model.name, unit, solution.meu, solution.method, solution.sweeps, reports, fixed
    )


def options_under(
    solver: DecisionSolver, evidence: Evidence
) -> tuple[float, dict[str, dict[str, float]]]:
    """The MEU under ``evidence`` and, per decision it leaves open, each option's expected
    utility with the other decisions at their best policies (the explorer's panel)."""
    solution = solver.solve(evidence)
    tables = {d: solution.table(d) for d in solution.policies}
    options = {}
    for name in solution.order:
        values = solver.option_values(evidence, name, tables)
        options[name] = dict(zip(solver.model.variables[name].states, values.tolist(), strict=True))
    return solution.meu, options


def _report(
    solver: DecisionSolver, solution: Solution, name: str, values: np.ndarray
) -> DecisionReport:
    options = solver.model.variables[name].states
    by_option = dict(zip(options, values.tolist(), strict=True))
    best = options[int(np.argmax(values))]
    policy = solution.policies[name]
    rows = _policy_rows(solver.model, policy)
    return DecisionReport(name, by_option, best, policy.informed_by, rows[:POLICY_ROWS], len(rows))


def _policy_rows(model: Model, policy: Policy) -> list[PolicyRow]:
    """The information states that can occur, likeliest first."""
    options = model.variables[policy.decision].states
    rows = []
    for index in np.ndindex(*policy.choice.shape):
        weight = float(policy.weights[index]) if policy.informed_by else 1.0
        if weight <= 0 or np.isnan(policy.values[index]).all():
            continue
        known = {  # earlier decisions follow their policies: only what is observed is shown
            n: model.variables[n].states[i]
            for n, i in zip(policy.informed_by, index, strict=True)
            if not model.variables[n].decision
        }
        values = {o: float(v) for o, v in zip(options, policy.values[index], strict=True)}
        rows.append(PolicyRow(known, weight, options[int(policy.choice[index])], values))
    return sorted(rows, key=lambda r: -r.probability)


def _robustness(report: DecisionReport, spread: np.ndarray) -> Robustness:
    """``spread``: (draws, options) expected utilities."""
    options = list(report.options)
    regret = spread.max(axis=1, keepdims=True) - spread
    winners = np.argmax(spread, axis=1)
    share = {o: float(np.mean(winners == k)) for k, o in enumerate(options)}
    mean = {o: float(regret[:, k].mean()) for k, o in enumerate(options)}
    return Robustness(len(spread), share, mean)


def _regret(
    solver: DecisionSolver,
    report: DecisionReport,
    scenario: str,
    evidence: Evidence,
    tables: Mapping[str, np.ndarray],
) -> ScenarioRegret:
    values = solver.option_values(evidence, report.decision, tables)
    options = list(report.options)
    by_option = dict(zip(options, values.tolist(), strict=True))
    top = float(values.max())
    best = options[int(np.argmax(values))]
    return ScenarioRegret(scenario, by_option, best, {o: top - v for o, v in by_option.items()})


def _information(
    model: Model, evidence: Evidence, solution: Solution, name: str
) -> list[InformationValue]:
    """EVPI of each observable (every chance variable where the model marks none) that the
    decision does not already know and does not cause, largest first."""
    parents = {n: v.parents for n, v in model.variables.items()}
    caused = descendants(parents, name)
    known = set(solution.policies[name].informed_by)
    pool = model.observables or model.names
    found = []
    for variable in pool:
        var = model.variables[variable]
        if var.decision or variable in caused or variable in known or variable == name:
            continue
        if variable in evidence.hard or variable in evidence.do:
            continue
        informed = DecisionSolver(model, {name: (variable,)}).solve(evidence)
        found.append(InformationValue(variable, informed.meu - solution.meu, var.cost))
    return sorted(found, key=lambda v: -v.value)


def _with(report: DecisionReport, **changes: object) -> DecisionReport:
    return replace(report, **changes)  # type: ignore[arg-type]
