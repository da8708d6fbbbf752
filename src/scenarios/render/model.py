"""Rich views of a model: a tree of variables grouped by role, and validation reports."""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from scenarios.core.errors import Diagnostic
from scenarios.model.schema import Basis, Model, Variable
from scenarios.render.report import Report

ROLE_TITLES = {
    "driver": "Drivers",
    "mediator": "Mediators",
    "outcome": "Outcomes",
    "indicator": "Indicators",
    None: "Variables",
}


def model_tree(model: Model) -> Tree:
    """Variables grouped by role, each with its states (and what they mean), parents and the
    basis of each: a quote from a source, or the modeler's assumption."""
    root = Tree(Text.assemble((model.name, "bold"), f"  {model.description}"))
    if model.horizon:
        root.add(Text.assemble(("horizon: ", "bold"), model.horizon))
    for source in model.sources:
        root.add(Text(f"source [{source.id}]: {source.citation}", style="dim"))
    if model.source and not model.sources:
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
    if var.observable:
        cost = "" if var.cost is None else f", cost {var.cost:g}"
        days = "" if var.lead_time is None else f", {var.lead_time:g} days to collect"
        node.add(Text.assemble(("observable", "green"), cost + days))
    for state in var.states:
        if state in var.definitions:
            node.add(Text.assemble((state, "cyan"), f": {var.definitions[state]}"))
    if var.basis:
        node.add(basis_text(var.basis))
    for parent in var.parents:
        edge = node.add(Text.assemble("← ", (parent, "cyan")))
        basis = var.edge_basis(parent)
        if basis:
            edge.add(basis_text(basis))


def basis_text(basis: Basis) -> Text:
    """A quote in quotation marks; an assumption labelled as one, so the two never blur."""
    if basis.kind == "quote":
        return Text(f"“{basis.text}”", style="italic dim")
    return Text.assemble(("assumption: ", "bold yellow"), (basis.text, "yellow"))


def model_summary(model: Model) -> str:
    edges = sum(len(v.parents) for v in model.variables.values())
    return f"{len(model.variables)} variables, {edges} edges"


def conversion_report(model: Model, path: str, fmt) -> Report:
    """What ``convert`` wrote and what the format could not hold."""
    edges = sum(len(v.parents) for v in model.variables.values())
    lost = fmt.lost or "nothing"
    rows = [
        ["wrote", path],
        ["format", fmt.name],
        ["variables", str(len(model.variables))],
        ["edges", str(edges)],
        ["not kept", lost],
    ]
    data = {
        "written": path,
        "format": fmt.name,
        "variables": len(model.variables),
        "edges": edges,
        "lost": fmt.lost,
    }
    return Report(f"Converted {model.name}", ["", ""], rows, data)


def validation_report(
    diagnostics: list[Diagnostic], model: str | None, warnings: tuple[Diagnostic, ...] = ()
) -> Report:
    """Problems, then warnings, as rows (level, file, line, column, variable, message, fix);
    JSON ``{ok, model, errors, warnings}``."""
    rows = [
        [level, d.file, d.line or "", d.column or "", d.variable or "", d.message, d.hint or ""]
        for level, items in (("error", diagnostics), ("warning", warnings))
        for d in items
    ]
    data = {
        "ok": not diagnostics,
        "model": model,
        "errors": [d.to_dict() for d in diagnostics],
        "warnings": [d.to_dict() for d in warnings],
    }
    return Report(
        "Validation",
        ["level", "file", "line", "column", "variable", "message", "fix"],
        rows,
        data,
        notes=[f"{len(diagnostics)} problem(s), {len(warnings)} warning(s)"],
    )
