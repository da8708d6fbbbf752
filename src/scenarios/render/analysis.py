"""Reports for the analysis commands: each function turns results into a :class:`Report`."""

from __future__ import annotations

from scenarios.analysis.compare import ExpectationResult
from scenarios.analysis.explain import ExplainRow
from scenarios.analysis.futures import Future
from scenarios.analysis.measures import Measure
from scenarios.analysis.sensitivity import MODES, SensitivityRow
from scenarios.analysis.sweep import SweepRow
from scenarios.analysis.uncertainty import Interval, IntervalResult
from scenarios.analysis.voi import VoiRow
from scenarios.core.bars import bar, change_style, signed_points
from scenarios.engine.evidence import Evidence
from scenarios.engine.result import QueryResult
from scenarios.model.schema import Model
from scenarios.render.report import Cell, Report


def _p(value: float | None, digits: int = 3) -> Cell:
    if value is None:
        return Cell("impossible", None, "dim")
    return Cell(f"{value:.{digits}f}", value)


def _change(change: float) -> Cell:
    style = change_style(change)
    return Cell(signed_points(change), change, style)


def _given(evidence: Evidence) -> str:
    return f" given {evidence.describe()}" if evidence.describe() else ""


def query_report(
    model: Model, result: QueryResult, prior: QueryResult, spread: IntervalResult | None = None
) -> Report:
    rows = []
    for name, posterior in result.posteriors.items():
        for state in model.variables[name].states:
            before, after = prior.posteriors[name][state], posterior[state]
            row = [name, state, _p(before), _p(after), _change(after - before)]
            if spread:
                iv = spread.intervals[name][state]
                row += [_p(iv.mean), _p(iv.low), _p(iv.high)]
            rows.append(row)
    columns = ["variable", "state", "prior", "posterior", "change"]
    if spread:
        columns += ["mean", f"low ({spread.level:.0%})", f"high ({spread.level:.0%})"]
    data = {**result.to_dict(), **(spread.to_dict() if spread else {})}
    return Report(
        f"Posteriors ({model.name})", columns, rows, data, right_aligned=set(range(2, len(columns)))
    )


def sensitivity_report(
    measure: Measure,
    rows: list[SensitivityRow],
    base: float,
    evidence: Evidence,
    mode: str = "lever",
) -> Report:
    """Levers or signposts, widest swing first: each variable's lowest and highest value of
    the target and the state that gives each."""
    table = [
        [r.variable, _p(r.low), r.low_state, _p(r.high), r.high_state, _p(r.swing)] for r in rows
    ]
    data = {
        "target": measure.label,
        "mode": mode,
        "evidence": evidence.to_dict(),
        "current": base,
        "variables": [
            {
                "variable": r.variable,
                "low": r.low,
                "low_state": r.low_state,
                "high": r.high,
                "high_state": r.high_state,
                "swing": r.swing,
                "values": r.values,
            }
            for r in rows
        ],
    }
    kind = "Levers" if mode == "lever" else "Signposts"
    return Report(
        f"{kind} for {measure.label}{_given(evidence)}: {MODES[mode]} (now {base:.3f})",
        ["variable", "low", "low at", "high", "high at", "swing"],
        table,
        data,
        right_aligned={1, 3, 5},
    )


def voi_report(target: str, rows: list[VoiRow], evidence: Evidence) -> Report:
    entropy = rows[0].target_entropy if rows else 0.0
    table = [
        [
            r.variable,
            _p(r.mutual_information, 4),
            Cell(f"{r.share:.1%}", r.share),
            Cell(bar(r.share, 24), None, "magenta"),
        ]
        for r in rows
    ]
    data = {
        "target": target,
        "evidence": evidence.to_dict(),
        "target_entropy_bits": entropy,
        "variables": [
            {
                "variable": r.variable,
                "mutual_information_bits": r.mutual_information,
                "share_of_entropy": r.share,
            }
            for r in rows
        ],
    }
    return Report(
        f"Value of information for {target}{_given(evidence)} (entropy now {entropy:.3f} bits)",
        ["observe next", "expected info (bits)", "share of uncertainty", ""],
        table,
        data,
        right_aligned={1, 2},
        bars={3},
    )


