"""``scenarios check``: a scenario file's expectations evaluated; exit 1 when one fails."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scenarios.analysis.check import check_expectations
from scenarios.cli.model_input import noted, open_scenarios, pooled_with
from scenarios.cli.options import (
    SCENARIO_FILE_HELP,
    Output,
    analysts_option,
    command,
    output_options,
    scenario_file_argument,
    seeded_draws_options,
)
from scenarios.cli.output import emit
from scenarios.core.errors import CheckFailed
from scenarios.engine import Engine
from scenarios.render.check import check_report


@command(epilog=SCENARIO_FILE_HELP)
@scenario_file_argument
@seeded_draws_options("for expectations 'in at least N% of draws'")
@analysts_option
@output_options
def check(scenario_file: Path, draws: int, seed: int, analysts: Path | None, out: Output) -> None:
    """Evaluate every scenario's expectations; exit 1 if any fails.

    A change is written with its size ('P(x=high) rises by at least 5 pp vs baseline'); a
    statement may ask to hold 'in at least 90% of draws' of the CPTs (the 'draws' column).
    """
    scenario_set = open_scenarios(scenario_file)
    scenario_set = replace(scenario_set, model=noted(pooled_with(scenario_set.model, analysts)))
    results = check_expectations(Engine(scenario_set.model), scenario_set, draws, seed)
    emit(check_report(results), out)
    if not all(r.passed for r in results):
        raise CheckFailed()
