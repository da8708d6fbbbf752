"""Netica's DNE text format, read and written here (no Python library reads it).

Reading follows Norsys's description of DNET files: ``bnet NAME { ... node ID { kind = NATURE;
discrete = TRUE; states = (...); parents = (...); probs = ...; title = "..."; comment =
"..."; }; };``. ``probs`` run over the parents' combinations (the first parent slowest) with
the node's states fastest; nesting is ignored, ``#k`` is a row with all its mass on state k and
``@imposs`` (an impossible parent combination) reads as 0. A deterministic node
(``chance = DETERMIN``) gives its ``functable`` of states. Decision, utility and constant
nodes, continuous nodes without states and nodes given only by an equation are refused by
name and line. A node's ``comment`` (else a ``title`` unlike its name) is its description.

Writing gives every node ``kind = NATURE``, its states, parents, a ``probs`` table with one
parenthesis level per parent and Netica's row comments, and its description and source as
``comment``.

Example:
    >>> m = parse_dne('// ~->[DNET-1]->~\\nbnet N { node a { kind = NATURE; states = (x, y);'
    ...               ' parents = (); probs = (0.25, 0.75); }; };', "n.dne")
    >>> parse_dne(dumps_dne(m), "m.dne").variables["a"].cpt.tolist()
    [0.25, 0.75]
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any, NoReturn

import numpy as np

from scenarios.core import limits
from scenarios.core.text import UNDERFLOW, UNDERFLOW_FIX, underflows
from scenarios.io.assemble import assemble
from scenarios.io.braces import Block, numbers_in, top_block, words
from scenarios.io.genie import join_comment, split_comment
from scenarios.io.names import encode_name
from scenarios.io.scanner import Blocks, ProbabilityBlock, VariableBlock, fail_at, refuse_at
from scenarios.io.writing import exact, names_of
from scenarios.model.schema import Model

FORMAT = "DNE"
REFUSED_KINDS = {"DECISION": "a decision", "UTILITY": "a utility", "CONSTANT": "a constant"}


def parse_dne(text: str, filename: str) -> Model:
    """A validated :class:`Model` from Netica DNE text; every problem a located ModelError."""
    net = top_block(text, filename, FORMAT, "bnet", "is this a Netica .dne file?")
    blocks = Blocks(text, filename, network=net.name)
    descriptions = {}
    for node in net.blocks("node"):
        descriptions[_read_node(text, filename, node, blocks)] = _description(node)
    model = assemble(blocks)
    variables = {}
    for name, var in model.variables.items():
        description, source = split_comment(descriptions.get(encode_name(name), ""))
        variables[name] = replace(var, description=description, source=source)
    description, source = split_comment(_text(net.value("comment")))
    return replace(model, variables=variables, description=description, source=source)


def _read_node(text: str, filename: str, node: Block, blocks: Blocks) -> str:
    name = node.name or _fail(text, filename, node.at, "a node has no name", None)
    kind = _text(node.value("kind")).upper() or "NATURE"
    if kind in REFUSED_KINDS:
        _refuse(text, filename, node.at, f"node '{name}' is {REFUSED_KINDS[kind]} node")
    states = [s for s in words(node.value("states")) if s] if node.value("states") else []
    if not states and node.value("numstates") is not None:
        states = [f"s{k}" for k in range(_state_count(text, filename, node))]
    if not states:
        continuous = _text(node.value("discrete")).upper() == "FALSE"
        what = "a continuous node" if continuous else "a node without states"
        _refuse(text, filename, node.at, f"node '{name}' is {what}")
    blocks.variables.append(VariableBlock(name, states, node.at))
    parents = [p for p in words(node.value("parents")) if p] if node.value("parents") else []
    values, at = _table(text, filename, node, name, states)
    blocks.probabilities.append(
        ProbabilityBlock(name, parents, node.at, table=(values, at), child_fastest=True)
    )
    return name


def _state_count(text: str, filename: str, node: Block) -> int:
    """``numstates``: a whole number from 1 to the limit of a table's cells (a variable
    with more states could have no table), checked before any state is made."""
    value, at = node.entry("numstates") or (None, node.at)
    written = _text(value)
    try:
        number = float(written)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number.is_integer() and number >= 1):
        _fail(
            text,
            filename,
            at,
            f"numstates is '{written[:40]}', not a whole number of 1 or more",
            "give the number of the node's states",
        )
    count = int(number)
    if count > limits.get("cpt_cells"):
        _fail(text, filename, at, limits.refusal("numstates", count, "cpt_cells"), None)
    return count


def _table(text: str, filename: str, node: Block, name: str, states: list[str]):
    """The node's probabilities, flat: ``probs``, or ``functable`` for a DETERMIN node."""
    for key, cell in (("probs", _cell), ("functable", _one_hot)):
        entry = node.entry(key)
        if entry is not None:
            items = numbers_in(entry[0])
            return [x for i in items for x in cell(text, filename, entry[1], i, states)], entry[1]
    if node.value("equation") is not None:
        _refuse(
            text,
            filename,
            node.at,
            f"node '{name}' is given by an equation, not a table",
            "in Netica, build its table from the equation (Table > Equation to Table) and save",
        )
    _fail(text, filename, node.at, f"node '{name}' has no probs", "give its table as probs = (...)")


