"""Reports of scenario files: scenarios side by side against a baseline (with credible
intervals on request) and the expectations checked."""

from __future__ import annotations

from scenarios.analysis.compare import ExpectationResult
from scenarios.core.bars import NEGLIGIBLE, change_style, change_text, is_negligible
from scenarios.engine.result import QueryResult
from scenarios.model.schema import Model
from scenarios.render.cells import change_cell, negligible_note, probability_cell
from scenarios.render.report import Cell, Report


def compare_report(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    negligible: float = NEGLIGIBLE,
) -> Report:
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
    return Report(
        f"Scenarios compared with '{baseline}'",
        ["variable", "state", *names],
        rows,
        data,
        notes=[negligible_note(negligible).replace("negligible:", "(≈): negligible,", 1)],
        right_aligned=set(range(2, 2 + len(names))),
    )


def _compare_cell(value: float, base: float, is_baseline: bool, negligible: float) -> Cell:
    if is_baseline:
        return Cell(f"{value:.3f}", value, "bold")
    change = value - base
    style = change_style(change, negligible)
    shown = "≈" if is_negligible(change, negligible) else change_text(change, negligible)
    return Cell(f"{value:.3f} ({shown})", value, style)


def check_report(results: list[ExpectationResult]) -> Report:
    table = []
    for r in results:
        verdict = Cell("pass", True, "green") if r.passed else Cell("FAIL", False, "bold red")
        share = Cell(f"{r.share:.0%}", r.share) if r.share is not None else ""
        table.append(
            [
                r.scenario,
                r.text,
                probability_cell(r.value),
                probability_cell(r.reference),
                share,
                verdict,
            ]
        )
    failed = sum(not r.passed for r in results)
    data = {
        "passed": len(results) - failed,
        "failed": failed,
        "expectations": [r.to_dict() for r in results],
    }
    return Report(
        "Expectations",
        ["scenario", "expectation", "value", "reference", "draws", "result"],
        table,
        data,
        notes=[f"{len(results) - failed} passed, {failed} failed"],
        right_aligned={2, 3, 4},
    )


def compare_intervals_report(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    spread: dict,
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
    return Report(
        f"Scenarios compared with '{baseline}' ({level:.0%} intervals, {draws:,} draws)",
        [
            "variable",
            "state",
            "scenario",
            "posterior",
            "change",
            "mean",
            "low",
            "high",
            "P(> baseline)",
        ],
        rows,
        data,
        notes=[negligible_note(negligible) + "; P(> baseline) is shown only beside a change"],
        right_aligned=set(range(3, 9)),
    )


def _spread_rows(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    spread: dict,
    negligible: float,
) -> list[list]:
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
