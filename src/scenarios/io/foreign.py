"""Writing BIF, XMLBIF, NET and XDSL through pgmpy's writers, their defects worked around.

See :mod:`scenarios.io.formats` for what is worked around and :mod:`scenarios.io.names` for how
names are spelled. pgmpy is imported only when such a file is written (it takes a second).
"""

from __future__ import annotations

import sys
import warnings
import xml.dom.minidom as md
from dataclasses import replace
from xml.etree import ElementTree

import numpy as np

from scenarios.io.genie import add_comments, join_comment
from scenarios.io.names import encode_name
from scenarios.io.notes import NOTES, encode_notes
from scenarios.io.pgmpy_bridge import to_pgmpy
from scenarios.model.schema import Model, Variable


def dumps_bif(model: Model) -> str:
    """BIF text: names encoded, notes in a ``scenarios`` property."""
    return dumps_foreign(model, "BIF", keeps_notes=True)


def dumps_xmlbif(model: Model) -> str:
    """XMLBIF text: names encoded, notes in a ``scenarios`` property."""
    return dumps_foreign(model, "XMLBIF", keeps_notes=True)


def dumps_net(model: Model) -> str:
    """Hugin NET text: names encoded, notes in a ``scenarios`` attribute, exact floats."""
    return dumps_foreign(model, "NET", keeps_notes=True)


def dumps_xdsl(model: Model) -> str:
    """GeNIe XDSL text: names encoded, descriptions and sources in GeNIe's comments."""
    return dumps_foreign(model, "XDSL", keeps_notes=False)


def dumps_foreign(model: Model, kind: str, keeps_notes: bool) -> str:
    """The text of ``model`` in the format ``kind`` (BIF, XMLBIF, NET or XDSL), names encoded,
    notes as properties when ``keeps_notes``."""
    encoded = _encoded(model)
    network = to_pgmpy(encoded)
    network.name = encode_name(model.name)
    if keeps_notes:  # pgmpy's writers sort the variables: the notes keep their order
        for position, var in enumerate(model.variables.values()):
            notes = {**_notes(var), "position": position}
            if notes:
                value = encode_notes(notes)
                network.nodes[encode_name(var.name)][NOTES] = (
                    f'"{value}"' if kind == "NET" else value
                )
    with (
        warnings.catch_warnings(),
        np.printoptions(floatmode="unique", precision=17, threshold=sys.maxsize),
    ):
        warnings.simplefilter("ignore")
        return _writer_text(kind, network, _genie_comments(model))


def _genie_comments(model: Model) -> tuple[str, dict[str, str]]:
    return join_comment(model.description, model.source), {
        encode_name(v.name): join_comment(v.description, v.source) for v in model.variables.values()
    }


def _writer_text(kind: str, network, comments: tuple[str, dict[str, str]]) -> str:
    from pgmpy.readwrite import BIFWriter, NETWriter, XDSLWriter, XMLBIFWriter  # lazy: heavy

    if kind == "XDSL":
        writer = XDSLWriter(network, network_id=network.name)
        add_comments(writer.root, *comments)
        text = ElementTree.tostring(writer.root, encoding="unicode")
        return md.parseString(text).toprettyxml(indent="    ")
    if kind == "NET":
        return _net_text(NETWriter, network)
    writer = {"BIF": BIFWriter, "XMLBIF": XMLBIFWriter}[kind](network)
    return str(writer)


def _net_text(base: type, network) -> str:
    """pgmpy's NET writer rounds every probability to 8 decimals and never writes the network
    name; this one writes shortest round-trip floats and ``name = "...";``."""

    class ExactNETWriter(base):
        def net_cpd(self, var_name: str) -> str:
            return _nested(np.moveaxis(np.asarray(self.tables[var_name], dtype=float), 0, -1))

    text = str(ExactNETWriter(network))
    return text.replace("net {\n", f'net {{\n    name = "{network.name}";\n', 1)


def _nested(values: np.ndarray) -> str:
    """``(0.5 0.5)`` for a row, ``((..)\n (..))`` for a table, exact floats."""
    if values.ndim == 1:
        return "(" + " ".join(repr(float(x)) for x in values) + ")"
    return "(" + "\n ".join(_nested(v) for v in values) + ")"


def _encoded(model: Model) -> Model:
    variables = {}
    for var in model.variables.values():
        name = encode_name(var.name)
        variables[name] = replace(
            var,
            name=name,
            states=tuple(encode_name(s) for s in var.states),
            parents=tuple(encode_name(p) for p in var.parents),
        )
    return replace(model, variables=variables)


def _notes(var: Variable) -> dict:
    notes = {
        "description": var.description,
        "source": var.source,
        "edges": var.edge_sources,
        "assumption": var.assumption,
        "assumptions": var.edge_assumptions,
        "definitions": var.definitions,
        "role": var.role,
        "scale": var.scale if var.scale != "ordinal" else None,
        "confidence": var.confidence,
    }
    return {k: v for k, v in notes.items() if v}
