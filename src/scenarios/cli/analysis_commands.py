"""Analysis commands: compare, check, sensitivity, voi, futures, explain, sweep. Each reads:
resolve inputs -> compute -> report -> emit."""

from __future__ import annotations

from pathlib import Path

import click

from scenarios.analysis.compare import check_expectations, run_scenarios
from scenarios.analysis.explain import explain as explain_findings
from scenarios.analysis.futures import most_likely_futures
from scenarios.analysis.indicators import Future, contrasts
from scenarios.analysis.sensitivity import sensitivity as swings
from scenarios.analysis.sweep import sweep as sweep_states
from scenarios.analysis.uncertainty import compare_intervals, future_intervals
from scenarios.analysis.voi import value_of_information
from scenarios.cli.model_commands import context_of, default_targets, evidence_from
from scenarios.cli.model_input import open_model
from scenarios.cli.options import (
    Findings,
    ModelSource,
    Output,
    command,
    file_path,
    findings_options,
    intervals_options,
    journal_options,
    measure_option,
    model_options,
    negligible_option,
    observations_option,
    output_options,
    seeded_draws_options,
    targets_option,
    wide_option,
)
from scenarios.cli.output import draw_progress, emit
from scenarios.core.errors import CheckFailed, QueryError
from scenarios.core.text import did_you_mean
from scenarios.engine import Engine
from scenarios.engine.mpe import most_probable_explanation
from scenarios.io.scenariofile import load_scenario_file
from scenarios.model.evidence import Evidence
from scenarios.model.measures import parse_measure
from scenarios.render.analysis import (
    explain_report,
    futures_report,
    mpe_report,
    sensitivity_report,
    sweep_report,
)
from scenarios.render.collection import voi_report
from scenarios.render.compare import check_report, compare_intervals_report, compare_report
from scenarios.render.plot import tornado_chart

scenario_file_argument = click.argument("scenario_file", metavar="SCENARIO_FILE", type=file_path())
SCENARIO_FILE_HELP = "SCENARIO_FILE is a scenario file (see examples/khorasan-scenarios.yaml)."


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
    out: Output,
) -> None:
    """One table: scenarios as columns, outcome states as rows, change against the baseline.

    With --journal, every scenario starts from what the journal knows (a scenario's own
    findings replace the journal's on the same variables).
    """
    scenario_set = load_scenario_file(scenario_file)
    if findings.journal is not None or findings.as_of is not None:
        scenario_set = scenario_set.under(evidence_from(findings, scenario_set.model))
    base = baseline or scenario_set.baseline
    if base not in scenario_set.scenarios:
        names = list(scenario_set.scenarios)
        raise QueryError(
            f"no scenario '{base}'.{did_you_mean(base, names)} Scenarios: {', '.join(names)}"
        )
    targets = list(target) or list(scenario_set.targets) or default_targets(scenario_set.model)
    engine = Engine(scenario_set.model)
    results = run_scenarios(engine, scenario_set, targets)
    targets = engine.check_targets(targets)
    if not intervals:
        described = {n: s.description for n, s in scenario_set.scenarios.items()}
        report = compare_report(
            scenario_set.model, results, base, targets, negligible, wide, described
        )
        emit(report, out, {"model": context_of(scenario_set.model, Evidence())["model"]})
        return

    evidences = {n: s.evidence for n, s in scenario_set.scenarios.items()}
    with draw_progress(draws) as progress:
        spread = compare_intervals(engine, evidences, base, targets, draws, level, seed, progress)
    emit(
        compare_intervals_report(
            scenario_set.model, results, base, targets, spread, level, draws, negligible
        ),
        out,
    )


@command(epilog=SCENARIO_FILE_HELP)
@scenario_file_argument
@seeded_draws_options("for expectations 'in at least N% of draws'")
@output_options
def check(scenario_file: Path, draws: int, seed: int, out: Output) -> None:
    """Evaluate every scenario's expectations; exit 1 if any fails.

    A change is written with its size ('P(x=high) rises by at least 5 pp vs baseline'); a
    statement may ask to hold 'in at least 90% of draws' of the CPTs (the 'draws' column).
    """
    scenario_set = load_scenario_file(scenario_file)
    results = check_expectations(Engine(scenario_set.model), scenario_set, draws, seed)
    emit(check_report(results), out)
    if not all(r.passed for r in results):
        raise CheckFailed()


@command(takes_model=True)
@measure_option
@model_options
@findings_options
@click.option(
    "--plot",
    type=file_path(),
    help="Also draw a tornado chart to this .png, .pdf or .svg file (needs matplotlib: "
    "pip install 'scenarios[plot]').",
)
@click.option(
    "--mode",
    type=click.Choice(["lever", "signpost"]),
    default="lever",
    show_default=True,
    help="lever: set each cause of the target to each state, do(), what would move it; "
    "signpost: observe each variable in each state, what would tell us (consequences "
    "included).",
)
@output_options
def sensitivity(
    target: str,
    source: ModelSource,
    findings: Findings,
    plot: Path | None,
    mode: str,
    out: Output,
) -> None:
    """Tornado table: how far the target moves as each of its causes changes.

    Levers (the default): each cause is set to each of its states, do(). Signposts (--mode
    signpost): every variable is observed in each of its states instead, what each finding
    would tell. Each row names the state giving the lowest and the highest value.
    """
    loaded = open_model(source)
    measure = parse_measure(loaded, target)
    ev = evidence_from(findings, loaded)
    engine = Engine(loaded)
    current = measure.of(engine.query(ev, [measure.variable])[measure.variable])
    rows = swings(engine, measure, ev, mode)
    if plot is not None:
        emit(tornado_chart(plot, measure.label, current, rows, mode), Output(path=plot))
    emit(sensitivity_report(measure, rows, current, ev, mode), out, context_of(loaded, ev))


