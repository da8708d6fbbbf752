"""The report of ``scenarios compare``: the scenarios of a file side by side against a baseline,
with credible intervals on request."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.console import Group
from rich.text import Text

from scenarios.core.bars import NEGLIGIBLE, change_style, change_text, is_negligible
from scenarios.engine.result import QueryResult
from scenarios.model.schema import Model
from scenarios.render.cells import change_cell, negligible_note, probability_cell
from scenarios.render.fit import Fitted
from scenarios.render.report import Cell, Report, rich_table


def compare_report(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    negligible: float = NEGLIGIBLE,
    wide: bool = False,
    descriptions: dict[str, str] | None = None,
) -> Report:
    """Scenarios as columns, target states as rows; on a terminal too narrow for that (and
    without ``wide``), a table per target with the scenarios as rows. With ``descriptions``,
    a section says what each scenario is and the evidence it sets."""
    names = list(results)
    rows = []
    for target in targets:
        for state in model.variables[target].states:
            base = results[baseline].posteriors[target][state]
            cells = [
                _compare_cell(results[n].posteriors[target][state], base, n == baseline, negligible)
                for n in names
            ]
            rows.append([target, state, *cells])
    data = {
        "model": model.name,
        "baseline": baseline,
        "scenarios": {n: r.to_dict() for n, r in results.items()},
    }
    report = Report(
        f"Scenarios compared with '{baseline}'",
        ["variable", "state", *names],
        rows,
        data,
        notes=[negligible_note(negligible).replace("negligible:", "(≈): negligible,", 1)],
        right_aligned=set(range(2, 2 + len(names))),
        sections=[scenarios_section(results, descriptions)] if descriptions is not None else [],
        csv_rows=_long_form(model, results, baseline, targets, descriptions or {}),
    )
    if wide:
        return report
    narrow = _per_target(model, results, baseline, targets, negligible)
    return replace(report, view=Fitted(rich_table(report), narrow))


def scenarios_section(results: dict[str, QueryResult], descriptions: dict[str, str]) -> Report:
    """What each scenario is: its description and the evidence it sets."""
    rows = []
    for name, result in results.items():
        given = result.given
        p = Cell(f"{result.probability_of_evidence:.4g}", result.probability_of_evidence)
        rows.append([name, descriptions.get(name, ""), given.describe() or "none", p])
    columns = ["scenario", "description", "evidence", "P(evidence)"]
    return Report("The scenarios", columns, rows, None, right_aligned={3})


def _long_form(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    descriptions: dict[str, str],
) -> Report:
    """A row per target state and scenario, with the scenario's description, evidence and
    P(evidence): the CSV of ``compare``, one observation per row."""
    rows = []
    for target in targets:
        for state in model.variables[target].states:
            base = results[baseline].posteriors[target][state]
            for name, r in results.items():
                value = r.posteriors[target][state]
                given = r.given
                rows.append(
                    [
                        target,
                        state,
                        name,
                        value,
                        value - base,
                        descriptions.get(name, ""),
                        given.describe() or "none",
                        r.probability_of_evidence,
                    ]
                )
    columns = [
        "variable",
        "state",
        "scenario",
        "posterior",
        "change",
        "description",
        "evidence",
        "P(evidence)",
    ]
    return Report("", columns, rows, None)


def _per_target(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    negligible: float,
) -> Group:
    """A table per target: a row per scenario, a column per state, each cell the probability
    and its change against the baseline in points (≈ when negligible)."""
    tables = []
    for target in targets:
        states = model.variables[target].states
        rows = []
        for name, result in results.items():
            cells = []
            for state in states:
                value, base = (
                    result.posteriors[target][state],
                    results[baseline].posteriors[target][state],
                )
                cells.append(_short_cell(value, base, name == baseline, negligible))
            rows.append([name, *cells])
        table = Report(
            target, ["scenario", *states], rows, None, right_aligned=set(range(1, 1 + len(states)))
        )
        tables.append(rich_table(table))
    title = Text(
        f"Scenarios compared with '{baseline}': probability, change in points", style="bold cyan"
    )
    note = Text(
        negligible_note(negligible).replace("negligible:", "≈: negligible,", 1)
        + "; --wide: one table, scenarios as columns",
        style="dim",
    )
    return Group(title, *tables, note)


def _short_cell(value: float, base: float, is_baseline: bool, negligible: float) -> Cell:
    if is_baseline:
        return Cell(f"{value:.3f}", value, "bold")
    change = value - base
    shown = "≈" if is_negligible(change, negligible) else f"{change * 100:+.1f}"
    return Cell(f"{value:.3f} {shown:>5}", value, change_style(change, negligible))


def _compare_cell(value: float, base: float, is_baseline: bool, negligible: float) -> Cell:
    if is_baseline:
        return Cell(f"{value:.3f}", value, "bold")
    change = value - base
    style = change_style(change, negligible)
    shown = "≈" if is_negligible(change, negligible) else change_text(change, negligible)
    return Cell(f"{value:.3f} ({shown})", value, style)


def compare_intervals_report(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    spread: dict[str, Any],
    level: float,
    draws: int,
    negligible: float = NEGLIGIBLE,
) -> Report:
    """Long form: a row per scenario and target state, with the interval and the share of
    draws in which the scenario exceeds the baseline (shown only beside a change that is
    not negligible: 82% of draws above a +0.5 pp change is no signal)."""
    rows = _spread_rows(model, results, baseline, targets, spread, negligible)
    data = {
        "model": model.name,
        "baseline": baseline,
        "level": level,
        "draws": draws,
        "scenarios": {
            n: {
                **r.to_dict(),
                "intervals": {
                    t: {st: spread[n][t][st].to_dict() for st in model.variables[t].states}
                    for t in targets
                },
            }
            for n, r in results.items()
        },
    }
    columns = ["variable", "state", "scenario", "posterior", "change", "mean", "low", "high"]
    report = Report(
        f"Scenarios compared with '{baseline}' ({level:.0%} intervals, {draws:,} draws)",
        [*columns, "P(> baseline)"],
        rows,
        data,
        notes=[negligible_note(negligible) + "; P(> baseline) is shown only beside a change"],
        right_aligned=set(range(3, 9)),
    )
    return replace(report, view=Fitted(rich_table(report), _per_state(report)))


def _per_state(report: Report) -> Group:
    """The long table cut into one table per target state (its rows' scenarios), so the
    scenario names and numbers keep their own lines at 80 columns."""
    tables = []
    groups: dict[tuple[str, str], list[list[Any]]] = {}
    for row in report.rows:
        scenario, posterior, change, _, low, high, above = row[2:]
        interval = Cell(f"{low.text}–{high.text}", None)
        if change.text == "negligible":
            change = Cell("≈", change.raw, change.style)
        cells = [scenario, posterior, change, interval, above]
        groups.setdefault((str(row[0]), str(row[1])), []).append(cells)
    for (target, state), rows in groups.items():
        columns = ["scenario", "P", "change", "interval", ">base"]
        part = Report(f"P({target}={state})", columns, rows, None, right_aligned={1, 2, 3, 4})
        tables.append(rich_table(part))
    notes = [Text(n, style="dim") for n in report.notes]
    return Group(Text(report.title, style="bold cyan"), *tables, *notes)


def _spread_rows(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    spread: dict[str, Any],
    negligible: float,
) -> list[list[Any]]:
    rows = []
    for target in targets:
        for state in model.variables[target].states:
            base = results[baseline].posteriors[target][state]
            for name, result in results.items():
                value = result.posteriors[target][state]
                s = spread[name][target][state]
                if name == baseline:
                    exceeds = Cell("—", "", "dim")
                elif is_negligible(value - base, negligible):
                    exceeds = Cell("—", s.exceeds_baseline, "dim")
                else:
                    exceeds = Cell(f"{s.exceeds_baseline:.0%}", s.exceeds_baseline)
                rows.append(
                    [
                        target,
                        state,
                        name,
                        probability_cell(value),
                        change_cell(value - base, negligible),
                        probability_cell(s.interval.mean),
                        probability_cell(s.interval.low),
                        probability_cell(s.interval.high),
                        exceeds,
                    ]
                )
    return rows
