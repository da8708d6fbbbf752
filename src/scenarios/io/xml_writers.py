"""XMLBIF and GeNIe XDSL written here with ElementTree (text escaped, UTF-8 declared), in
model order with exact floats: XMLBIF keeps this tool's notes in a ``PROPERTY``; XDSL keeps
descriptions and sources in GeNIe's comments (:mod:`scenarios.io.genie`) and gives each node
a position, so that GeNIe opens the file with the network drawn.

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.25, y: 0.75}}")
    >>> "<probabilities>0.25 0.75</probabilities>" in dumps_xdsl(m)
    True
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from scenarios.io.genie import join_comment
from scenarios.io.names import encode_name
from scenarios.io.notes import NOTES, encode_notes, notes_of
from scenarios.io.writing import exact_row, first_option, grid_positions, names_of
from scenarios.model.schema import Model

NODE_SIZE = (72, 36)  # GeNIe's default node box, in its screen units


def dumps_xmlbif(model: Model) -> str:
    """XMLBIF 0.3: a VARIABLE per variable, then a DEFINITION per table (child fastest)."""
    root = ET.Element("BIF", VERSION="0.3")
    network = ET.SubElement(root, "NETWORK")
    ET.SubElement(network, "NAME").text = encode_name(model.name)
    for position, var in enumerate(model.variables.values()):
        name, states, _ = names_of(var)
        element = ET.SubElement(network, "VARIABLE", TYPE="decision" if var.decision else "nature")
        ET.SubElement(element, "NAME").text = name
        for state in states:
            ET.SubElement(element, "OUTCOME").text = state
        notes = encode_notes(notes_of(var, position))
        ET.SubElement(element, "PROPERTY").text = f"{NOTES} = {notes}"
    for var in model.variables.values():
        name, _, parents = names_of(var)
        definition = ET.SubElement(network, "DEFINITION")
        ET.SubElement(definition, "FOR").text = name
        for parent in parents:
            ET.SubElement(definition, "GIVEN").text = parent
        if not (var.decision and first_option(var)):  # pyAgrum writes no table for one
            ET.SubElement(definition, "TABLE").text = exact_row(var.cpt)
    for utility in model.utilities.values():  # as pyAgrum writes them: one dummy outcome
        element = ET.SubElement(network, "VARIABLE", TYPE="utility")
        ET.SubElement(element, "NAME").text = encode_name(utility.name)
        ET.SubElement(element, "OUTCOME").text = "0"
        definition = ET.SubElement(network, "DEFINITION")
        ET.SubElement(definition, "FOR").text = encode_name(utility.name)
        for parent in utility.parents:
            ET.SubElement(definition, "GIVEN").text = names_of(model.variables[parent])[0]
        ET.SubElement(definition, "TABLE").text = exact_row(utility.table.ravel())
    return _document(root)


def dumps_xdsl(model: Model) -> str:
    """GeNIe XDSL: ``cpt`` nodes (child fastest), then GeNIe's extension with each node's
    name, position and comment (description, then ``Source:`` and the quote)."""
    name = encode_name(model.name)
    root = ET.Element("smile", version="1.0", id=name, numsamples="10000", discsamples="10000")
    nodes = ET.SubElement(root, "nodes")
    for var in model.variables.values():
        node_id, states, parents = names_of(var)
        cpt = ET.SubElement(nodes, "decision" if var.decision else "cpt", id=node_id)
        for state in states:
            ET.SubElement(cpt, "state", id=state)
        if parents:
            ET.SubElement(cpt, "parents").text = " ".join(parents)
        if not var.decision:
            ET.SubElement(cpt, "probabilities").text = exact_row(var.cpt)
    for utility in model.utilities.values():
        node = ET.SubElement(nodes, "utility", id=encode_name(utility.name))
        given = [names_of(model.variables[p])[0] for p in utility.parents]
        ET.SubElement(node, "parents").text = " ".join(given)
        ET.SubElement(node, "utilities").text = exact_row(utility.table.ravel())
    genie = ET.SubElement(
        ET.SubElement(root, "extensions"), "genie", version="1.0", app="scenarios", name=name
    )
    if model.description or model.source:
        ET.SubElement(genie, "comment").text = join_comment(model.description, model.source)
    positions = grid_positions(model)
    for var in model.variables.values():
        _genie_node(genie, names_of(var)[0], var.name, positions[var.name])
        if var.description or var.source:
            genie[-1].append(_text("comment", join_comment(var.description, var.source)))
    for column, utility in enumerate(model.utilities.values()):  # a row below the network
        bottom = max((y for _, y in positions.values()), default=0) + 2 * NODE_SIZE[1]
        centre = (NODE_SIZE[0] + column * 2 * NODE_SIZE[0], bottom)
        _genie_node(genie, encode_name(utility.name), utility.name, centre)
        if utility.description:
            genie[-1].append(_text("comment", utility.description))
    return _document(root)


def _genie_node(genie: ET.Element, node_id: str, title: str, centre: tuple[int, int]) -> None:
    node = ET.SubElement(genie, "node", id=node_id)
    ET.SubElement(node, "name").text = title
    ET.SubElement(node, "interior", color="e5f6f7")
    ET.SubElement(node, "outline", color="000080")
    ET.SubElement(node, "font", color="000000", name="Arial", size="8")
    (x, y), (w, h) = centre, NODE_SIZE
    ET.SubElement(node, "position").text = f"{x - w // 2} {y - h // 2} {x + w // 2} {y + h // 2}"


def _text(tag: str, text: str) -> ET.Element:
    element = ET.Element(tag)
    element.text = text
    return element


def _document(root: ET.Element) -> str:
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
