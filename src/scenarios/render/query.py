"""Rich tables for query results: one table per target with prior, posterior, change and a bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from scenarios.analysis.conflict import Conflict
from scenarios.core.bars import NEGLIGIBLE, bar, change_style, change_text, range_bar
from scenarios.core.estimative import YARDSTICK, YARDSTICK_NOTE, estimative
from scenarios.engine.result import QueryResult
from scenarios.model.measures import expected_level
from scenarios.model.schema import Model
from scenarios.render.cells import change_cell, negligible_note, probability_cell
from scenarios.render.conflict import conflict_to_dict, conflict_warning
from scenarios.render.report import Report

if TYPE_CHECKING:
    from scenarios.analysis.uncertainty import Interval, IntervalResult


def query_report(
    model: Model,
    result: QueryResult,
    prior: QueryResult,
    spread: IntervalResult | None = None,
    negligible: float = NEGLIGIBLE,
    words: bool = False,
    conflict: Conflict | None = None,
) -> Report:
    """A row per target state: prior, posterior, change; with ``spread`` the credible
    interval; with ``words`` the posterior in the terms of the ICD 203 yardstick; a warning
    when the findings ``conflict``."""
    rows = []
    for name, posterior in result.posteriors.items():
        for state in model.variables[name].states:
            before, after = prior.posteriors[name][state], posterior[state]
            row = [
                name,
                state,
                probability_cell(before),
                probability_cell(after),
                change_cell(after - before, negligible),
            ]
            if spread:
                iv = spread.intervals[name][state]
                row += [
                    probability_cell(iv.mean),
                    probability_cell(iv.low),
                    probability_cell(iv.high),
                ]
            if words:
                row.append(estimative(after))
            rows.append(row)
    columns = ["variable", "state", "prior", "posterior", "change"]
    if spread:
        columns += ["mean", f"low ({spread.level:.0%})", f"high ({spread.level:.0%})"]
    data = {**result.to_dict(), **(spread.to_dict() if spread else {})}
    if conflict is not None:  # two findings or more
        data["conflict"] = conflict_to_dict(conflict)
    warning = conflict_warning(conflict)
    notes = [warning] if warning else []
    notes += [negligible_note(negligible), *_levels(model, result, prior)]
    if words:
        columns.append("in words")
        data["yardstick"] = YARDSTICK
        data["in_words"] = {
            n: {s: estimative(p) for s, p in d.items()} for n, d in result.posteriors.items()
        }
        notes.append(YARDSTICK_NOTE)
    return Report(
        f"Posteriors ({model.name})",
        columns,
        rows,
        data,
        notes=notes,
        right_aligned=set(range(2, len(columns) - words)),
        view=query_view(model, result, prior, spread, negligible, words, warning),
    )


def _levels(model: Model, result: QueryResult, prior: QueryResult) -> list[str]:
    """How each ordinal target's expected level moved."""
    notes = []
    for name, posterior in result.posteriors.items():
        var = model.variables[name]
        level = _expectation(var.scale, var.states, prior.posteriors[name], posterior)
        if level:
            notes.append(f"{name}: {level}")
    return notes


def query_view(
    model: Model,
    result: QueryResult,
    prior: QueryResult,
    intervals: IntervalResult | None = None,
    negligible: float = NEGLIGIBLE,
    words: bool = False,
    warning: str = "",
) -> Group:
    """Everything ``scenarios query`` prints: a heading then one table per target (and a
    ``warning`` under the heading)."""
    parts: list[Any] = [result.heading()]
    if warning:
        parts.append(Text(warning, style="yellow"))
    if model.horizon:
        parts.append(Text(f"horizon: {model.horizon}", style="dim"))
    if intervals:
        parts.append(
            Text(
                f"credible intervals: {intervals.level:.0%} over {intervals.draws:,} "
                f"Dirichlet draws of every CPT "
                + (
                    f"(seed {intervals.seed})"
                    if intervals.seed is not None
                    else "(--seed N to repeat them)"
                )
                + "; the bar runs from 0 to 100%, ━ the interval, ┃ the posterior",
                style="dim",
            )
        )
    for name, posterior in result.posteriors.items():
        parts.append(Text(""))
        parts.append(
            target_table(
                model,
                name,
                prior.posteriors[name],
                posterior,
                observed=name in result.evidence,
                intervals=intervals.intervals[name] if intervals else None,
                negligible=negligible,
                words=words,
            )
        )
    parts.append(
        Text(f"negligible: a change under {negligible * 100:g} pp (--negligible PP)", style="dim")
    )
    if words:
        parts.append(Text(YARDSTICK_NOTE, style="dim"))
    return Group(*parts)


def target_table(
    model: Model,
    name: str,
    prior: dict[str, float],
    posterior: dict[str, float],
    observed: bool = False,
    intervals: dict[str, Interval] | None = None,
    negligible: float = NEGLIGIBLE,
    words: bool = False,
) -> Table:
    """One target: a row per state, in model order; with ``intervals``, the mean, credible
    interval and a range bar of each state's posterior over the CPT draws."""
    var = model.variables[name]
    title = f"{name}" + (" (observed)" if observed else "")
    caption = "\n".join(
        line
        for line in (
            _expectation(var.scale, var.states, prior, posterior),
            *(f"{s}: {var.definitions[s]}" for s in var.states if s in var.definitions),
        )
        if line
    )
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold cyan",
        caption=caption or None,
        caption_justify="left",
    )
    table.add_column("state")
    table.add_column("prior", justify="right")
    table.add_column("posterior", justify="right")
    table.add_column("change", justify="right")
    if intervals:
        table.pad_edge = False
        table.add_column("mean", justify="right")
        table.add_column("interval", justify="right", no_wrap=True)
        table.add_column("0 – 100%", no_wrap=True)
    else:
        table.add_column("", no_wrap=True)
    if words:
        table.add_column("in words", no_wrap=True)
    for state in var.states:
        table.add_row(*_state_cells(state, prior, posterior, intervals, negligible, words))
    return table


def _state_cells(
    state: str,
    prior: dict[str, float],
    posterior: dict[str, float],
    intervals: dict[str, Interval] | None,
    negligible: float,
    words: bool,
) -> list[str | Text]:
    """One state's row of a target table."""
    change = posterior[state] - prior[state]
    cells: list[str | Text] = [
        state,
        f"{prior[state]:.3f}",
        f"{posterior[state]:.3f}",
        Text(change_text(change, negligible), style=change_style(change, negligible)),
    ]
    if intervals:
        iv = intervals[state]
        cells += [
            f"{iv.mean:.3f}",
            f"{iv.low:.3f}–{iv.high:.3f}",
            Text(range_bar(iv.low, iv.high, posterior[state], 10), style="yellow"),
        ]
    else:
        cells.append(Text(bar(posterior[state], 12 if words else 20), style="blue"))
    if words:
        cells.append(estimative(posterior[state]))
    return cells


def _expectation(
    scale: str, states: tuple[str, ...], prior: dict[str, float], posterior: dict[str, float]
) -> str | None:
    """For ordinal variables: the expected position on a 0..1 scale, before and after."""
    if scale != "ordinal" or len(states) < 3:
        return None
    before = expected_level([prior[s] for s in states])
    after = expected_level([posterior[s] for s in states])
    return f"expected level (0 = {states[0]}, 1 = {states[-1]}): {before:.3f} → {after:.3f}"
