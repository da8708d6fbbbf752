"""XMLBIF and GeNIe XDSL read here, every problem located.

pgmpy's readers import pgmpy (a second or more on every query of such a model) and report no
line for anything but XML syntax; its XDSL reader splits ``<parents>`` and ``<probabilities>``
at single spaces (an indented line break between numbers is an error) and silently drops every
node that is not a ``<cpt>``: a GeNIe network with a noisy-MAX node loaded with fewer
variables. Here:

- XMLBIF: ``<VARIABLE>`` (``NAME``, ``OUTCOME``s, ``PROPERTY``s, ``TYPE`` nature, or
  decision and utility as pyAgrum writes influence diagrams) and ``<DEFINITION>`` (``FOR``,
  ``GIVEN``s, ``TABLE``) with the variable's states fastest, as pgmpy reads it; tags in
  either case; this tool's notes in a ``scenarios = ...`` property;
- XDSL: ``<cpt>`` nodes (``state``s, ``parents``, ``probabilities``, states fastest),
  ``<deterministic>`` nodes (probability 1 on each ``resultingstates`` entry), ``<noisymax>``
  nodes, and an influence diagram's ``<decision>`` and ``<utility>`` nodes
  (:mod:`scenarios.io.influence_blocks`); every other kind (equation, multi-attribute
  utility, ...) is refused by name and line; descriptions and sources come from GeNIe's
  comments (:mod:`scenarios.io.genie`).

Example:
    >>> m = parse_xdsl('<smile id="n"><nodes><cpt id="a"><state id="x"/><state id="y"/>'
    ...                '<probabilities>0.25 0.75</probabilities></cpt></nodes></smile>', "n.xdsl")
    >>> m.name, m.variables["a"].cpt.tolist()
    ('n', [0.25, 0.75])
"""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn

from scenarios.core.errors import Diagnostic, ModelError
from scenarios.core.text import UNDERFLOW, UNDERFLOW_FIX, underflows
from scenarios.io.assemble import assemble
from scenarios.io.genie import NOISY_MAX_HINT, noisy_max_rows, split_comment
from scenarios.io.influence_blocks import (
    InfluenceBlocks,
    UtilityBlock,
    first_option_blocks,
    with_influence,
)
from scenarios.io.names import decode_name
from scenarios.io.notes import decode_notes
from scenarios.io.scanner import Blocks, Lines, ProbabilityBlock, VariableBlock, given_twice
from scenarios.io.xmltree import Node, parse_xml
from scenarios.model.schema import Model

TABLE_HINT = (
    "in GeNIe, change the node's type to a general chance node (a plain "
    "probability table) and save the file again"
)
KINDS = {
    "decision": "a decision node",
    "utility": "a utility node",
    "mau": "a multi-attribute utility node",
    "equation": "an equation node",
    "noisyadder": "a noisy-adder node",
}


class _Reader:
    """Shared by both formats: locations and numbers."""

    FORMAT = "?"

    def __init__(self, text: str, filename: str):
        self.text, self.filename, self.lines = text, filename, Lines(text)
        self.blocks = Blocks(text, filename)
        self.found = InfluenceBlocks()  # decision and utility nodes

    def offset(self, node: Node) -> int:
        return self.lines.offset(node.line, node.column)

    def fail(
        self, node: Node, message: str, hint: str | None = None, variable: str | None = None
    ) -> NoReturn:
        raise ModelError(
            [
                Diagnostic(
                    message,
                    file=self.filename,
                    line=node.line,
                    column=node.column,
                    variable=variable,
                    hint=hint
                    or f"check the file against the {self.FORMAT} format, or save it again "
                    "from the tool that wrote it",
                )
            ]
        )

    def child(self, node: Node, tag: str, owner: str) -> Node:
        """The one <tag> element of ``node``: a located error when it is missing or given
        twice."""
        found = self.optional(node, tag, owner)
        if found is None:
            self.fail(node, f"{owner} has no <{tag}>")
        return found

    def optional(self, node: Node, tag: str, owner: str) -> Node | None:
        """The <tag> element of ``node``, or None; a located error when it is given twice
        (:func:`~scenarios.io.scanner.given_twice`)."""
        found = node.findall(tag)
        if len(found) > 1:
            self.fail(found[1], *given_twice(f"<{tag}>", owner, found[0].line))
        return found[0] if found else None

    def text_of(self, node: Node, tag: str, owner: str) -> str:
        found = self.optional(node, tag, owner)
        return "" if found is None else found.text

    def numbers(self, node: Node) -> list[float]:
        values = []
        for word in node.text.replace(",", " ").split():
            try:
                values.append(float(word))
            except ValueError:
                self.fail(node, f"'{word[:40]}' is not a number", "write a probability")
            if underflows(word, values[-1]):
                self.fail(node, f"'{word[:40]}' {UNDERFLOW}", UNDERFLOW_FIX)
        return values


