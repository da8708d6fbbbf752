"""Decision and utility nodes as the XMLBIF, XDSL and Hugin NET readers find them, made into
the model's decisions and utilities (:mod:`scenarios.engine.decisions` solves them).

A reader records each decision (its parents: the information arcs; a file gives no table for
it) and each utility (its parents and one value per combination of their states, the last
parent fastest, as pyAgrum, GeNIe and Hugin write them). :func:`first_option_blocks` gives
every decision without a table the one this tool assumes (its first option) before the model
is assembled; :func:`with_influence` then marks the decisions and attaches the utilities,
every problem located.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from scenarios.core.errors import Problems
from scenarios.core.text import did_you_mean
from scenarios.io.scanner import Blocks, Lines, ProbabilityBlock, Scanner
from scenarios.model.schema import Model, Utility


@dataclass
class UtilityBlock:
    """A utility node as written: its parents, its values (last parent fastest) and where."""

    name: str
    at: int
    parents: list[str] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    values_at: int = 0
    description: str = ""


@dataclass
class InfluenceBlocks:
    """What a reader found beyond chance nodes: decision names (with where each is declared)
    and utility nodes."""

    decisions: dict[str, int] = field(default_factory=dict)
    utilities: list[UtilityBlock] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.decisions or self.utilities)


def first_option_blocks(parsed: Blocks | Scanner, found: InfluenceBlocks) -> None:
    """A table for every decision the file gives none: its first option in every row (what
    the other commands assume; ``decide`` chooses). Parents come from the decision's own
    block where the file has one (its information arcs)."""
    given = {p.child: p for p in parsed.probabilities}
    cards = {v.name: len(v.states) for v in parsed.variables}
    for name, at in found.decisions.items():
        block = given.get(name)
        if block is not None and (block.table is not None or block.rows or block.default):
            continue
        parents = block.parents if block is not None else []
        if name not in cards or any(p not in cards for p in parents):
            continue  # assembling reports the unknown name, located
        rows = math.prod(cards[p] for p in parents)
        values = ([1.0] + [0.0] * (cards[name] - 1)) * rows
        table = ProbabilityBlock(name, parents, at, table=(values, at), child_fastest=True)
        if block is not None:
            parsed.probabilities.remove(block)
        parsed.probabilities.append(table)


def with_influence(model: Model, parsed: Blocks | Scanner, found: InfluenceBlocks) -> Model:
    """``model`` with its decisions marked and its utilities attached; a ModelError listing
    every utility whose parents or values do not fit."""
    problems = Problems(parsed.filename, "utility")
    lines = Lines(parsed.text)
    utilities: dict[str, Utility] = {}
    for block in found.utilities:
        utility = _utility(model, block, problems, lines)
        if utility is not None:
            utilities[utility.name] = utility
    problems.raise_if_any()
    variables = {
        n: replace(v, decision=True) if n in found.decisions else v
        for n, v in model.variables.items()
    }
    return replace(model, variables=variables, utilities=utilities)


def _utility(model: Model, block: UtilityBlock, problems: Problems, lines: Lines) -> Utility | None:
    at = lines.at(block.at) if lines else None
    unknown = [p for p in block.parents if p not in model.variables]
    if unknown:
        suggestion = did_you_mean(unknown[0], model.names)
        problems.add(
            f"unknown parent '{unknown[0]}'.{suggestion}",
            at,
            block.name,
            "a utility values chance or decision nodes declared in the file",
        )
        return None
    if not block.parents:
        problems.add(
            "has no parents: a utility values outcomes or options",
            at,
            block.name,
            "give it the nodes it values as parents",
        )
        return None
    shape = tuple(model.variables[p].cardinality for p in block.parents)
    if len(block.values) != math.prod(shape):
        problems.add(
            f"has {len(block.values)} values; its parents' states make {math.prod(shape)} "
            "combinations",
            lines.at(block.values_at) if block.values_at else at,
            block.name,
            "give one value per combination of its parents' states, the last parent fastest",
        )
        return None
    table = np.asarray(block.values, dtype=float).reshape(shape)
    return Utility(block.name, tuple(block.parents), table, description=block.description)