def futures_report(
    targets: list[str],
    futures: list[Future],
    evidence: Evidence,
    spread: list[Interval] | None = None,
    level: float = 0.9,
) -> Report:
    table = [
        [str(i), *(f.states[t] for t in targets), _p(f.probability, 4)]
        for i, f in enumerate(futures, 1)
    ]
    records = [{"states": f.states, "probability": f.probability} for f in futures]
    columns = ["#", *targets, "probability"]
    if spread:
        columns += ["mean", f"low ({level:.0%})", f"high ({level:.0%})"]
        for row, record, iv in zip(table, records, spread, strict=True):
            row += [_p(iv.mean, 4), _p(iv.low, 4), _p(iv.high, 4)]
            record["interval"] = iv.to_dict()
    data = {"targets": targets, "evidence": evidence.to_dict(), "futures": records}
    covered = sum(f.probability for f in futures)
    return Report(
        f"Most likely futures{_given(evidence)}",
        columns,
        table,
        data,
        notes=[f"these {len(futures)} cover {covered:.1%}"],
        right_aligned=set(range(len(targets) + 1, len(columns))),
    )


def mpe_report(
    assignment: dict[str, str], joint: float, p_evidence: float, evidence: Evidence
) -> Report:
    table = [[name, state] for name, state in assignment.items()]
    posterior = joint / p_evidence
    data = {
        "evidence": evidence.to_dict(),
        "assignment": assignment,
        "joint_probability": joint,
        "posterior_probability": posterior,
    }
    return Report(
        f"Most probable explanation{_given(evidence)}",
        ["variable", "state"],
        table,
        data,
        notes=[mpe_in_words(posterior, len(assignment))],
    )


def mpe_in_words(posterior: float, variables: int) -> str:
    """What the most probable explanation is, and how to read its small probability, in
    words a non-specialist can use.

    >>> "4.2e-05 (about 1 in 24,000)" in mpe_in_words(4.167e-05, 32)
    True
    """
    if 0 < posterior < 0.5:
        odds = f"about 1 in {float(f'{1 / posterior:.2g}'):,.0f}"
    else:
        odds = f"{posterior:.0%}"
    return (
        f"The most likely state of all {variables} variables taken together, given the "
        "evidence: the most coherent single story, not a forecast. This exact combination "
        f"has probability {posterior:.2g} ({odds}); with {variables} variables every full "
        "combination is unlikely, so compare stories rather than bet on one."
    )


def explain_report(measure: Measure, rows: list[ExplainRow], evidence: Evidence) -> Report:
    table = [
        [r.finding, _p(r.without), _p(r.with_all), _change(r.contribution), _basis_cell(r)]
        for r in rows
    ]
    now = rows[0].with_all if rows else None
    data = {
        "target": measure.label,
        "evidence": evidence.to_dict(),
        "value": now,
        "findings": [
            {
                "finding": r.finding,
                "without": r.without,
                "contribution": r.contribution,
                "route": [
                    {
                        "from": link.parent,
                        "to": link.child,
                        "basis": link.basis,
                        "forward": link.forward,
                    }
                    for link in r.route
                ],
            }
            for r in rows
        ],
    }
    notes = [f"{r.finding.split('=')[0].split('~')[0]}: {_route_text(r)}" for r in rows if r.route]
    return Report(
        f"What moved {measure.label}",
        ["finding", "without it", "with all", "contribution", "rests on"],
        table,
        data,
        right_aligned={1, 2, 3},
        notes=notes
        + [
            "rests on: the links of the shortest route from the finding "
            "to the target, quoted from the source or assumed"
        ]
        if notes
        else [],
    )


def _basis_cell(row: ExplainRow) -> Cell | str:
    if not row.route:
        return ""
    if row.assumptions:
        word = "assumption" if row.assumptions == 1 else "assumptions"
        return Cell(f"{row.assumptions} {word}", row.assumptions, "yellow")
    if any(link.basis is None for link in row.route):
        return Cell("no basis", None, "red")
    return Cell("quotes", 0, "green")


