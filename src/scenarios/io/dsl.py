"""GeNIe's older text format, DSL, read here (GeNIe and SMILE still open and save it).

``net ID { node ID { TYPE = CPT; HEADER = { ID = ...; NAME = "..."; COMMENT = "..."; };
PARENTS = (...); DEFINITION = { NAMESTATES = (...); PROBABILITIES = (...); }; }; };``.
``PROBABILITIES`` run over the parents' combinations (the last parent fastest) with the
node's states fastest, as in XDSL (checked against pyAgrum on aGrUM's alarm and insurance).
``CPT`` nodes are read, and ``NOISY_MAX`` nodes of binary nodes (``STRENGTHS`` and GeNIe's
parameters in ``PROBABILITIES``, expanded as :func:`~scenarios.io.genie.noisy_max_rows` says);
any other TYPE (truth table, decision, utility, ...) is refused by name and line. A node's NAME
(when it differs from its ID) or COMMENT becomes its description.

Example:
    >>> m = parse_dsl('net N { node a { TYPE = CPT; PARENTS = (); DEFINITION = '
    ...               '{ NAMESTATES = (x, y); PROBABILITIES = (0.25, 0.75); }; }; };', "n.dsl")
    >>> m.name, m.variables["a"].cpt.tolist()
    ('N', [0.25, 0.75])
"""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn

from scenarios.core.text import UNDERFLOW, UNDERFLOW_FIX, underflows
from scenarios.io.assemble import assemble
from scenarios.io.braces import Block, numbers_in, top_block, words
from scenarios.io.genie import NOISY_MAX_HINT, noisy_max_rows
from scenarios.io.names import encode_name
from scenarios.io.scanner import Blocks, ProbabilityBlock, VariableBlock, fail_at
from scenarios.model.schema import Model

FORMAT = "DSL"


def parse_dsl(text: str, filename: str) -> Model:
    """A validated :class:`Model` from GeNIe DSL text; every problem a located ModelError."""
    net = top_block(text, filename, FORMAT, "net", "is this a GeNIe DSL file?")
    blocks = Blocks(text, filename, network=net.name)
    descriptions = {}
    for node in net.blocks("node"):
        name = node.name or _fail(text, filename, node.at, "a node has no ID", None)
        _read_node(text, filename, node, name, blocks)
        descriptions[name] = _description(node, name)
    model = assemble(blocks)
    variables = {
        n: replace(v, description=descriptions.get(encode_name(n), ""))
        for n, v in model.variables.items()
    }
    header = net.value("HEADER")
    comment = words(header.value("COMMENT"))[0] if isinstance(header, Block) else ""
    return replace(model, variables=variables, description=comment if comment != "" else "")


def _read_node(text: str, filename: str, node: Block, name: str, blocks: Blocks) -> None:
    kind = words(node.value("TYPE"))[0] if node.value("TYPE") is not None else "CPT"
    if kind.upper() not in ("CPT", "NOISY_MAX"):
        _fail(
            text,
            filename,
            node.at,
            f"node '{name}' is a {kind} node; only CPT and noisy-MAX nodes can be read",
            "in GeNIe, turn it into a general (CPT) node, or save the network as XDSL",
        )
    definition = node.value("DEFINITION")
    if not isinstance(definition, Block):
        _fail(text, filename, node.at, f"node '{name}' has no DEFINITION", None)
    states = words(definition.value("NAMESTATES"))
    blocks.variables.append(VariableBlock(name, states, node.at))
    parents = [p for p in words(node.value("PARENTS")) if p]
    entry = definition.entry("PROBABILITIES")
    if entry is None:
        _fail(text, filename, definition.at, f"node '{name}' has no PROBABILITIES", None)
    values = [_number(text, filename, entry[1], x) for x in numbers_in(entry[0])]
    if kind.upper() == "NOISY_MAX":
        values = _noisy_max(text, filename, node, name, states, parents, values, blocks)
    blocks.probabilities.append(
        ProbabilityBlock(name, parents, node.at, table=(values, entry[1]), child_fastest=True)
    )


def _noisy_max(
    text: str,
    filename: str,
    node: Block,
    name: str,
    states: list[str],
    parents: list[str],
    parameters: list[float],
    blocks: Blocks,
) -> list[float]:
    """A NOISY_MAX node's table (:func:`~scenarios.io.genie.noisy_max_rows`): its STRENGTHS
    and its PROBABILITIES (GeNIe's parameters, leak last); parents declared before it."""
    definition = node.value("DEFINITION")
    entry = definition.entry("STRENGTHS") if isinstance(definition, Block) else None
    if entry is None:
        _fail(text, filename, node.at, f"noisy-MAX node '{name}' has no STRENGTHS", None)
    declared = {v.name: len(v.states) for v in blocks.variables}
    missing = [p for p in parents if p not in declared]
    if missing:
        _fail(text, filename, node.at, f"parent '{missing[0]}' of '{name}' comes after it", None)
    strengths = [_number(text, filename, entry[1], x) for x in numbers_in(entry[0])]
    cards = [declared[p] for p in parents]
    rows, why = noisy_max_rows(len(states), cards, strengths, parameters)
    if rows is None:
        _fail(text, filename, node.at, f"node '{name}' is {why}", NOISY_MAX_HINT)
    return rows


def _description(node: Block, name: str) -> str:
    header = node.value("HEADER")
    if not isinstance(header, Block):
        return ""
    comment = words(header.value("COMMENT"))[0] if header.value("COMMENT") is not None else ""
    title = words(header.value("NAME"))[0] if header.value("NAME") is not None else ""
    return comment or (title if title not in ("", name) else "")


def _number(text: str, filename: str, at: int, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        _fail(text, filename, at, f"'{value[:40]}' is not a number", "write a probability")
    if underflows(value, number):
        _fail(text, filename, at, f"'{value[:40]}' {UNDERFLOW}", UNDERFLOW_FIX)
    return number


def _fail(text: str, filename: str, at: int, message: str, hint: str | None) -> NoReturn:
    fail_at(text, filename, FORMAT, at, message, hint or "open it in GeNIe and save it again")
