"""The typer app, created here and given every command from one place (:data:`COMMANDS`, in
the order ``--help`` lists them)."""

from __future__ import annotations

import typer

from scenarios.cli import analysis_commands, interop_commands, model_commands
from scenarios.cli.options import FORMAT_TITLES

COMMANDS = (
    *model_commands.COMMANDS,
    *analysis_commands.COMMANDS,
    *interop_commands.COMMANDS,
)

app = typer.Typer(
    name="scenarios",
    help="Scenario planning with causal Bayesian networks: ask 'what if' of a YAML model.\n\n"
    f"MODEL is a model file ({FORMAT_TITLES}, optionally gzipped) or the name of a bundled "
    "model; without it the bundled Khorasan model is used.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"]},
)
for command in COMMANDS:
    app.command()(command)