@command(takes_model=True)
@click.option(
    "--target",
    "-t",
    required=True,
    metavar="VAR[=STATE]",
    help="The variable we want to learn about, or VAR=STATE: one future of interest (will "
    "it come about or not).",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Rank every variable, not only those the model marks observable.",
)
@model_options
@findings_options
@output_options
def voi(
    target: str,
    every: bool,
    source: ModelSource,
    findings: Findings,
    out: Output,
) -> None:
    """Which indicator to collect next: expected entropy reduction (mutual information).

    Ranks the variables the model marks observable, by bits per unit cost when each has a
    cost; a model that marks none has every variable ranked.
    """
    loaded = open_model(source)
    ev = evidence_from(findings, loaded)
    variable, equals, state = (part.strip() for part in target.partition("="))
    if equals and not state:
        raise QueryError(f"'-t {target}' names no state: give VAR or VAR=STATE")
    among = None if every or not loaded.observables else loaded.observables
    rows = value_of_information(Engine(loaded), variable, ev, state or None, among)
    scope = "observables" if among else "variables (none is marked observable)"
    report = voi_report(target, rows, ev, "every variable" if every else scope)
    emit(report, out, context_of(loaded, ev))


@command(takes_model=True)
@model_options
@targets_option
@click.option(
    "-k", type=click.IntRange(min=1), default=5, show_default=True, help="How many futures to list."
)
@click.option(
    "--mpe",
    is_flag=True,
    help="The most probable explanation: the single most likely state of every variable.",
)
@click.option(
    "--signposts/--no-signposts",
    default=True,
    show_default=True,
    help="Also list, for each future and the next, the observable finding that most favours "
    "each (needs variables marked observable).",
)
@findings_options
@intervals_options("Add each future's credible interval over Dirichlet draws of every CPT.")
@output_options
def futures(
    source: ModelSource,
    target: tuple[str, ...],
    k: int,
    mpe: bool,
    signposts: bool,
    findings: Findings,
    intervals: bool,
    draws: int,
    level: float,
    seed: int | None,
    out: Output,
) -> None:
    """The k most probable joint outcomes given the evidence (exact)."""
    loaded = open_model(source)
    ev = evidence_from(findings, loaded)
    engine = Engine(loaded)
    if mpe:
        log_evidence = engine.log_probability(ev)
        explanation = most_probable_explanation(loaded, ev)
        emit(mpe_report(explanation, log_evidence, ev), out, context_of(loaded, ev, engine))
        return

    targets = engine.check_targets(list(target) or default_targets(loaded))
    found = most_likely_futures(engine, targets, k, ev)
    spread = None
    if intervals:
        with draw_progress(draws) as progress:
            spread = future_intervals(
                engine, ev, targets, [f.states for f in found], draws, level, seed, progress
            )
    pairs = []
    if signposts and loaded.observables:
        numbered = [
            Future(f"#{i}", Evidence(f.states), f.probability) for i, f in enumerate(found, 1)
        ]
        pairs = contrasts(engine, numbered, loaded.observables, ev)
    report = futures_report(targets, found, ev, spread, level, pairs)
    emit(report, out, context_of(loaded, ev, engine))


@command(takes_model=True)
@measure_option
@model_options
@findings_options
@negligible_option
@output_options
def explain(
    target: str,
    source: ModelSource,
    findings: Findings,
    negligible: float,
    out: Output,
) -> None:
    """How much each finding moved the target: the change when it alone is removed."""
    loaded = open_model(source)
    measure = parse_measure(loaded, target)
    ev = evidence_from(findings, loaded)
    if not (ev.observed or ev.do):
        raise QueryError("explain needs findings to explain: add -e VAR=STATE (or --do)")
    rows = explain_findings(Engine(loaded), measure, ev)
    emit(explain_report(measure, rows, ev, negligible), out, context_of(loaded, ev))


@command(takes_model=True)
@click.option(
    "--vary",
    "-v",
    multiple=True,
    required=True,
    metavar="VAR",
    help="A variable to sweep over all its states; repeat for several (every combination is "
    "answered).",
)
@model_options
@targets_option
@click.option(
    "--do",
    "force",
    is_flag=True,
    help="Force the swept states (interventions) instead of observing them.",
)
@observations_option
@output_options
def sweep(
    vary: tuple[str, ...],
    source: ModelSource,
    target: tuple[str, ...],
    force: bool,
    findings: Findings,
    out: Output,
) -> None:
    """Every combination of the --vary variables' states → the targets' posteriors, in one batch.

    For large sweeps write CSV to a file: --format csv -o sweep.csv
    """
    loaded = open_model(source)
    ev = evidence_from(findings, loaded)
    engine = Engine(loaded)
    targets = engine.check_targets(list(target) or default_targets(loaded))
    rows = sweep_states(engine, vary, targets, ev, intervene=force)
    emit(sweep_report(loaded, list(vary), targets, rows, ev), out, context_of(loaded, ev, engine))
