"""``scenarios ensemble``: the targets over every driver setting times draws of the tables,
written as Parquet parts for ``scenarios discover``."""

from __future__ import annotations

import time
from pathlib import Path

import click
import numpy as np

import scenarios
from scenarios.analysis.brief import content_hash
from scenarios.analysis.ensemble import (
    EnsembleSpec,
    Part,
    answer_part,
    checked_spec,
    context,
    parts,
    settings_count,
)
from scenarios.analysis.ensemble_dask import answer_parts
from scenarios.cli.model_input import open_model
from scenarios.cli.options import ModelSource, command, model_options
from scenarios.cli.output import draw_progress, say
from scenarios.io.ensemble_files import open_results, write_part
from scenarios.model.schema import Model


@command(takes_model=True)
@model_options
@click.option(
    "--vary",
    "-v",
    multiple=True,
    required=True,
    metavar="VAR",
    help="A driver to vary over its states (or beliefs); repeat for several.",
)
@click.option(
    "--target",
    "-t",
    multiple=True,
    required=True,
    metavar="VAR",
    help="A target whose posterior each member records; repeatable.",
)
@click.option(
    "--beliefs",
    is_flag=True,
    help="Sample beliefs over the drivers' states (flat Dirichlet) instead of "
    "taking every combination of their states.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Settings to sample with --beliefs.",
)
@click.option(
    "--draws",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Draws of the tables per setting (0: the model's own tables).",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the sampled beliefs and of the draws.",
)
@click.option(
    "--do",
    "intervene",
    is_flag=True,
    help="Set the drivers' states by do() instead of observing them.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Run the parts on a local Dask cluster of this many processes (0: here).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run the parts on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--output",
    "-o",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The results folder: a header and a Parquet file per part; a run that "
    "stopped resumes there.",
)
def ensemble(
    source: ModelSource,
    vary: tuple[str, ...],
    target: tuple[str, ...],
    beliefs: bool,
    samples: int,
    draws: int,
    seed: int,
    intervene: bool,
    workers: int,
    scheduler: str | None,
    folder: Path,
) -> None:
    """Evaluate the targets over many members: driver settings times draws of the tables.

    A member is a setting of the --vary drivers (every combination of their states, or with
    --beliefs a sampled belief over them) answered on one draw of the tables (--draws; the
    same draws for every setting). The results go to a folder of Parquet parts for scenarios
    discover; a run that stopped resumes from the parts written.
    """
    model = open_model(source)
    asked = EnsembleSpec(vary, target, beliefs, samples if beliefs else 0, draws, seed, intervene)
    spec = checked_spec(model, asked)
    work = parts(model, spec)
    done = open_results(folder, _header(model, spec, len(work)))
    todo = [p for p in work if p.index not in done]
    started = time.perf_counter()
    with draw_progress(len(todo), "ensemble parts", least=2) as progress:

        def written(part: Part, columns: dict[str, np.ndarray]) -> None:
            write_part(folder, part.index, columns)
            if progress:
                progress(1)

        if scheduler or workers:
            answer_parts(model, spec, todo, scheduler, workers, written)
        else:
            made = context(model, spec)
            for part in todo:
                written(part, answer_part(made, spec, part))
    members = settings_count(model, spec) * spec.rows_per_setting
    spent = time.perf_counter() - started
    resumed = f", {len(done)} found done" if done else ""
    say(
        f"{members:,} members in {len(work)} parts to {folder} ({len(todo)} answered in "
        f"{spent:.1f} s{resumed}); next: scenarios discover {folder} -t 'VAR=STATE>0.5'"
    )


def _header(model: Model, spec: EnsembleSpec, count: int) -> dict[str, object]:
    return {
        "model": model.name,
        "model_hash": content_hash(model),
        "version": scenarios.__version__,
        "spec": spec.to_dict(),
        "parts": count,
    }
