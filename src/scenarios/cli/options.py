"""The arguments and options the commands share, typed once (typer's ``Annotated`` style).
File suffixes and format names in the help come from the format registry."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from scenarios.io.formats import FORMATS, NAMES

MODEL_SUFFIXES = " ".join(s for f in FORMATS for s in f.suffixes)
FORMAT_TITLES = ", ".join(f.name for f in FORMATS)  # YAML, BIF, ...


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


ModelArg = Annotated[
    str | None,
    typer.Argument(
        metavar="MODEL",
        help=f"Model file ({MODEL_SUFFIXES}, or .gz of one) or bundled model name; "
        "default: the Khorasan model.",
        show_default=False,
    ),
]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="FORMAT",
        help=f"Read MODEL as this format, whatever its suffix or content: {NAMES}.",
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Refuse rows that do not sum to 1 instead of normalising them (rows within 1e-4 "
        "of 1, Hugin's tables of counts).",
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the output to this file (atomically) instead of stdout.",
        dir_okay=False,
    ),
]
EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        "-e",
        metavar="VAR=STATE|VAR~STATE:L,...",
        help="A finding; repeat for several. Hard: -e is_funding=high. Soft (likelihoods): "
        "-e 'is_funding~high:0.8,medium:0.2'.",
    ),
]
DoOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--do",
        metavar="VAR=STATE",
        help="An intervention: force VAR to STATE and cut it from its causes; repeatable.",
    ),
]


DrawsOpt = Annotated[int, typer.Option("--draws", min=2, help="Draws for --intervals.")]
LevelOpt = Annotated[
    float, typer.Option("--level", min=0.01, max=0.99, help="Credible level for --intervals.")
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", min=0, help="Seed (0 or more), for reproducible draws.")
]

QueryIntervalsOpt = Annotated[
    bool,
    typer.Option(
        "--intervals",
        help="Add the mean and a credible interval of each posterior over Dirichlet draws of "
        "every CPT (confidence: in the model; default 20).",
    ),
]
CompareIntervalsOpt = Annotated[
    bool,
    typer.Option(
        "--intervals",
        help="Add credible intervals over Dirichlet draws of every CPT and the share of "
        "draws in which each scenario's value exceeds the baseline's.",
    ),
]
FuturesIntervalsOpt = Annotated[
    bool,
    typer.Option(
        "--intervals",
        help="Add each future's credible interval over Dirichlet draws of every CPT.",
    ),
]