def _route_text(row: ExplainRow) -> str:
    """``a → b ← c (assumption)``: arrows as the edges point, each link's basis after it."""
    text = row.route[0].parent if row.route[0].forward else row.route[0].child
    for link in row.route:
        arrow, node = ("→", link.child) if link.forward else ("←", link.parent)
        tag = {"quote": "", "assumption": " (assumption)"}.get(link.basis or "", " (no basis)")
        text += f" {arrow} {node}{tag}"
    return text


def compare_report(
    model: Model, results: dict[str, QueryResult], baseline: str, targets: list[str]
) -> Report:
    names = list(results)
    rows = []
    for target in targets:
        for state in model.variables[target].states:
            base = results[baseline].posteriors[target][state]
            cells = [
                _compare_cell(results[n].posteriors[target][state], base, n == baseline)
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
        right_aligned=set(range(2, 2 + len(names))),
    )


def _compare_cell(value: float, base: float, is_baseline: bool) -> Cell:
    if is_baseline:
        return Cell(f"{value:.3f}", value, "bold")
    change = value - base
    style = change_style(change)
    return Cell(f"{value:.3f} ({signed_points(change)})", value, style)


def check_report(results: list[ExpectationResult]) -> Report:
    table = []
    for r in results:
        verdict = Cell("pass", True, "green") if r.passed else Cell("FAIL", False, "bold red")
        share = Cell(f"{r.share:.0%}", r.share) if r.share is not None else ""
        table.append([r.scenario, r.text, _p(r.value), _p(r.reference), share, verdict])
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


def sweep_report(
    model: Model, vary: list[str], targets: list[str], rows: list[SweepRow], evidence: Evidence
) -> Report:
    """One row per combination: its states, P(combination | evidence), each target state."""
    columns = [*vary, "P(states)"] + [
        f"{t}={s}" for t in targets for s in model.variables[t].states
    ]
    table = []
    for row in rows:
        cells = [row.states[v] for v in vary] + [_p(row.probability_of_evidence, 4)]
        for t in targets:
            for s in model.variables[t].states:
                cells.append(_p(row.posteriors[t][s]) if row.posteriors else _p(None))
        table.append(cells)
    data = {
        "model": model.name,
        "vary": vary,
        "targets": targets,
        "evidence": evidence.to_dict(),
        "rows": [
            {
                "states": r.states,
                "probability_of_evidence": r.probability_of_evidence,
                "posteriors": r.posteriors,
            }
            for r in rows
        ],
    }
    return Report(
        f"Sweep over {', '.join(vary)}{_given(evidence)}",
        columns,
        table,
        data,
        right_aligned=set(range(len(vary), len(columns))),
    )


def compare_intervals_report(
    model: Model,
    results: dict[str, QueryResult],
    baseline: str,
    targets: list[str],
    spread: dict,
    level: float,
    draws: int,
) -> Report:
    """Long form: a row per scenario and target state, with the interval and the share of
    draws in which the scenario exceeds the baseline."""
    rows = _spread_rows(model, results, baseline, targets, spread)
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
        right_aligned=set(range(3, 9)),
    )


def _spread_rows(
    model: Model, results: dict[str, QueryResult], baseline: str, targets: list[str], spread: dict
) -> list[list]:
    rows = []
    for target in targets:
        for state in model.variables[target].states:
            base = results[baseline].posteriors[target][state]
            for name, result in results.items():
                value = result.posteriors[target][state]
                s = spread[name][target][state]
                exceeds = (
                    Cell("—", "", "dim")
                    if name == baseline
                    else Cell(f"{s.exceeds_baseline:.0%}", s.exceeds_baseline)
                )
                rows.append(
                    [
                        target,
                        state,
                        name,
                        _p(value),
                        _change(value - base),
                        _p(s.interval.mean),
                        _p(s.interval.low),
                        _p(s.interval.high),
                        exceeds,
                    ]
                )
    return rows
