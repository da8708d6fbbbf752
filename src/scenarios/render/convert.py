"""The report of ``scenarios convert``: what was written, where, in which format."""

from __future__ import annotations

from scenarios.io.format import Format
from scenarios.model.schema import Model
from scenarios.render.report import Report


def convert_report(model: Model, path: str, fmt: Format) -> Report:
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