class _XmlBifReader(_Reader):
    FORMAT = "XMLBIF"

    def read(self) -> Model:
        root = parse_xml(self.text, self.filename, self.FORMAT, upper=True)
        if root.tag.rpartition(":")[2] == "XMLBIF":  # UnBBayes's own schema, namespaced
            version = next((v for k, v in root.attrib.items() if k.lower() == "version"), "?")
            self.fail(
                root,
                f"this is UnBBayes's XMLBIF {version}, a schema of its own (not the XMLBIF "
                "0.3 of JavaBayes, pgmpy and pyAgrum read here); its table order is not verified",
                "in UnBBayes, save the network as Hugin .net, which is read here",
            )
        network = root if root.tag == "NETWORK" else self.child(root, "NETWORK", "the file")
        self.blocks.network = self.text_of(network, "NAME", "the <NETWORK>").strip() or None
        for variable in network.findall("VARIABLE"):
            self.variable(variable)
        for definition in network.findall("DEFINITION") + network.findall("PROBABILITY"):
            self.definition(definition)
        first_option_blocks(self.blocks, self.found)
        return with_influence(assemble(self.blocks), self.blocks, self.found)

    def variable(self, node: Node) -> None:
        name = self.child(node, "NAME", "a <VARIABLE>").text.strip()
        kind = next((v for k, v in node.attrib.items() if k.upper() == "TYPE"), "nature")
        if kind.lower() == "utility":  # pyAgrum's influence diagrams: one dummy outcome
            self.found.utilities.append(UtilityBlock(name, self.offset(node)))
            return
        if kind.lower() == "decision":
            self.found.decisions[name] = self.offset(node)
        elif kind.lower() != "nature":
            self.fail(
                node,
                f"is a {kind.lower()} variable; only chance (nature), decision and utility "
                "variables can be read",
                "remove it, or make it a chance variable with a table, and save again",
                name,
            )
        notes, first = {}, None
        for prop in node.findall("PROPERTY"):
            key, _, value = prop.text.partition("=")
            if key.strip() == "scenarios":
                if first is not None:
                    owner = f"the <VARIABLE> '{name}'"
                    self.fail(prop, *given_twice("scenarios property", owner, first.line))
                notes, first = decode_notes(value), prop
        states = [o.text.strip() for o in node.findall("OUTCOME")]
        self.blocks.variables.append(VariableBlock(name, states, self.offset(node), notes))

    def definition(self, node: Node) -> None:
        child = self.child(node, "FOR", "a <DEFINITION>").text.strip()
        given = [g.text.strip() for g in node.findall("GIVEN")]
        utility = next((u for u in self.found.utilities if u.name == child), None)
        influence = utility is not None or child in self.found.decisions
        if influence and self.influence(node, child, given, utility):
            return
        table = self.child(node, "TABLE", f"the <DEFINITION> of '{child}'")
        self.blocks.probabilities.append(
            ProbabilityBlock(
                child,
                [g.text.strip() for g in node.findall("GIVEN")],
                self.offset(node),
                table=(self.numbers(table), self.offset(table)),
                child_fastest=True,
            )
        )

    def influence(
        self, node: Node, child: str, given: list[str], utility: UtilityBlock | None
    ) -> bool:
        """A utility's values, or a decision's information arcs (a decision given a table
        keeps it: True where nothing is left to read)."""
        table = self.optional(node, "TABLE", f"the <DEFINITION> of '{child}'")
        if utility is not None:
            where = table if table is not None else node
            utility.parents, utility.values_at = given, self.offset(where)
            utility.values = self.numbers(table) if table is not None else []
            return True
        if table is None:
            block = ProbabilityBlock(child, given, self.offset(node))
            self.blocks.probabilities.append(block)
            return True
        return False


