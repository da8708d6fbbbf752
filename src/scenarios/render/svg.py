"""A self-contained SVG of a network, drawn without Graphviz.

Rows come from :func:`scenarios.render.graph.layers` (drivers on top, outcomes at the bottom);
each variable is a ``<g class="node">`` with a ``<title>`` (its name), a rounded ``<rect>`` and
its label lines; each arc is a ``<g class="edge">`` with a ``<title>`` ``parent -> child`` and
a curved ``<path>`` ending in an arrow. The same classes and titles as Graphviz's SVG, so a
script can read either.

Example:
    >>> from scenarios import parse_model
    >>> from scenarios.render.graph import node_views
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}")
    >>> svg = to_svg(m, node_views(m))
    >>> svg.startswith("<svg") and svg.count('class="node"')
    1
"""

from __future__ import annotations

from html import escape
from typing import Any

from scenarios.model.schema import Model
from scenarios.render.graph import GROUPS, NodeView, layers

CHAR = 7.0  # px per character at the 12 px font used
LINE = 16
GAP_X, GAP_Y, MARGIN, LEFT = 24, 56, 16, 110


def to_svg(model: Model, views: dict[str, NodeView]) -> str:
    rows = layers(model)
    width = max(120, max(CHAR * len(x) for v in views.values() for x in v.lines) + 20)
    height = LINE * max(len(v.lines) for v in views.values()) + 14
    widest = max(len(r) for r in rows)
    total_w = LEFT + widest * (width + GAP_X) + MARGIN
    centers = {}
    for r, row in enumerate(rows):
        offset = LEFT + (widest - len(row)) * (width + GAP_X) / 2
        for i, name in enumerate(row):
            centers[name] = (
                offset + i * (width + GAP_X) + width / 2,
                MARGIN + r * (height + GAP_Y) + height / 2,
            )
    total_h = MARGIN * 2 + len(rows) * (height + GAP_Y) - GAP_Y
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w:.0f}" '
        f'height="{total_h:.0f}" viewBox="0 0 {total_w:.0f} {total_h:.0f}" '
        'font-family="Helvetica, Arial, sans-serif" font-size="12">',
        f"<title>{escape(model.name)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#555"/></marker></defs>',
    ]
    parts += _row_labels(model, rows, height)
    for parent, child in ((p, v.name) for v in model.variables.values() for p in v.parents):
        parts.append(_edge(parent, child, centers, height))
    for name, (x, y) in centers.items():
        parts.append(_node(views[name], x, y, width, height))
    return "\n".join([*parts, "</svg>"]) + "\n"


def _row_labels(model: Model, rows: list[list[str]], height: float) -> list[str]:
    titles = dict(GROUPS)
    out, seen = [], set()
    for r, row in enumerate(rows):
        role = model.variables[row[0]].role
        if role in seen:
            continue
        seen.add(role)
        y = MARGIN + r * (height + GAP_Y) + height / 2 + 4
        out.append(
            f'<text class="group" x="{MARGIN}" y="{y:.1f}" fill="#777">'
            f"{escape(titles[role])}</text>"
        )
    return out


def _edge(parent: str, child: str, centers: dict[str, Any], height: float) -> str:
    (x1, y1), (x2, y2) = centers[parent], centers[child]
    if y2 > y1:
        y1, y2 = y1 + height / 2, y2 - height / 2
    bend = max(abs(y2 - y1) / 2, 20)
    path = (
        f"M {x1:.1f} {y1:.1f} C {x1:.1f} {y1 + bend:.1f}, {x2:.1f} {y2 - bend:.1f}, "
        f"{x2:.1f} {y2:.1f}"
    )
    return (
        f'<g class="edge"><title>{escape(parent)}-&gt;{escape(child)}</title>'
        f'<path d="{path}" fill="none" stroke="#555" marker-end="url(#arrow)"/></g>'
    )


def _node(view: NodeView, x: float, y: float, width: float, height: float) -> str:
    border = 3 if view.observed else 1
    texts = []
    first = y - (len(view.lines) - 1) * LINE / 2 + 4
    for i, line in enumerate(view.lines):
        weight = ' font-weight="bold"' if i == 0 else ""
        texts.append(
            f'<text x="{x:.1f}" y="{first + i * LINE:.1f}" text-anchor="middle"'
            f"{weight}>{escape(line)}</text>"
        )
    return (
        f'<g class="node"><title>{escape(view.name)}</title>'
        f'<rect x="{x - width / 2:.1f}" y="{y - height / 2:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" rx="8" fill="{view.fill}" stroke="#333" '
        f'stroke-width="{border}"/>{"".join(texts)}</g>'
    )
