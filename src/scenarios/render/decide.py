"""The report of ``scenarios decide``: per decision, its options (expected utility, margin to
the best and, with draws, how often each is best and its mean regret), the policy as "if ...
choose ...", the regret of each option per scenario, and what each observable is worth knowing
before deciding; long-form rows for CSV."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.decide import DecisionReport, Decisions
from scenarios.model.evidence import Evidence
from scenarios.render.cells import given_text
from scenarios.render.report import Cell, Report

METHOD_NOTES = {
    "no-forgetting": "Solved as an influence diagram: the decisions are taken in one order and "
    "each knows what the earlier ones knew and chose (no-forgetting); the policies are optimal.",
    "limited memory": "Solved as a limited-memory influence diagram (the decisions fall in no "
    "single order; each knows only its parents): single policy updates until none changes "
    "({sweeps} sweeps). Optimal where the diagram is soluble, else no one policy can be "
    "improved on its own.",
}
OPTIONS_NOTE = (
    "Each option's expected utility is that of taking it whatever is known, the other "
    "decisions following their best policies; margin: against the best option."
)
ROBUST_NOTE = (
    "best in: the share of CPT draws (each table from its Dirichlet, as --intervals draws "
    "them) in which the option is best; regret: its mean shortfall from the best option there."
)


def amount(value: float, signed: bool = False) -> Cell:
    """A utility, to one decimal (signed for a margin or a regret)."""
    text = f"{value:+,.1f}" if signed else f"{value:,.1f}"
    return Cell(text.replace("-", "−"), value)


def options_table(report: DecisionReport, unit: str) -> Report:
    columns = ["option", f"expected utility{f' ({unit})' if unit else ''}", "margin"]
    robust = report.robustness
    if robust is not None:
        columns += ["best in", "mean regret"]
    rows = []
    for option, value in sorted(report.options.items(), key=lambda kv: -kv[1]):
        margin = report.margin(option)
        shown = Cell("best", 0.0, "bold") if option == report.best else amount(margin, True)
        row: list[Any] = [option, amount(value), shown]
        if robust is not None:
            row += [
                Cell(f"{robust.best_share[option]:.0%}", robust.best_share[option]),
                amount(robust.mean_regret[option]),
            ]
        rows.append(row)
    title = f"{report.decision}: the options, best first"
    return Report(title, columns, rows, None, right_aligned=set(range(1, len(columns))))


def policy_table(report: DecisionReport) -> Report | None:
    """The policy over what is observed (None where the decision observes nothing: its
    options table says it all)."""
    if not any(row.known for row in report.policy):
        return None
    rows = []
    for row in report.policy:
        known = ", ".join(f"{n} = {s}" for n, s in row.known.items())
        others = sorted((v for o, v in row.values.items() if o != row.best), reverse=True)
        lead = row.values[row.best] - others[0] if others else 0.0
        rows.append(
            [
                known,
                Cell(f"{row.probability:.0%}", row.probability),
                Cell(row.best, row.best, "bold"),
                amount(row.values[row.best]),
                amount(lead, signed=True),
            ]
        )
    shown = f" (the {len(report.policy)} likeliest of {report.policy_states})"
    more = shown if report.policy_states > len(report.policy) else ""
    title = f"{report.decision}: the policy, what to choose on what is known{more}"
    columns = ["if", "P(if)", "choose", "exp. utility", "lead"]
    return Report(title, columns, rows, None, right_aligned={1, 3, 4})


def scenarios_table(report: DecisionReport) -> Report | None:
    if not report.scenarios:
        return None
    options = list(report.options)
    columns = ["scenario", "best", *options]
    rows = [[s.scenario, s.best, *(amount(s.regret[o]) for o in options)] for s in report.scenarios]
    title = f"{report.decision}: the best option per scenario, and each option's regret there"
    return Report(title, columns, rows, None, right_aligned=set(range(2, len(columns))))


def information_table(report: DecisionReport) -> Report | None:
    """The observables worth knowing first (the others change no choice: a note says so)."""
    worth = [found for found in report.information if found.value > WORTHLESS]
    if not worth:
        return None
    rows = []
    for found in worth:
        per_cost = found.per_cost
        rows.append(
            [
                found.variable,
                Cell(f"{found.value:,.2f}", found.value),
                Cell("-", None) if found.cost is None else Cell(f"{found.cost:g}", found.cost),
                Cell("-", None) if per_cost is None else Cell(f"{per_cost:,.2f}", per_cost),
            ]
        )
    title = f"{report.decision}: what knowing each observable first is worth (EVPI)"
    columns = ["observable", "worth", "cost", "worth per cost"]
    return Report(title, columns, rows, None, right_aligned={1, 2, 3})


WORTHLESS = 1e-9  # an EVPI this small changes no choice


def decision_to_dict(report: DecisionReport) -> dict[str, Any]:
    robust = report.robustness
    return {
        "decision": report.decision,
        "best": report.best,
        "options": {
            o: {
                "expected_utility": v,
                "margin": report.margin(o),
                "best_share": robust.best_share[o] if robust else None,
                "mean_regret": robust.mean_regret[o] if robust else None,
            }
            for o, v in report.options.items()
        },
        "draws": robust.draws if robust else 0,
        "informed_by": list(report.informed_by),
        "policy": [
            {"if": r.known, "probability": r.probability, "choose": r.best, "values": r.values}
            for r in report.policy
        ],
        "policy_states": report.policy_states,
        "scenarios": [
            {"scenario": s.scenario, "best": s.best, "values": s.values, "regret": s.regret}
            for s in report.scenarios
        ],
        "information": [
            {"variable": i.variable, "value": i.value, "cost": i.cost, "per_cost": i.per_cost}
            for i in report.information
        ],
    }


def decide_notes(found: Decisions) -> list[str]:
    unit = f" {found.unit}" if found.unit else ""
    notes = [
        f"Maximum expected utility, every decision following its policy: {found.meu:,.1f}{unit}.",
        METHOD_NOTES[found.method].format(sweeps=found.sweeps),
        OPTIONS_NOTE,
    ]
    if any(r.robustness for r in found.reports):
        notes.append(ROBUST_NOTE)
    if any(r.information for r in found.reports):
        notes.append(
            "worth: the rise in maximum expected utility if the observable were known before "
            "deciding (EVPI); cost: its collection cost in the model."
        )
    for report in found.reports:
        idle = [i.variable for i in report.information if i.value <= WORTHLESS]
        if idle:
            notes.append(
                f"Knowing {', '.join(idle)} before choosing {report.decision} would change no "
                "choice (worth 0)."
            )
    if found.fixed:
        notes.append(f"Not decided, the evidence sets them: {', '.join(found.fixed)}.")
    return notes


def decide_report(found: Decisions, evidence: Evidence) -> Report:
    """The options of the first decision (the report), its other tables and the other
    decisions' as sections, the notes after the last; JSON everything; CSV a row per option."""
    tables: list[Report] = []
    for report in found.reports:
        tables.append(options_table(report, found.unit))
        for extra in (policy_table(report), scenarios_table(report), information_table(report)):
            if extra is not None:
                tables.append(extra)
    notes = decide_notes(found)
    data = {
        "model": found.model,
        "evidence": evidence.to_dict(),
        "unit": found.unit,
        "meu": found.meu,
        "method": found.method,
        "sweeps": found.sweeps,
        "decisions": [decision_to_dict(r) for r in found.reports],
        "fixed": found.fixed,
        "notes": notes,
    }
    title = f"Courses of action{given_text(evidence)}"  # JSON's and CSV's
    long_rows = [
        [r.decision, o, v, r.margin(o)] for r in found.reports for o, v in r.options.items()
    ]
    csv_rows = Report(title, ["decision", "option", "expected_utility", "margin"], long_rows, None)
    if not tables:
        return Report(title, [], [], data, notes=["Every decision is set by the evidence.", *notes])
    tables[-1].notes = notes
    first = tables[0]
    first.title += given_text(evidence)
    first.data = data
    first.sections = tables[1:]
    first.csv_rows = csv_rows
    return first
