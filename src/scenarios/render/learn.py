"""The report of ``scenarios learn``: per learned table the cases behind it, how far the
judgement moved, and how much the data disagree with it (lowest probability first: where a
modeler should look again)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from scenarios.analysis.learn import Learned, TableReview
from scenarios.render.cells import change_cell
from scenarios.render.report import Cell, Report


def learn_report(
    learned: Learned, reviews: list[TableReview], cases: str, out: str, empty: int = 0
) -> Report:
    """A row per learned table; JSON adds EM's course and each table's details. ``empty``:
    rows of the case file that gave no value at all (left out, said in the second note)."""
    rows = [
        [
            r.variable,
            Cell(f"{r.cases:,}", r.cases),
            Cell(f"{_weights(r.weights_before)} → {_weights(r.weights_after)}", r.weights_after[0]),
            change_cell(r.change),
            _where(r),
            Cell(f"{r.log10_probability:,.1f}", r.log10_probability),
            Cell(f"{r.log10_bayes_factor:+,.1f}", r.log10_bayes_factor),
            judgement_words(r.log10_bayes_factor),
        ]
        for r in reviews
    ]
    notes = _notes(learned, reviews, f"{cases}", out, empty)
    return Report(
        f"What {len(reviews)} tables learned",
        [
            "variable",
            "cases",
            "row weight",
            "largest change",
            "where",
            "log10 P",
            "log10 BF",
            "in words",
        ],
        rows,
        _data(learned, reviews, cases, out, empty),
        notes=notes,
        right_aligned={1, 2, 3, 5, 6},
        view=_view(reviews, notes),
    )


def _notes(
    learned: Learned, reviews: list[TableReview], cases: str, out: str, empty: int
) -> list[str]:
    """What was learned from where (first), rows left out (second, when any), then how to
    read the columns."""
    how = (
        "by counting (complete cases)"
        if learned.iterations == 1 and learned.converged
        else f"by EM, {learned.iterations} iterations"
        + ("" if learned.converged else ", stopped at --max-iterations before converging")
    )
    notes = [
        f"{learned.prior.name} learned from {cases} {how}; written to {out}",
        *(
            [
                f"{empty:,} row{'s' if empty != 1 else ''} of the case file gave no value at all "
                "and were left out (no case)"
            ]
            if empty
            else []
        ),
        "cases: those with a value for the variable; row weight: a row's confidence in cases "
        "(least-most over the rows), which grows by the cases counted into that row only (in "
        "expectation where values are missing; a case that shows neither the variable nor a "
        "descendant counts into nothing)",
        "Each table's judgement (each row a Dirichlet worth the variable's confidence in "
        "cases) is weighed against knowing nothing (one case per cell): how much likelier the "
        "counts the table met were under it (log10 P and log10 BF in JSON and CSV). Tables "
        "whose data favour knowing nothing come first: look again at those",
    ]
    replaced = [r for r in reviews if r.replaced]
    if replaced:
        notes.append(
            "a learned table replaced the builder of "
            + ", ".join(f"{r.variable} ({r.replaced})" for r in replaced)
            + ": its parameters are not fitted, the table is written out"
        )
    if learned.fixed:
        notes.append("kept as judged (--fixed): " + ", ".join(learned.fixed))
    return notes


def _view(reviews: list[TableReview], notes: list[str]) -> Group:
    """Two lines a table, readable at 80 columns: its numbers, then its largest change."""
    lines: list[Text] = [Text(f"What {len(reviews)} tables learned", style="bold cyan")]
    for r in reviews:
        lines.append(
            Text.assemble(
                (r.variable, "bold"),
                f"  {r.cases:,} cases · row weight {_weights(r.weights_before)} → "
                f"{_weights(r.weights_after)}",
            )
        )
        lines.append(Text(f"  {_short_words(r.log10_bayes_factor)}"))
        change = change_cell(r.change)
        lines.append(Text.assemble("  ", (change.text, change.style or ""), f"  {_where(r)}"))
    return Group(*lines, *(Text(n, style="dim") for n in notes))


def judgement_words(log10_bayes_factor: float) -> str:
    """How much likelier the data were under the modeler's judgement than under knowing
    nothing (a flat prior of one case per cell), in words a planner reads.

    >>> judgement_words(-0.7)
    'the data were about 5 times less likely under your judgement than under no judgement'
    >>> judgement_words(0.1).startswith("the data were about as likely")
    True
    >>> judgement_words(2.0).startswith("the data were about 100 times more likely")
    True
    """
    factor = 10 ** abs(log10_bayes_factor)
    if factor < 1.5:
        return "the data were about as likely under your judgement as under no judgement"
    if abs(log10_bayes_factor) > 6:
        size = f"10^{abs(log10_bayes_factor):.0f}"
    else:
        size = f"{float(f'{factor:.1g}'):,.0f}"
    more = "more" if log10_bayes_factor > 0 else "less"
    return (
        f"the data were about {size} times {more} likely under your judgement than under no "
        "judgement"
    )


def _short_words(log10_bayes_factor: float) -> str:
    """:func:`judgement_words` in a line of the terminal's view."""
    said = judgement_words(log10_bayes_factor).removeprefix("the data were about ")
    return "data: " + said.replace("no judgement", "none")


def _weights(spread: tuple[float, float]) -> str:
    """A row weight, or the least and the most of them: ``20``, ``20-1,020``."""
    low, high = (f"{w:,.1f}".removesuffix(".0") for w in spread)
    return low if low == high else f"{low}–{high}"


def _where(review: TableReview) -> str:
    given = ", ".join(f"{p}={s}" for p, s in review.row.items())
    return f"P({review.state} | {given})" if given else f"P({review.state})"


def _data(
    learned: Learned, reviews: list[TableReview], cases: str, out: str, empty: int
) -> dict[str, Any]:
    return {
        "model": learned.prior.name,
        "cases": cases,
        "rows_without_values": empty,
        "output": out,
        "iterations": learned.iterations,
        "converged": learned.converged,
        "log_likelihood": learned.log_likelihood,
        "objective": learned.objective,
        "log_likelihoods": learned.log_likelihoods,
        "fixed": list(learned.fixed),
        "tables": [
            {
                "variable": r.variable,
                "cases": r.cases,
                "row_weights_before": {"least": r.weights_before[0], "most": r.weights_before[1]},
                "row_weights_after": {"least": r.weights_after[0], "most": r.weights_after[1]},
                "largest_change": {
                    "given": r.row,
                    "state": r.state,
                    "prior": r.before,
                    "learned": r.after,
                },
                "log10_probability": r.log10_probability,
                "log10_bayes_factor": r.log10_bayes_factor,
                "replaced_builder": r.replaced or None,
            }
            for r in reviews
        ],
    }
