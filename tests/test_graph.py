"""scenarios graph: DOT, Mermaid and SVG structure, colouring under evidence, Graphviz calls."""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET

import pytest

from helpers import run_cli
from scenarios import load_model, parse_model
from scenarios.render.graph import layers, node_views, to_dot, to_mermaid
from scenarios.render.svg import to_svg

SVG = "{http://www.w3.org/2000/svg}"
ODD = parse_model("""
name: 'odd "names" <&>'
variables:
  'rain "fall" <b>': {role: driver, states: [a/b, c&d], cpt: {a/b: 0.5, c&d: 0.5}}
  wet\\dry:
    states: [x, y]
    parents: ['rain "fall" <b>']
    cpt: {table: {'rain "fall" <b>=a/b': [0.9, 0.1], 'rain "fall" <b>=c&d': [0.2, 0.8]}}
""")


def edges(model):
    return {(p, v.name) for v in model.variables.values() for p in v.parents}


def svg_parts(text):
    root = ET.fromstring(text)
    groups = {
        cls: [g for g in root.iter(f"{SVG}g") if g.get("class") == cls] for cls in ("node", "edge")
    }
    return root, {cls: [g.find(f"{SVG}title").text for g in gs] for cls, gs in groups.items()}


def test_builtin_svg_has_a_node_per_variable_and_an_edge_per_arc(khorasan):
    root, titles = svg_parts(to_svg(khorasan, node_views(khorasan)))
    assert root.tag == f"{SVG}svg"
    assert sorted(titles["node"]) == sorted(khorasan.names)
    assert {tuple(t.split("->")) for t in titles["edge"]} == edges(khorasan)
    assert len(titles["edge"]) == len(edges(khorasan)) == 42


def test_layers_put_drivers_first_outcomes_last_and_parents_above_children(khorasan):
    rows = layers(khorasan)
    row_of = {n: i for i, row in enumerate(rows) for n in row}
    assert all(row_of[p] < row_of[c] for p, c in edges(khorasan))
    roles = [khorasan.variables[row[0]].role for row in rows]
    assert roles[0] == "driver" and roles[-1] == "indicator"
    assert sorted(n for row in rows for n in row) == sorted(khorasan.names)


def test_evidence_colours_moved_nodes_and_marks_observed_ones(khorasan):
    code, out, err = run_cli(["graph", "-f", "svg", "--layout", "builtin", "-e", "is_funding=high"])
    assert code == 0, err
    root = ET.fromstring(out)
    nodes = {
        g.find(f"{SVG}title").text: g for g in root.iter(f"{SVG}g") if g.get("class") == "node"
    }
    funded = nodes["is_funding"].find(f"{SVG}rect")
    assert funded.get("stroke-width") == "3"
    assert "high 100% (+75 pp)" in ET.tostring(nodes["is_funding"], encoding="unicode")
    assert nodes["is_appeal"].find(f"{SVG}rect").get("fill") != "#ffffff"  # moved: coloured
    assert nodes["troop_drawdown"].find(f"{SVG}rect").get("fill") == "#ffffff"  # not moved


def test_dot_groups_roles_in_clusters_and_lists_every_arc(khorasan):
    text = to_dot(khorasan, node_views(khorasan))
    assert {"cluster_drivers", "cluster_mediators", "cluster_outcomes"} <= set(
        re.findall(r"subgraph (\w+)", text)
    )
    arcs = set(re.findall(r'^  "([^"]+)" -> "([^"]+)";$', text, re.M))
    assert arcs == edges(khorasan)


def test_mermaid_has_subgraphs_and_safe_ids(khorasan):
    text = to_mermaid(khorasan, node_views(khorasan))
    assert text.startswith("flowchart TB")
    assert text.count("subgraph ") == 4 and len(re.findall(r" --> ", text)) == 42


def test_odd_names_are_escaped_in_every_format():
    views = node_views(ODD)
    root, titles = svg_parts(to_svg(ODD, views))  # parses: &, <, " escaped
    assert sorted(titles["node"]) == sorted(ODD.names)
    dot = to_dot(ODD, views)
    assert '"rain \\"fall\\" <b>" -> "wet\\\\dry";' in dot
    assert "&lt;b&gt;" in to_mermaid(ODD, views)


def test_png_needs_an_output_file():
    code, _, err = run_cli(["graph", "-f", "png"])
    assert code == 2 and "--output" in err


def test_missing_graphviz_is_explained(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run_cli(["graph", "-f", "svg", "--layout", "graphviz"])
    assert code == 2 and "apt install graphviz" in err and "--layout builtin" in err
    code, out, _ = run_cli(["graph", "-f", "svg"])  # auto: falls back to the built-in layout
    assert code == 0 and out.startswith("<svg")


@pytest.mark.skipif(os.name != "posix", reason="a shell-script stand-in for dot")
def test_graphviz_is_given_the_dot_text_and_its_output_is_written(tmp_path, monkeypatch):
    fake = tmp_path / "dot"
    fake.write_text(
        '#!/bin/sh\necho "$1" > "$(dirname "$0")/args"\n'
        'cat > "$(dirname "$0")/input"\nprintf "<svg>fake</svg>"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "k.png"
    code, _, err = run_cli(["graph", "-f", "png", "-o", str(out)])
    assert code == 0, err
    assert out.read_bytes() == b"<svg>fake</svg>"
    assert (tmp_path / "args").read_text().strip() == "-Tpng"
    assert (tmp_path / "input").read_text().startswith('digraph "khorasan"')


def test_graph_reads_other_formats(tmp_path):
    from scenarios.io.model_files import save_model

    save_model(load_model(), tmp_path / "k.xdsl")
    code, out, _ = run_cli(["graph", str(tmp_path / "k.xdsl"), "-f", "mermaid"])
    assert code == 0 and len(re.findall(r" --> ", out)) == 42