def _cell(text: str, filename: str, at: int, item: str, states: list[str]) -> list[float]:
    if item.startswith("#"):
        return _one_hot(text, filename, at, item, states)
    if item == "@imposs":
        return [0.0]
    return [_number(text, filename, at, item)]


def _one_hot(text: str, filename: str, at: int, item: str, states: list[str]) -> list[float]:
    index = int(item[1:]) if item.startswith("#") and item[1:].isdigit() else None
    if index is None and item in states:
        index = states.index(item)
    if index is None or index >= len(states):
        _fail(text, filename, at, f"'{item[:40]}' is not one of the node's states", None)
    return [1.0 if k == index else 0.0 for k in range(len(states))]


def _description(node: Block) -> str:
    comment, title = _text(node.value("comment")), _text(node.value("title"))
    return comment or (title if title not in ("", node.name) else "")


def _text(value: Any) -> str:
    return words(value)[0] if value is not None and not isinstance(value, list | Block) else ""


def _number(text: str, filename: str, at: int, value: Any) -> float:
    written = value if isinstance(value, str) else _text(value)
    try:
        number = float(written)
    except ValueError:
        _fail(text, filename, at, f"'{str(value)[:40]}' is not a number", "write a probability")
    if underflows(written, number):
        _fail(text, filename, at, f"'{written[:40]}' {UNDERFLOW}", UNDERFLOW_FIX)
    return number


def _refuse(text: str, filename: str, at: int, message: str, hint: str | None = None) -> NoReturn:
    refuse_at(
        text,
        filename,
        at,
        f"{message}; only chance nodes with a table can be read",
        hint or "remove it, or save a network of chance nodes from Netica",
    )


def _fail(text: str, filename: str, at: int, message: str, hint: str | None) -> NoReturn:
    fail_at(text, filename, FORMAT, at, message, hint or "open it in Netica and save it again")


def dumps_dne(model: Model) -> str:
    """Netica DNE text: the network's and each node's comment, states, parents and probs."""
    lines = ["// ~->[DNET-1]->~", "", f"bnet {encode_name(model.name)} {{", "autoupdate = TRUE;"]
    if model.description or model.source:
        lines.append(f"comment = {_quoted(join_comment(model.description, model.source))};")
    for var in model.variables.values():
        name, states, parents = names_of(var)
        lines += [
            "",
            f"node {name} {{",
            "\tkind = NATURE;",
            "\tdiscrete = TRUE;",
            "\tchance = CHANCE;",
            f"\tstates = ({', '.join(states)});",
            f"\tparents = ({', '.join(parents)});",
            "\tprobs = ",
            f"\t\t// {'  '.join(states)}" + (f"  // {' '.join(parents)}" if parents else ""),
            f"\t\t{_nested(var.cpt)};",
        ]
        if var.description or var.source:
            lines.append(f"\tcomment = {_quoted(join_comment(var.description, var.source))};")
        lines.append("\t};")
    return "\n".join([*lines, "};", ""])


def _nested(values: np.ndarray) -> str:
    """One parenthesis level per parent, the node's states innermost."""
    if values.ndim == 1:
        return "(" + ", ".join(exact(x) for x in values) + ")"
    return "(" + ",\n\t\t ".join(_nested(v) for v in values) + ")"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
