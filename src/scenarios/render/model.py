"""Rich views of a model: a tree of variables grouped by role, and validation reports."""

from __future__ import annotations

import re

from rich.text import Text
from rich.tree import Tree

from scenarios.errors import Diagnostic
from scenarios.model.schema import Model, Variable
from scenarios.render.report import Report

ROLE_TITLES = {
    "driver": "Drivers", "mediator": "Mediators", "outcome": "Outcomes", None: "Variables",
}


def model_tree(model: Model) -> Tree:
    """Variables grouped by role, each with its states, parents and source quotes."""
    root = Tree(Text.assemble((model.name, "bold"), f"  {model.description}"))
    if model.source:
        root.add(Text(f"source: {model.source}", style="dim"))
    for role, title in ROLE_TITLES.items():
        members = [v for v in model.variables.values() if v.role == role]
        if members:
            branch = root.add(Text(title, style="bold magenta"))
            for var in members:
                _add_variable(branch, var)
    return root


def _add_variable(branch: Tree, var: Variable) -> None:
    order = " < " if var.scale == "ordinal" else " | "
    node = branch.add(Text.assemble((var.name, "bold cyan"), f"  [{order.join(var.states)}]"))
    if var.description:
        node.add(var.description)
    if var.source:
        node.add(Text(f"“{var.source}”", style="italic dim"))
    for parent in var.parents:
        edge = node.add(Text.assemble("← ", (parent, "cyan")))
        quote = var.edge_sources.get(parent)
        if quote:
            edge.add(Text(f"“{quote}”", style="italic dim"))


def model_summary(model: Model) -> str:
    edges = sum(len(v.parents) for v in model.variables.values())
    return f"{len(model.variables)} variables, {edges} edges"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def diagnostics_text(diagnostics: list[Diagnostic]) -> Text:
    """Every diagnostic on its own line, location first, ready for stderr: one problem is one
    line (``error: file:line:column: ...``), several get a count first."""
    text = Text()
    count = len(diagnostics)
    if count == 1:
        text.append("error: ", style="bold red")
    else:
        text.append(f"error: {count} problems found\n", style="bold red")
    for d in diagnostics:
        text.append(one_line(d.location), style="bold")
        text.append(": " + one_line(str(d)[len(d.location) + 2:]) + "\n")
    return text


def one_line(message: str) -> str:
    """Control characters (a newline in a name someone typed) spelled out, so that a message
    stays on its line: ``'a\\nb'``."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)


def conversion_report(model: Model, path: str, fmt) -> Report:
    """What ``convert`` wrote and what the format could not hold."""
    edges = sum(len(v.parents) for v in model.variables.values())
    lost = fmt.lost or "nothing"
    rows = [["wrote", path], ["format", fmt.name], ["variables", str(len(model.variables))],
            ["edges", str(edges)], ["not kept", lost]]
    data = {"written": path, "format": fmt.name, "variables": len(model.variables),
            "edges": edges, "lost": fmt.lost}
    return Report(f"Converted {model.name}", ["", ""], rows, data)


def validation_report(diagnostics: list[Diagnostic], model: str | None) -> Report:
    """Problems as rows (file, line, column, variable, message, fix); JSON ``{ok, errors}``."""
    rows = [[d.file, d.line or "", d.column or "", d.variable or "", d.message, d.hint or ""]
            for d in diagnostics]
    data = {"ok": not diagnostics, "model": model, "errors": [d.__dict__ for d in diagnostics]}
    return Report("Validation", ["file", "line", "column", "variable", "message", "fix"], rows,
                  data, notes=[f"{len(diagnostics)} problem(s)"])
