"""The click group, and every command registered in one place (:data:`COMMANDS`, in the order
``--help`` lists them).

A command's module is imported when the command runs, not before: ``scenarios --help`` lists
the commands from this registry without loading numpy or the engine. Each summary here is the
first line of its command's help (a test keeps them equal).
"""

from __future__ import annotations

import importlib

import click

from scenarios.cli.options import CONTEXT, FORMAT_TITLES
from scenarios.core import collector
from scenarios.core.allocator import keep_freed_memory
from scenarios.core.blas import one_blas_thread

# name -> summary; the command is the function of that name in ``scenarios.cli.<name>``, its
# computation in ``scenarios.analysis.<name>`` and its report in ``scenarios.render.<name>``
# where it has them (docs/architecture.md)
COMMANDS: dict[str, str] = {
    "show": "Show variables, states, parents and the source quotes behind them.",
    "validate": "Check a model file: print 'ok' or every problem (file:line:column), exit 2 on "
    "errors.",
    "query": "Posterior of each target given the evidence, next to its prior.",
    "cpt": "Print the full CPT of VAR as its builder produced it, one row per parent combination.",
    "compare": "One table: scenarios as columns, outcome states as rows, change against the "
    "baseline.",
    "check": "Evaluate every scenario's expectations; exit 1 if any fails.",
    "sensitivity": "Tornado table: how far the target moves as each lever or indicator changes.",
    "fragility": "Which table entries a judgement hangs on, and how far each must move to "
    "change it.",
    "effects": "What each lever does to each outcome: do(lowest) against do(highest).",
    "decide": "The best course of action: each option's expected utility, the policy, and its "
    "regret.",
    "voi": "Which indicator to collect next: expected entropy reduction (mutual information).",
    "indicators": "Signposts and warnings per future, and what would change my mind.",
    "journal": "Keep dated findings in an evidence journal: add entries, list them.",
    "track": "How the targets' probabilities moved, entry by entry of an evidence journal.",
    "brief": "A briefing to hand on: judgements, scenarios, levers, indicators, what it rests on.",
    "score": "Score a journal's past judgements: Brier and log scores, and calibration.",
    "explore": "An interactive what-if explorer: set findings, watch every variable move.",
    "learn": "Update the model's tables with cases (the tables as a Dirichlet prior, EM for gaps).",
    "forecast": "Each target's trajectory over the time slices, given findings at any slices.",
    "futures": "The k most probable joint outcomes given the evidence (exact).",
    "explain": "How much each finding moved the target: the change when it alone is removed.",
    "ensemble": "Evaluate the targets over many members: driver settings times draws of the "
    "tables.",
    "discover": "Scenario discovery: the driver conditions under which an outcome of concern "
    "holds (PRIM).",
    "pool": "Pool analysts' assessments of a model into one model (linear or logarithmic pool).",
    "disagree": "Where analysts disagree: each one's judgement, and which table's disagreement "
    "matters.",
    "sweep": "Every combination of the --vary variables' states → the targets' posteriors, in one "
    "batch.",
    "convert": "Convert a model between the formats of the registry (see docs/formats.md).",
    "graph": "Draw the network, drivers, mediators and outcomes grouped.",
    "diff": "What changed between two models: variables, states, edges, CPT cells and quotes.",
}


class _Registered(click.Group):
    """The commands of :data:`COMMANDS`, in its order, each imported when it is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        keep_freed_memory()  # a process of our own: large tables reused, not faulted in again
        one_blas_thread()  # before numpy is imported; the user's own setting wins
        # every command imports numpy: imported before the command's modules rather than from
        # deep inside their chain, the process touches 1,300 fewer pages of memory, 10 ms of
        # system time in a 0.145 s ``scenarios query`` (20 runs alternated; issue 29)
        importlib.import_module("numpy")
        module = importlib.import_module(f"scenarios.cli.{name}")
        command: click.Command = getattr(module, name)
        collector.resume()  # started: what start-up made is never traced again
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl(list(COMMANDS.items()))


app = _Registered(
    name="scenarios",
    help="Scenario planning with causal Bayesian networks: ask 'what if' of a YAML model.\n\n"
    f"MODEL is a model file ({FORMAT_TITLES}, optionally gzipped) or the name of a bundled "
    "model; without it the bundled Khorasan model is used. A model read is kept, checked, in "
    "~/.cache/scenarios (SCENARIOS_CACHE_DIR; empty: nothing kept) until it or its sources "
    "change. Every command takes -h.",
    no_args_is_help=True,
    context_settings=CONTEXT,
)