class _XdslReader(_Reader):
    FORMAT = "XDSL"

    def read(self) -> Model:
        root = parse_xml(self.text, self.filename, self.FORMAT)
        self.blocks.network = root.attrib.get("id")
        for node in self.child(root, "nodes", "the file").children:
            if node.tag in ("decision", "utility"):
                self.influence(node)
                continue
            if node.tag not in ("cpt", "deterministic", "noisymax"):
                self.fail(
                    node,
                    f"is {KINDS.get(node.tag, f'a {node.tag} node')}; only chance "
                    "nodes with a probability table (and deterministic, decision and "
                    "utility nodes) can be read",
                    TABLE_HINT,
                    node.attrib.get("id", "?"),
                )
            self.node(node)
        first_option_blocks(self.blocks, self.found)
        model = with_influence(assemble(self.blocks), self.blocks, self.found)
        return _with_comments(model, self.optional(root, "extensions", "the file"))

    def influence(self, node: Node) -> None:
        """A GeNIe decision (states, parents: what is known) or utility (parents,
        ``<utilities>``: a value per combination, the last parent fastest)."""
        name = node.attrib.get("id") or self.fail(node, "a node has no id")
        parents = self.text_of(node, "parents", f"node '{name}'").split()
        if node.tag == "utility":
            values = self.child(node, "utilities", f"node '{name}'")
            block = UtilityBlock(name, self.offset(node), parents, self.numbers(values))
            block.values_at = self.offset(values)
            self.found.utilities.append(block)
            return
        states = [s.attrib.get("id", "") for s in node.findall("state")]
        self.blocks.variables.append(VariableBlock(name, states, self.offset(node)))
        self.found.decisions[name] = self.offset(node)
        self.blocks.probabilities.append(ProbabilityBlock(name, parents, self.offset(node)))

    def node(self, node: Node) -> None:
        name = node.attrib.get("id") or self.fail(node, "a node has no id")
        states = [s.attrib.get("id", "") for s in node.findall("state")]
        parents = self.text_of(node, "parents", f"node '{name}'").split()
        self.blocks.variables.append(VariableBlock(name, states, self.offset(node)))
        if node.tag == "cpt":
            table = self.child(node, "probabilities", f"node '{name}'")
            values = self.numbers(table)
        elif node.tag == "noisymax":
            table = self.child(node, "parameters", f"node '{name}'")
            values = self.noisy_max(node, name, states, parents, table)
        else:
            table = self.child(node, "resultingstates", f"node '{name}'")
            values = [float(s == result) for result in table.text.split() for s in states]
            unknown = [r for r in table.text.split() if r not in states]
            if unknown:
                self.fail(
                    table,
                    f"its resulting state '{unknown[0]}' is not one of its states "
                    f"({', '.join(states)})",
                    "fix the resulting states",
                    name,
                )
        self.blocks.probabilities.append(
            ProbabilityBlock(
                name,
                parents,
                self.offset(node),
                table=(values, self.offset(table)),
                child_fastest=True,
            )
        )

    def noisy_max(
        self, node: Node, name: str, states: list[str], parents: list[str], parameters: Node
    ) -> list[float]:
        """A noisy-MAX node's table (:func:`~scenarios.io.genie.noisy_max_rows`); its
        parents are declared before it in the files GeNIe writes."""
        declared = {v.name: len(v.states) for v in self.blocks.variables}
        missing = [p for p in parents if p not in declared]
        if missing:
            self.fail(node, f"its parent '{missing[0]}' is not declared before it", None, name)
        strengths = self.numbers(self.child(node, "strengths", f"node '{name}'"))
        cards = [declared[p] for p in parents]
        rows, why = noisy_max_rows(len(states), cards, strengths, self.numbers(parameters))
        if rows is None:
            self.fail(node, f"is {why}", NOISY_MAX_HINT, name)
        return rows


def _with_comments(model: Model, extensions: Node | None) -> Model:
    """Descriptions and sources from GeNIe's comments (or its node names)."""
    genie = extensions.find("genie") if extensions is not None else None
    if genie is None:
        return model
    variables, utilities = dict(model.variables), dict(model.utilities)
    for node in genie.findall("node"):
        utility = utilities.get(decode_name(node.attrib.get("id", "")))
        note = (node.findtext("comment") or "").strip()
        if utility is not None and note:
            utilities[utility.name] = replace(utility, description=note)
        var = variables.get(decode_name(node.attrib.get("id", "")))
        comment = (node.findtext("comment") or "").strip()
        name = (node.findtext("name") or "").strip()
        node_id = node.attrib.get("id", "")
        comment = comment or (name if name not in (node_id, decode_name(node_id)) else "")
        if var is not None and comment and not var.description:
            description, source = split_comment(comment)
            variables[var.name] = replace(var, description=description, source=source)
    description, source = split_comment(genie.findtext("comment") or "")
    return replace(
        model,
        variables=variables,
        utilities=utilities,
        description=model.description or description,
        source=model.source or source,
    )


def parse_xmlbif(text: str, filename: str) -> Model:
    """A validated :class:`Model` from XMLBIF text; every problem a located ModelError."""
    return _XmlBifReader(text, filename).read()


def parse_xdsl(text: str, filename: str) -> Model:
    """A validated :class:`Model` from GeNIe XDSL text; every problem a located ModelError."""
    return _XdslReader(text, filename).read()
