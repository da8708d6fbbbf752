"""The briefing's "Options compared" section: for each decision of a model with decisions
and utilities (:mod:`scenarios.analysis.decide`), the best option with its margin and how
often it stays best over the tables' uncertainty, the options side by side, the scenarios in
which another option is best, and what knowing an observable first would be worth."""

from __future__ import annotations

from typing import Any

from scenarios.analysis.decide import DecisionReport, Decisions

SETTLED = 0.9  # an option best in this share of CPT draws holds up; below, it is not settled


def options_parts(found: Decisions) -> list[Any]:
    """Paragraphs and tables (the briefing's :class:`Table`, made by ``table``) in reading
    order; the caller wraps them in a section."""
    unit = f" {found.unit}" if found.unit else ""
    parts: list[Any] = [
        f"Following the best policy for every decision, the expected utility is "
        f"{found.meu:,.1f}{unit} (utilities are the model's stated value judgements)."
    ]
    for report in found.reports:
        parts += _decision(report, unit)
    return parts


def options_rows(report: DecisionReport) -> list[list[str]]:
    robust = report.robustness
    rows = []
    for option, value in sorted(report.options.items(), key=lambda kv: -kv[1]):
        margin = "best" if option == report.best else f"{report.margin(option):+,.1f}"
        share = "-" if robust is None else f"{robust.best_share[option]:.0%}"
        regret = "-" if robust is None else f"{robust.mean_regret[option]:,.1f}"
        rows.append([option, f"{value:,.1f}", margin, share, regret])
    return rows


OPTIONS_COLUMNS = ["option", "expected utility", "margin", "best in (draws)", "mean regret"]


def _decision(report: DecisionReport, unit: str) -> list[Any]:
    others = sorted((v for o, v in report.options.items() if o != report.best), reverse=True)
    lead = report.options[report.best] - others[0] if others else 0.0
    sentence = f"{report.decision}: {report.best} is best, {lead:,.1f}{unit} ahead"
    robust = report.robustness
    if robust is not None:
        share = robust.best_share[report.best]
        verdict = "it holds up" if share >= SETTLED else "the model does not settle the choice"
        sentence += f"; best in {share:.0%} of {robust.draws:,} draws of the tables: {verdict}"
    parts: list[Any] = [sentence + ".", ("table", OPTIONS_COLUMNS, options_rows(report))]
    differs = [s for s in report.scenarios if s.best != report.best]
    if differs:
        listed = "; ".join(
            f"{s.scenario}: {s.best} (regret of {report.best} {s.regret[report.best]:,.1f})"
            for s in differs
        )
        parts.append(f"Scenarios in which another option is best: {listed}.")
    worth = [i for i in report.information if i.value > 1e-9][:3]
    if worth:
        listed = ", ".join(f"{i.variable} ({i.value:,.2f}{unit})" for i in worth)
        parts.append(f"Worth knowing before choosing {report.decision} (EVPI): {listed}.")
    return parts
