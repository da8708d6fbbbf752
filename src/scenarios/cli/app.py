"""The ``scenarios`` command line: show, validate and query models.

Only user-facing concerns live here (arguments, output format, exit codes); the work is done by
the model, engine and render packages. pgmpy is never imported on these paths.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from scenarios.errors import ModelError

app = typer.Typer(
    name="scenarios",
    help="Scenario planning with causal Bayesian networks: ask 'what if' of a YAML model.\n\n"
    "MODEL is a YAML file or the name of a bundled model; without it the bundled Khorasan "
    "model is used.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    json = "json"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


ModelArg = Annotated[
    str | None,
    typer.Argument(help="Model file (YAML) or bundled model name; default: the Khorasan model.",
                   show_default=False),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def resolve_model(model: str | None):
    """Load MODEL: a path, or a bundled model's name, or (None) the bundled default."""
    from scenarios.model import load_model
    from scenarios.model.bundled import bundled_names, load_bundled

    if model is None:
        return load_bundled()
    if not Path(model).exists() and model in bundled_names():
        return load_bundled(model)
    if not Path(model).exists():
        names = ", ".join(bundled_names())
        raise typer.BadParameter(
            f"no such file '{model}'. Give a YAML model file or a bundled model ({names}).",
            param_hint="MODEL",
        )
    return load_model(model)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def stdout_console():
    from rich.console import Console

    return Console(highlight=False)


@app.command()
def show(model: ModelArg = None, format: FormatOpt = Format.table) -> None:
    """Show variables, states, parents and the source quotes behind them."""
    loaded = resolve_model(model)
    if format is Format.json:
        from scenarios.io.describe import model_to_dict

        print_json(model_to_dict(loaded))
        return
    from scenarios.render.model import model_tree

    stdout_console().print(model_tree(loaded))


@app.command()
def validate(model: ModelArg = None, format: FormatOpt = Format.table) -> None:
    """Check a model file: print 'ok' or every problem (file:line:column), exit 2 on errors."""
    from scenarios.render.model import model_summary

    try:
        loaded = resolve_model(model)
    except ModelError as exc:
        if format is Format.json:
            print_json({"ok": False, "errors": [d.__dict__ for d in exc.diagnostics]})
            raise typer.Exit(2) from None
        raise
    if format is Format.json:
        print_json({"ok": True, "model": loaded.name, "errors": []})
        return
    stdout_console().print(f"ok: {loaded.path} ({model_summary(loaded)})")


@app.command()
def query(
    model: ModelArg = None,
    evidence: Annotated[list[str] | None, typer.Option(
        "--evidence", "-e", metavar="VAR=STATE",
        help="A finding; repeat for several, e.g. -e is_funding=high -e peace_process=talks.",
    )] = None,
    target: Annotated[list[str] | None, typer.Option(
        "--target", "-t", metavar="VAR",
        help="A variable to report; repeat for several. Default: the model's outcomes "
        "(all variables if it declares no roles).",
    )] = None,
    all_variables: Annotated[bool, typer.Option(
        "--all", "-a", help="Report every variable.")] = False,
    format: FormatOpt = Format.table,
) -> None:
    """Posterior of each target given the evidence, next to its prior."""
    from scenarios.engine import Engine
    from scenarios.engine.evidence import parse_findings

    loaded = resolve_model(model)
    findings = parse_findings(evidence or [])
    targets = loaded.names if all_variables else (target or default_targets(loaded))
    engine = Engine(loaded)
    result = engine.query(findings, targets)
    if format is Format.json:
        print_json(result.to_dict())
        return
    from scenarios.render.query import query_view

    prior = engine.query({}, targets)
    stdout_console().print(query_view(loaded, result, prior))


@app.command()
def cpt(
    arguments: Annotated[list[str], typer.Argument(
        metavar="[MODEL] VAR", help="Optional model, then the variable whose CPT to print.",
        show_default=False)],
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] =
        TableFormat.table,
) -> None:
    """Print the full CPT of VAR as its builder produced it, one row per parent combination.

    Example: scenarios cpt defection_rate --format csv
    """
    if len(arguments) > 2:
        raise typer.BadParameter("give at most a model and a variable", param_hint="[MODEL] VAR")
    model, variable = (None, *arguments) if len(arguments) == 1 else arguments
    loaded = resolve_model(model)
    var = loaded.variable(variable)
    if format is TableFormat.json:
        from scenarios.io.describe import cpt_to_dict

        print_json(cpt_to_dict(loaded, var))
    elif format is TableFormat.csv:
        from scenarios.io.describe import cpt_to_csv

        sys.stdout.write(cpt_to_csv(loaded, var))
    else:
        from scenarios.render.model import cpt_table

        stdout_console().print(cpt_table(loaded, var))


def default_targets(model) -> list[str]:
    outcomes = [v.name for v in model.variables.values() if v.role == "outcome"]
    return outcomes or model.names
