"""``scenarios brief``: a briefing to hand to a decision-maker, as HTML or Markdown."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import click

from scenarios.analysis.brief import STAGES, build_briefing
from scenarios.analysis.disagree import disagree
from scenarios.analysis.pool import pool
from scenarios.cli.model_input import open_journal, open_model, open_scenarios
from scenarios.cli.options import (
    DAY,
    Findings,
    ModelSource,
    Output,
    analysts_option,
    command,
    file_path,
    journal_options,
    seeded_draws_options,
)
from scenarios.cli.output import emit, stage_progress
from scenarios.core.errors import QueryError
from scenarios.io.analyst_file import read_analysts
from scenarios.model.measures import Measure
from scenarios.render.brief_pdf import html_to_pdf
from scenarios.render.brief_writers import to_html, to_markdown

HTML_SUFFIXES = (".html", ".htm")
MARKDOWN_SUFFIXES = (".md", ".markdown")


@command(
    epilog="SCENARIO_FILE is a scenario file (see examples/khorasan-scenarios.yaml). The "
    "output's suffix picks HTML (.html), Markdown (.md) or PDF (.pdf, printed by Debian's "
    "chromium); without -o, Markdown is printed."
)
@click.argument("scenario_file", metavar="SCENARIO_FILE", type=file_path())
@journal_options
@click.option("--since", type=DAY, help="With --journal: say what changed after this day.")
@click.option(
    "--previous",
    metavar="MODEL",
    help="A previous version of the model: say what changed in it (scenarios diff).",
)
@click.option(
    "--model",
    "on_model",
    metavar="MODEL",
    help="Brief the file's scenarios on this model instead of the one the file names (e.g. "
    "khorasan-decisions, whose options the briefing then compares).",
)
@seeded_draws_options("for the judgements' intervals")
@click.option(
    "--output",
    "-o",
    type=file_path(),
    help="Write the briefing here (.html, .md or .pdf), atomically.",
)
@analysts_option
def brief(
    scenario_file: Path,
    findings: Findings,
    since: datetime.date | None,
    previous: str | None,
    on_model: str | None,
    draws: int,
    seed: int,
    output: Path | None,
    analysts: Path | None,
) -> None:
    """A briefing to hand on: judgements, scenarios, levers, indicators, what it rests on.

    One self-contained HTML page (charts inline, prints on A4) or the same content as Markdown.
    """
    suffix = output.suffix.lower() if output else ".md"
    if suffix not in (*HTML_SUFFIXES, *MARKDOWN_SUFFIXES, ".pdf"):
        raise QueryError(
            f"-o {output}: name the briefing .html (a web page), .md (Markdown) or .pdf"
        )
    journal, as_of = findings.journal, findings.as_of
    if (as_of or since) and journal is None:
        raise QueryError("--as-of and --since read an evidence journal: add --journal FILE")
    scenarios = open_scenarios(scenario_file)
    if on_model is not None:
        scenarios = replace(scenarios, model=open_model(ModelSource(on_model)))
    shared, team = scenarios.model, None
    if analysts is not None:
        team = read_analysts([analysts], shared)
        scenarios = replace(scenarios, model=pool(shared, team))
    log = open_journal(journal) if journal else None
    before = open_model(ModelSource(previous)) if previous else None
    with stage_progress("Briefing", len(STAGES)) as stage:
        found = build_briefing(scenarios, log, as_of, since, before, draws, seed, stage)
    if team is not None:
        first = found.judgements[0]
        measure = Measure(first.target, first.state)
        found = replace(found, disagreement=disagree(shared, team, measure, found.evidence))
    if suffix == ".pdf":
        emit(html_to_pdf(to_html(found)), Output(path=output))
        return
    text = to_html(found) if suffix in HTML_SUFFIXES else to_markdown(found)
    emit(text.encode("utf-8"), Output(path=output))
