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
from scenarios.core.errors import Diagnostic
from scenarios.core.text import UNDERFLOW, UNDERFLOW_FIX, underflows
from scenarios.io.assemble import assemble
from scenarios.io.braces import Block, numbers_in, top_block, words
from scenarios.io.genie import join_comment, split_comment
from scenarios.io.names import encode_name
from scenarios.io.row_notes import IMPOSSIBLE_HINT
from scenarios.io.scanner import (
    Blocks,
    Lines,
    ProbabilityBlock,
    VariableBlock,
    fail_at,
    refuse_at,
)
from scenarios.io.writing import exact, names_of
from scenarios.model.schema import Model

FORMAT = "DNE"
REFUSED_KINDS = {"DECISION": "a decision", "UTILITY": "a utility", "CONSTANT": "a constant"}


def parse_dne(text: str, filename: str) -> Model:
    """A validated :class:`Model` from Netica DNE text; every problem a located ModelError."""
    net = top_block(text, filename, FORMAT, "bnet", "is this a Netica .dne file?")
    blocks = Blocks(text, filename, network=net.name)
    nodes = net.blocks("node")
    depended = {p for node in nodes for p in _names(node.value("parents"))}
    descriptions, notes = {}, []
    for node in nodes:
        if node.name not in depended and _display_only(node):
            notes.append(_note(text, filename, node, f"{_box(node)}: left out", None))
            continue
        name = _read_node(text, filename, node, blocks, notes)
        descriptions[name] = _description(node)
    model = assemble(blocks)
    variables = {}
    for name, var in model.variables.items():
        description, source = split_comment(descriptions.get(encode_name(name), ""))
        variables[name] = replace(var, description=description, source=source)
    description, source = split_comment(_text(net.value("comment")))
    return replace(
        model,
        variables=variables,
        description=description,
        source=source,
        notes=(*model.notes, *notes),
    )


def _display_only(node: Block) -> bool:
    """A node with no parents, no states and no table (a title or comment box, Netica's
    ``kind = CONSTANT`` with a title); only one no node depends on may be left out."""
    keys = ("states", "numstates", "levels", "probs", "functable", "equation", "value")
    return not _names(node.value("parents")) and all(node.value(k) is None for k in keys)


def _box(node: Block) -> str:
    title = _text(node.value("title"))
    shown = f" ({title[:60]})" if title and title != node.name else ""
    return f"node '{node.name}'{shown} holds no states and no table, and no node depends on it"


def _note(text: str, filename: str, node: Block, message: str, variable: str | None) -> Diagnostic:
    line, column = Lines(text).at(node.at)
    hint = IMPOSSIBLE_HINT if variable else "a title or comment box, drawn by Netica only"
    return Diagnostic(message, filename, line, column, variable, hint)


def _names(value: Any) -> list[str]:
    return [p for p in words(value) if p] if value is not None else []


def _read_node(
    text: str, filename: str, node: Block, blocks: Blocks, notes: list[Diagnostic]
) -> str:
    name = node.name or _fail(text, filename, node.at, "a node has no name", None)
    kind = _text(node.value("kind")).upper() or "NATURE"
    if kind in REFUSED_KINDS:
        _refuse(text, filename, node.at, f"node '{name}' is {REFUSED_KINDS[kind]} node")
    states = _names(node.value("states"))
    if not states and node.value("numstates") is not None:
        states = [f"s{k}" for k in range(_state_count(text, filename, node))]
    if not states and node.value("levels") is not None:
        states = _intervals(text, filename, node)
    if not states:
        continuous = _text(node.value("discrete")).upper() == "FALSE"
        what = "a continuous node" if continuous else "a node without states"
        _refuse(text, filename, node.at, f"node '{name}' is {what}")
    blocks.variables.append(VariableBlock(name, states, node.at))
    parents = _names(node.value("parents"))
    values, at, impossible = _table(text, filename, node, name, states)
    if impossible:
        rows = ", ".join(str(r + 1) for r in impossible[:5]) + (
            " ..." if len(impossible) > 5 else ""
        )
        notes.append(_note(text, filename, node, f"rows {rows} of its table are @imposs", name))
    blocks.probabilities.append(
        ProbabilityBlock(name, parents, node.at, table=(values, at), child_fastest=True)
    )
    return name


