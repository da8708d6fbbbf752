"""``scenarios compare``: the scenarios of a file side by side against a baseline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from scenarios.analysis.compare import run_scenarios
from scenarios.analysis.uncertainty import compare_intervals
from scenarios.cli.model_input import noted, open_scenarios, pooled_with
from scenarios.cli.options import (
    SCENARIO_FILE_HELP,
    Findings,
    Output,
    analysts_option,
    command,
    intervals_options,
    journal_options,
    negligible_option,
    output_options,
    scenario_file_argument,
    targets_option,
    wide_option,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.cli.question import context_of, evidence_from, targets_or_outcomes
from scenarios.core.errors import QueryError
from scenarios.core.text import did_you_mean
from scenarios.engine import Engine
from scenarios.render.compare import compare_intervals_report, compare_report


@command(epilog=SCENARIO_FILE_HELP)
@scenario_file_argument
@targets_option
@click.option(
    "--baseline", "-b", help="Scenario to compare against (default: the file's baseline)."
)
@intervals_options(
    "Add credible intervals over Dirichlet draws of every CPT and the share of draws in which "
    "each scenario's value exceeds the baseline's."
)
@journal_options
@negligible_option
@wide_option
@analysts_option
@output_options
def compare(
    scenario_file: Path,
    target: tuple[str, ...],
    baseline: str | None,
    intervals: bool,
    draws: int,
    level: float,
    seed: int | None,
    findings: Findings,
    negligible: float,
    wide: bool,
    analysts: Path | None,
    out: Output,
) -> None:
    """One table: scenarios as columns, outcome states as rows, change against the baseline.

    With --journal, every scenario starts from what the journal knows (a scenario's own
    findings replace the journal's on the same variables).
    """
    scenario_set = open_scenarios(scenario_file)
    scenario_set = replace(scenario_set, model=noted(pooled_with(scenario_set.model, analysts)))
    if findings.journal is not None or findings.as_of is not None:
        scenario_set = scenario_set.under(evidence_from(findings, scenario_set.model))
    base = baseline or scenario_set.baseline
    if base not in scenario_set.scenarios:
        names = list(scenario_set.scenarios)
        raise QueryError(
            f"no scenario '{base}'.{did_you_mean(base, names)} Scenarios: {', '.join(names)}"
        )
    model = scenario_set.model
    engine = Engine(model)
    targets = engine.check_targets(targets_or_outcomes(model, target or scenario_set.targets))
    results = run_scenarios(engine, scenario_set, targets)
    if not intervals:
        described = {n: s.description for n, s in scenario_set.scenarios.items()}
        report = compare_report(model, results, base, targets, negligible, wide, described)
        emit(report, out, context_of(model))
        return

    evidences = {n: s.evidence for n, s in scenario_set.scenarios.items()}
    with draw_progress(draws) as progress:
        spread = compare_intervals(engine, evidences, base, targets, draws, level, seed, progress)
    report = compare_intervals_report(
        model, results, base, targets, spread, level, draws, negligible
    )
    emit(report, out, context_of(model))
