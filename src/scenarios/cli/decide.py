"""``scenarios decide``: the best course of action, its policy, and whether the choice holds up
across scenarios, CPT draws and what could be learned first."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.decide import decide as solve_decisions
from scenarios.cli.model_input import open_model, open_scenarios
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    file_path,
    findings_options,
    model_options,
    optional_draws_options,
    output_options,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.cli.question import context_of, evidence_from
from scenarios.core.errors import QueryError
from scenarios.engine.observation import observe
from scenarios.render.decide import decide_report


@command(
    takes_model=True,
    epilog="A model with decisions marks them 'decision: true' (their states are the options, "
    "their parents what is known when choosing) and has 'utilities:' (see "
    "docs/model-format.md); examples/umbrella.yaml is the smallest.",
)
@model_options
@findings_options
@click.option(
    "--scenarios",
    "scenario_file",
    type=file_path(),
    help="A scenario file: the best option in each of its scenarios and each option's regret "
    "(on MODEL where one is given, else on the file's model).",
)
@optional_draws_options("the share of draws in which each option is best, and its mean regret")
@click.option(
    "--no-information",
    "no_information",
    is_flag=True,
    help="Leave out what knowing each observable before deciding is worth (EVPI).",
)
@output_options
def decide(
    source: ModelSource,
    findings: Findings,
    scenario_file: Path | None,
    draws: int,
    seed: int | None,
    no_information: bool,
    out: Output,
) -> None:
    """The best course of action: each option's expected utility, the policy, and its regret.

    Solves the model's decisions (an influence diagram) given the evidence: the expected
    utility of each option and its margin to the best, the optimal policy per information
    state ("if ... choose ..."), the maximum expected utility, and what knowing each
    observable before deciding would be worth. --scenarios adds each option's regret per
    scenario; --draws how often each option is best over CPT draws.
    """
    scenarios = None
    if scenario_file is not None:  # its scenarios, on MODEL where one is given (a model
        found = open_scenarios(scenario_file)  # with decisions beside the file's own)
        loaded = open_model(source) if source.reference is not None else found.model
        scenarios = {name: s.evidence for name, s in found.scenarios.items()}
        for name, evidence in scenarios.items():  # each checked against the model used
            try:
                observe(loaded, evidence)
                for variable, state in evidence.do.items():
                    loaded.variable(variable).check_state(state)
            except QueryError as error:
                raise QueryError(f"{scenario_file}: scenario '{name}': {error}") from None
    else:
        loaded = open_model(source)
    evidence = evidence_from(findings, loaded)
    with draw_progress(draws) as progress:
        result = solve_decisions(
            loaded, evidence, scenarios, draws, seed, not no_information, progress
        )
    emit(decide_report(result, evidence), out, context_of(loaded))