def _intervals(text: str, filename: str, node: Block) -> list[str]:
    """A discretised continuous node's states: its ``levels`` (n + 1 boundaries, as written)
    read as the n intervals between them, named as Netica labels them ("100 to 110")."""
    bounds = [b for b in words(node.value("levels")) if b]
    if _text(node.value("discrete")).upper() != "FALSE" or len(bounds) < 2:
        _fail(
            text,
            filename,
            node.at,
            f"node '{node.name}' gives levels but no states",
            "give a discrete node its states, a discretised one at least two levels",
        )
    return [f"{low} to {high}" for low, high in zip(bounds, bounds[1:], strict=False)]


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


def _table(
    text: str, filename: str, node: Block, name: str, states: list[str]
) -> tuple[list[float], int, list[int]]:
    """The node's probabilities, flat: ``probs``, or ``functable`` for a DETERMIN node; where
    they are; and the rows written wholly as ``@imposs`` (an impossible parent combination:
    any distribution gives the same answers, read as uniform and noted)."""
    for key, cell in (("probs", _cell), ("functable", _one_hot)):
        entry = node.entry(key)
        if entry is not None:
            items = numbers_in(entry[0])
            values = [x for i in items for x in cell(text, filename, entry[1], i, states)]
            values, impossible = _possible(values, [i == "@imposs" for i in items], len(states))
            return values, entry[1], impossible
    if node.value("equation") is not None:
        _refuse(
            text,
            filename,
            node.at,
            f"node '{name}' is given by an equation, not a table",
            "in Netica, build its table from the equation (Table > Equation to Table) and save",
        )
    _fail(text, filename, node.at, f"node '{name}' has no probs", "give its table as probs = (...)")


def _possible(values: list[float], imposs: list[bool], card: int) -> tuple[list[float], list[int]]:
    """``values`` with each row written wholly as ``@imposs`` made uniform, and those rows."""
    if not any(imposs) or len(imposs) != len(values):  # '#k' rows: no @imposs among them
        return values, []
    rows = [r for r in range(len(values) // card) if all(imposs[r * card : (r + 1) * card])]
    for r in rows:
        values[r * card : (r + 1) * card] = [1 / card] * card
    return values, rows


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
        bounds = interval_bounds(var.states)
        lines += [
            "",
            f"node {name} {{",
            "\tkind = NATURE;",
            f"\tdiscrete = {'FALSE' if bounds else 'TRUE'};",
            "\tchance = CHANCE;",
            f"\tlevels = ({', '.join(bounds)});"
            if bounds
            else f"\tstates = ({', '.join(states)});",
            f"\tparents = ({', '.join(parents)});",
            "\tprobs = ",
            f"\t\t// {'  '.join(states)}" + (f"  // {' '.join(parents)}" if parents else ""),
            f"\t\t{_nested(var.cpt)};",
        ]
        if var.description or var.source:
            lines.append(f"\tcomment = {_quoted(join_comment(var.description, var.source))};")
        lines.append("\t};")
    return "\n".join([*lines, "};", ""])


def interval_bounds(states: tuple[str, ...]) -> list[str]:
    """The boundaries of states that are consecutive intervals named as Netica names them
    ("100 to 110", "110 to 120"), written back as a discretised node's ``levels``; [] for
    any other states.

    >>> interval_bounds(("0 to 1.5", "1.5 to 3")), interval_bounds(("low", "high"))
    (['0', '1.5', '3'], [])
    """
    pairs = [state.split(" to ") for state in states]
    if any(len(p) != 2 or not all(_is_bound(b) for b in p) for p in pairs):
        return []
    if any(a[1] != b[0] for a, b in zip(pairs, pairs[1:], strict=False)):
        return []
    return [pairs[0][0], *(p[1] for p in pairs)]


def _is_bound(text: str) -> bool:
    try:
        float(text.replace("INFINITY", "inf"))
    except ValueError:
        return False
    return True


def _nested(values: np.ndarray) -> str:
    """One parenthesis level per parent, the node's states innermost."""
    if values.ndim == 1:
        return "(" + ", ".join(exact(x) for x in values) + ")"
    return "(" + ",\n\t\t ".join(_nested(v) for v in values) + ")"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
