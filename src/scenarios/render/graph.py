"""Pictures of a network: Graphviz DOT, Mermaid, and a self-contained SVG.

Variables are grouped by role (drivers, mediators, outcomes, then the rest). Given the
posteriors under some evidence, each node shows its most likely state and how far the evidence
moved it: the fill deepens with the total-variation distance from the prior, warm when an
ordinal variable shifts to higher states, cool when it shifts lower; observed and forced
variables are drawn with a heavy border.

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model('''
    ... name: tiny
    ... variables:
    ...   rain: {role: driver, states: [no, yes], cpt: {no: 0.8, yes: 0.2}}
    ...   wet:
    ...     role: outcome
    ...     states: [dry, wet]
    ...     parents: [rain]
    ...     cpt: {table: {"rain=no": [0.9, 0.1], "rain=yes": [0.2, 0.8]}}
    ... ''')
    >>> print(to_mermaid(m, node_views(m)))
    flowchart TB
      subgraph drivers["Drivers"]
        n0["rain"]
      end
      subgraph outcomes["Outcomes"]
        n1["wet"]
      end
      n0 --> n1
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np

from scenarios.model.graph import topological_order
from scenarios.model.schema import Model

GROUPS = (
    ("driver", "Drivers"),
    ("mediator", "Mediators"),
    ("outcome", "Outcomes"),
    ("indicator", "Indicators"),
    (None, "Other variables"),
)
BASE_FILL = {
    "driver": "#eef3fb",
    "mediator": "#f4f4f4",
    "outcome": "#fdf3e7",
    "indicator": "#eef7ee",
    None: "#ffffff",
}


@dataclass(frozen=True)
class NodeView:
    """How one variable is drawn: label lines, fill colour, heavy border when observed."""

    name: str
    lines: tuple[str, ...]
    fill: str
    observed: bool = False


def node_views(
    model: Model,
    prior: dict[str, Any] | None = None,
    posterior: dict[str, Any] | None = None,
    observed: set[str] | frozenset[str] = frozenset(),
) -> dict[str, NodeView]:
    """A view per variable; with ``prior`` and ``posterior`` ({var: {state: p}}), coloured
    by how far the posterior moved from the prior."""
    views = {}
    for name, var in model.variables.items():
        if posterior is None or prior is None:
            views[name] = NodeView(name, (name,), BASE_FILL[var.role])
            continue
        before = np.array(list(prior[name].values()))
        after = np.array(list(posterior[name].values()))
        best = int(after.argmax())
        change = after[best] - before[best]
        line = f"{var.states[best]} {after[best]:.0%} ({round(change * 100):+d} pp)"
        shift = float(np.arange(len(after)) @ (after - before)) if var.scale == "ordinal" else 0
        fill = _fill(0.5 * float(np.abs(after - before).sum()), shift)
        views[name] = NodeView(name, (name, line), fill, name in observed)
    return views


def _fill(distance: float, shift: float) -> str:
    """White-to-colour by distance (0..1): orange for upward shifts, blue for downward."""
    if distance < 0.005:
        return "#ffffff"  # unmoved: white, so that colour means "moved"
    target = (230, 120, 40) if shift >= 0 else (50, 110, 200)
    weight = min(1.0, 0.15 + distance * 1.7)
    rgb = [round(255 + (t - 255) * weight) for t in target]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _groups(model: Model) -> list[tuple[str, str, list[str]]]:
    out = []
    for role, title in GROUPS:
        members = [n for n, v in model.variables.items() if v.role == role]
        if members:
            out.append((f"{role}s" if role else "other", title, members))
    return out


def _edges(model: Model) -> list[tuple[str, str]]:
    return [(p, v.name) for v in model.variables.values() for p in v.parents]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(model: Model, views: dict[str, NodeView]) -> str:
    """Graphviz DOT text, one cluster per role."""
    lines = [
        f"digraph {_quote(model.name)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11];',
        '  edge [color="#555555"];',
    ]
    for key, title, members in _groups(model):
        lines += [
            f"  subgraph cluster_{key} {{",
            f"    label={_quote(title)};",
            '    style=dashed; color="#bbbbbb";',
        ]
        for name in members:
            view = views[name]
            width = ", penwidth=3" if view.observed else ""
            label = "\\n".join(x.replace("\\", "\\\\").replace('"', '\\"') for x in view.lines)
            lines.append(f'    {_quote(name)} [label="{label}", fillcolor="{view.fill}"{width}];')
        lines.append("  }")
    lines += [f"  {_quote(a)} -> {_quote(b)};" for a, b in _edges(model)]
    return "\n".join([*lines, "}"]) + "\n"


def to_mermaid(model: Model, views: dict[str, NodeView]) -> str:
    """Mermaid flowchart text, one subgraph per role (ids n0, n1, ... keep any name safe)."""
    ids = {name: f"n{i}" for i, name in enumerate(model.variables)}
    lines = ["flowchart TB"]
    for key, title, members in _groups(model):
        lines.append(f'  subgraph {key}["{title}"]')
        for name in members:
            label = "<br/>".join(escape(x, quote=True) for x in views[name].lines)
            lines.append(f'    {ids[name]}["{label}"]')
        lines.append("  end")
    lines += [f"  {ids[a]} --> {ids[b]}" for a, b in _edges(model)]
    styled = [
        (ids[n], v)
        for n, v in views.items()
        if v.fill != BASE_FILL[model.variables[n].role] or v.observed
    ]
    lines += [
        f"  style {i} fill:{v.fill}" + (",stroke-width:3px" if v.observed else "")
        for i, v in styled
    ]
    return "\n".join(lines)


def layers(model: Model) -> list[list[str]]:
    """Rows for a top-down drawing: longest path from a root, roles kept apart (drivers
    first, outcomes last), each row ordered by its parents' positions."""
    parents = {n: v.parents for n, v in model.variables.items()}
    rank_of_role = {"driver": 0, "mediator": 1, None: 1, "outcome": 2, "indicator": 3}
    depth: dict[str, int] = {}
    for name in topological_order(parents):
        depth[name] = max((depth[p] + 1 for p in parents[name]), default=0)
    key = {n: (rank_of_role[model.variables[n].role], depth[n]) for n in model.variables}
    rows: dict[tuple[int, int], list[str]] = {}
    for name in model.variables:
        rows.setdefault(key[name], []).append(name)
    ordered = [rows[k] for k in sorted(rows)]
    position: dict[str, float] = {}
    for row in ordered:
        row.sort(
            key=lambda n: (
                np.mean([position[p] for p in parents[n] if p in position])
                if any(p in position for p in parents[n])
                else -1
            )
        )
        position.update({n: i / max(len(row) - 1, 1) for i, n in enumerate(row)})
    return ordered
