"""Writing BIF, XMLBIF, NET and XDSL through pgmpy's writers, their defects worked around;
pgmpy networks back to models (:func:`model_from_network`, used by ``from_pgmpy``).

See :mod:`scenarios.io.formats` for what is worked around and :mod:`scenarios.io.names` for how
names are spelled. Imported only when such a file is written (pgmpy takes a second).
"""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np

from scenarios.errors import Diagnostic, ModelError
from scenarios.io.assemble import DEFAULT_NAMES
from scenarios.io.formats import Format, checked_table, decode_notes, encode_notes, stem
from scenarios.io.names import decode_name, encode_name, unquoted
from scenarios.model.schema import Model, Variable

NOTES = "scenarios"  # the property holding a variable's notes


def model_from_network(network, filename: str) -> Model:
    """Decode names and notes, check every CPT row, divide rows by their sums."""
    names = {node: decode_name(node) for node in network.nodes()}
    problems: list[Diagnostic] = []
    if len(set(names.values())) < len(names):
        problems.append(Diagnostic("two variables have the same name once decoded",
                                   file=filename, hint="rename one of them"))
    if not names:
        problems.append(Diagnostic("no variables found", file=filename,
                                   hint="declare variables and their probability tables"))
    variables = {}
    for node in network.nodes():
        cpd = network.get_cpds(node)
        if cpd is None:
            problems.append(Diagnostic("has no probability table", file=filename,
                                       variable=names[node], hint="add its CPT"))
            continue
        variable = _variable(network, cpd, node, names, filename, problems)
        variables[variable.name] = variable
    if problems:
        raise ModelError(problems)
    name = getattr(network, "name", None)
    if not name or name in DEFAULT_NAMES:
        name = stem(filename)
    return Model(decode_name(str(name)), variables, path=filename)


def _variable(network, cpd, node: str, names: dict, filename: str,
              problems: list[Diagnostic]) -> Variable:
    parents = tuple(cpd.variables[1:])
    states = tuple(decode_name(str(s)) for s in cpd.state_names[node])
    cards = [len(cpd.state_names[p]) for p in parents]
    table = np.asarray(cpd.get_values(), dtype=float).T.reshape(*cards, len(states))

    def label(index: int) -> str:
        combo = np.unravel_index(index, cards) if cards else ()
        return ", ".join(f"{names[p]}={decode_name(str(cpd.state_names[p][i]))}"
                         for p, i in zip(parents, combo, strict=True)) or "prior"

    table, found = checked_table(table, names[node], filename, label)
    problems += found
    properties = network.nodes[node]
    notes = decode_notes(str(properties.get(NOTES, "")))
    label = unquoted(str(properties.get("label", "")).strip()).strip()
    if "description" not in notes and label:
        notes["description"] = label  # Hugin's label
    return Variable(names[node], states, tuple(names[p] for p in parents), table,
                    **note_fields(notes))


def note_fields(notes: dict) -> dict:
    """The :class:`Variable` fields kept in a file's ``scenarios`` notes property (anything
    malformed is dropped: notes never make a file unreadable)."""
    edges = notes.get("edges")
    return {
        "description": str(notes.get("description", "")),
        "source": str(notes.get("source", "")),
        "edge_sources": {str(k): str(v) for k, v in edges.items()}
        if isinstance(edges, dict) else {},
        "role": notes.get("role") if notes.get("role") in ("driver", "mediator", "outcome")
        else None,
        "scale": "nominal" if notes.get("scale") == "nominal" else "ordinal",
        "confidence": _positive(notes.get("confidence")),
    }


def _positive(value) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok and 0 < value < float("inf") else None


def dumps_foreign(model: Model, fmt: Format) -> str:
    """The text of ``model`` in ``fmt``, names encoded, notes as properties where kept."""
    from scenarios.io.pgmpy_bridge import to_pgmpy

    encoded = _encoded(model)
    network = to_pgmpy(encoded)
    network.name = encode_name(model.name)
    if fmt.keeps_notes:
        for var in model.variables.values():
            notes = _notes(var)
            if notes:
                value = encode_notes(notes)
                network.nodes[encode_name(var.name)][NOTES] = \
                    f'"{value}"' if fmt.name == "NET" else value
    with warnings.catch_warnings(), np.printoptions(floatmode="unique", precision=17,
                                                    threshold=np.inf):
        warnings.simplefilter("ignore")
        return _writer_text(fmt, network, _genie_comments(model))


def _genie_comments(model: Model) -> tuple[str, dict[str, str]]:
    from scenarios.io.genie import join_comment

    return join_comment(model.description, model.source), {
        encode_name(v.name): join_comment(v.description, v.source)
        for v in model.variables.values()}


def _writer_text(fmt: Format, network, comments: tuple[str, dict[str, str]]) -> str:
    from pgmpy.readwrite import BIFWriter, NETWriter, XDSLWriter, XMLBIFWriter

    if fmt.name == "XDSL":
        import xml.dom.minidom as md
        from xml.etree import ElementTree

        from scenarios.io.genie import add_comments

        writer = XDSLWriter(network, network_id=network.name)
        add_comments(writer.root, *comments)
        text = ElementTree.tostring(writer.root, encoding="unicode")
        return md.parseString(text).toprettyxml(indent="    ")
    if fmt.name == "NET":
        return _net_text(NETWriter, network)
    writer = {"BIF": BIFWriter, "XMLBIF": XMLBIFWriter}[fmt.name](network)
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
        variables[name] = replace(var, name=name,
                                  states=tuple(encode_name(s) for s in var.states),
                                  parents=tuple(encode_name(p) for p in var.parents))
    return replace(model, variables=variables)


def _notes(var: Variable) -> dict:
    notes = {"description": var.description, "source": var.source, "edges": var.edge_sources,
             "role": var.role, "scale": var.scale if var.scale != "ordinal" else None,
             "confidence": var.confidence}
    return {k: v for k, v in notes.items() if v}
