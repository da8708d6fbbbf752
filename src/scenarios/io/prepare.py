"""Files as GeNIe and JavaBayes write them, made ready for pgmpy's readers.

pgmpy's readers know chance nodes with tables only, and treat everything else badly:

- XDSL: the reader reads ``<cpt>`` nodes and silently drops every other kind, so a network
  with a deterministic or noisy-MAX node would load with fewer variables and answer wrongly.
  Deterministic nodes become tables here (probability 1 on the resulting state);
- every other kind of node (decision, utility, noisy-MAX, equation; XMLBIF variables of TYPE
  decision or utility) is refused by name and line, with how to make the tool write it as a
  table. An influence diagram is not a Bayesian network.

(Hugin NET is read by :mod:`scenarios.io.net`, not by pgmpy.)

Example:
    >>> text = ('<smile id="n"><nodes><deterministic id="d"><state id="a"/><state id="b"/>'
    ...         '<resultingstates>b</resultingstates></deterministic></nodes></smile>')
    >>> "<probabilities>0 1</probabilities>" in prepared_xdsl(text, "n.xdsl")
    True
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

from scenarios.errors import Diagnostic, ModelError

TABLE_HINT = ("in GeNIe, change the node's type to a general chance node (a plain "
              "probability table) and save the file again")


def prepared_xmlbif(text: str, filename: str) -> str:
    """XMLBIF text, or a ModelError for a variable of TYPE decision or utility."""
    for match in re.finditer(r'<VARIABLE\b[^>]*TYPE\s*=\s*"(decision|utility)"', text, re.I):
        name = re.search(r"<NAME>\s*([^<]*?)\s*</NAME>", text[match.end():], re.I)
        raise ModelError([Diagnostic(
            f"is a {match.group(1).lower()} variable; only chance (nature) variables can be read",
            file=filename, line=text.count("\n", 0, match.start()) + 1,
            variable=name.group(1) if name else "?",
            hint="remove it, or make it a chance variable with a table, and save again")])
    return text


def prepared_xdsl(text: str, filename: str) -> str:
    """The XDSL text with deterministic nodes written as tables; a ModelError for any node
    pgmpy would drop."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return text  # pgmpy's reader reports the syntax error
    nodes = root.find("nodes")
    if nodes is None:
        return text
    changed = False
    for node in nodes:
        if node.tag == "cpt":
            continue
        if node.tag != "deterministic":
            raise _refusal(node, text, filename)
        _as_table(node, text, filename)
        changed = True
    return ElementTree.tostring(root, encoding="unicode") if changed else text


def _as_table(node: ElementTree.Element, text: str, filename: str) -> None:
    states = [state.get("id", "") for state in node.findall("state")]
    rows = []
    for result in (node.findtext("resultingstates") or "").split():
        if result not in states:
            raise _error(node, text, filename, f"its resulting state '{result}' is not one "
                         f"of its states ({', '.join(states)})", "fix the resulting states")
        rows.append(" ".join("1" if s == result else "0" for s in states))
    for child in node.findall("resultingstates"):
        node.remove(child)
    node.tag = "cpt"
    ElementTree.SubElement(node, "probabilities").text = " ".join(rows)


def _refusal(node: ElementTree.Element, text: str, filename: str) -> ModelError:
    kind = node.tag
    what = {"decision": "a decision node", "utility": "a utility node",
            "mau": "a multi-attribute utility node", "equation": "an equation node",
            }.get(kind, f"a {kind} node")
    return _error(node, text, filename, f"is {what}; only chance nodes with a probability "
                  "table (and deterministic nodes) can be read", TABLE_HINT)


def _error(node: ElementTree.Element, text: str, filename: str, message: str,
           hint: str) -> ModelError:
    name = node.get("id", "?")
    at = text.find(f'<{node.tag} id="{name}"')
    line = text.count("\n", 0, at) + 1 if at >= 0 else None
    return ModelError([Diagnostic(message, file=filename, line=line, variable=name, hint=hint)])
