"""Load a YAML model file into a validated :class:`Model`, reporting every problem at once.

Example:
    >>> m = parse_model('''
    ... name: tiny
    ... variables:
    ...   rain: {states: [no, yes], cpt: {no: 0.8, yes: 0.2}}
    ... ''', "tiny.yaml")
    >>> m.variables["rain"].cpt.tolist()
    [0.8, 0.2]
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import Problems
from scenarios.core.text import did_you_mean
from scenarios.core.yamltree import LocatedDict, check_unknown_keys, read_yaml
from scenarios.cpt import CptContext, build_cpt, build_row_counts, check_rows
from scenarios.io.yaml_fields import read_fields, text_value
from scenarios.io.yaml_time import check_time, previous_parents, read_time
from scenarios.io.yaml_utilities import parse_utilities, warn_idle
from scenarios.io.yaml_variables import Draft, mark_of_value, parse_variables
from scenarios.model.fields import MODEL_FIELDS
from scenarios.model.graph import find_cycle
from scenarios.model.provenance import check_quotes, parse_sources
from scenarios.model.schema import Model, Variable
from scenarios.model.time import PREVIOUS, unroll

# the model's keys, and those of the scenario file it may also be (scenarios.io.scenariofile)
TOP_KEYS = (*(f.yaml for f in MODEL_FIELDS if f.yaml), "scenarios", "baseline", "targets")


def parse_model(text: str, filename: str = "<model>", base_dir: str | Path | None = None) -> Model:
    """Validate YAML ``text`` as a model; ``filename`` is used in error messages, ``base_dir``
    (default: the folder of ``filename``) is where the files of its ``sources:`` are found."""
    problems = Problems(filename)
    warnings = Problems(filename)
    doc = read_yaml(text, filename)
    if doc is None:
        problems.add(
            "the file is empty",
            (1, 1),
            hint="start with 'name:' and 'variables:' (see docs/model-format.md)",
        )
        problems.raise_if_any()
    if not isinstance(doc, LocatedDict):
        problems.add(
            "the top level must be a mapping with 'name' and 'variables'",
            mark_of_value(doc),
            hint="see docs/model-format.md for a complete example",
        )
        problems.raise_if_any()
    check_unknown_keys(doc, TOP_KEYS, problems, None)
    name = text_value(doc, "name", problems, None, required=True)
    drafts = parse_variables(doc, problems)
    axis = read_time(doc, problems)
    check_time(drafts, "time" in doc, problems)
    utilities, utility_quotes = parse_utilities(doc, {d.name: d.states for d in drafts}, problems)
    _check_graph(drafts, problems, doc.get("utilities"))
    variables, first = _build_variables(drafts, problems, "time" in doc)
    fields = read_fields(doc, MODEL_FIELDS, problems, None)
    _check_horizon(doc, fields, problems)
    sources = (
        parse_sources(doc["sources"], doc.value_marks["sources"], problems)
        if "sources" in doc
        else ()
    )
    folder = Path(base_dir) if base_dir is not None else Path(filename).parent
    quoted = [q for d in drafts for q in d.quotes] + utility_quotes
    splices = check_quotes(quoted, sources, folder, problems, warnings)
    _warn(drafts, bool(sources), warnings)
    warn_idle(drafts, utilities, warnings)
    problems.raise_if_any()
    model = Model(
        name=name,
        variables={d.name: variables[d.name] for d in drafts},
        path=filename,
        sources=sources,
        warnings=tuple(warnings.items),
        splices=splices,
        utilities=utilities,
        **fields,
    )
    return unroll(model, axis, first) if axis is not None else model


def _warn(drafts: list[Draft], has_sources: bool, warnings: Problems) -> None:
    """What is legal but probably not meant: a driver with causes, and (in a model that names
    its sources) a variable or edge with neither a quote nor an assumption."""
    for d in drafts:
        if d.body.get("role") == "driver" and any(not p.endswith(PREVIOUS) for p in d.parents):
            warnings.add(
                "has role 'driver' but has parents",
                d.body.value_marks["role"],
                d.name,
                "drivers are the model's exogenous inputs: make it a 'mediator', or "
                "remove its parents",
            )
        if not has_sources:
            continue
        if not (d.body.get("source") or d.body.get("assumption")):
            warnings.add(
                "has neither a quote ('source:') nor an 'assumption:'",
                d.mark,
                d.name,
                "quote the source, or say why you believe in it as 'assumption:'",
            )
        for parent, mark in d.parent_marks.items():
            if not (d.parents.get(parent) or d.assumptions.get(parent)):
                warnings.add(
                    f"edge {parent} -> {d.name} has neither a quote nor an assumption",
                    mark,
                    d.name,
                    f"write '{parent}: \"<quote>\"' or '{parent}: {{assumption: \"<why>\"}}'",
                )


def _check_graph(drafts: list[Draft], problems: Problems, utilities: Any) -> None:
    known = {d.name: d for d in drafts} | previous_parents(drafts)
    for d in drafts:
        for parent in d.parents:
            if parent.endswith(PREVIOUS) and parent not in known:
                continue  # reported by check_time
            if isinstance(utilities, dict) and parent in utilities and parent not in known:
                problems.add(
                    f"'{parent}' is a utility node, and a utility has no children",
                    d.parent_marks[parent],
                    d.name,
                    f"remove '{parent}' from the parents: a utility values outcomes, it "
                    "causes nothing (make it a variable if it does)",
                )
                d.ok = False
            elif parent not in known:
                problems.add(
                    f"unknown parent '{parent}'.{did_you_mean(parent, list(known))}",
                    d.parent_marks[parent],
                    d.name,
                    "declare it under 'variables' or fix the spelling",
                )
                d.ok = False
    graph = {  # within a slice: the previous slice's parents point back in time
        d.name: [p for p in d.parents if p in known and not p.endswith(PREVIOUS)] for d in drafts
    }
    cycle = find_cycle(graph)
    if cycle:
        arrows = " -> ".join(reversed(cycle))
        problems.add(
            f"the parents form a cycle: {arrows}",
            known[cycle[0]].mark,
            cycle[0],
            "remove one of these edges; a causal network must be acyclic",
        )
        for name in cycle:
            known[name].ok = False


def _check_horizon(doc: LocatedDict, fields: dict[str, Any], problems: Problems) -> None:
    """The horizon's last day may not come before its first."""
    if fields["starts"] and fields["ends"] and fields["ends"] < fields["starts"]:
        problems.add(
            f"the horizon ends ({fields['ends']}) before it starts ({fields['starts']})",
            doc.value_marks["ends"],
            None,
            "swap 'starts' and 'ends', or fix the dates",
        )


def _build_variables(
    drafts: list[Draft], problems: Problems, timed: bool = False
) -> tuple[dict[str, Variable], dict[str, np.ndarray]]:
    """Each variable with its table; and, in a time-sliced model, the first slice's table of
    each variable with a previous-slice parent (its own is the transition's)."""
    known = {d.name: d for d in drafts} | (previous_parents(drafts) if timed else {})
    out: dict[str, Variable] = {}
    first: dict[str, np.ndarray] = {}
    held = 0  # cells of the tables so far: the memory limit bounds them all
    for d in drafts:
        parents_ready = all(p in known and known[p].states for p in d.parents)
        if d.states and d.ok and parents_ready and "cpt" not in d.body:  # a decision
            out[d.name] = _variable(d, _first_option(d, known), ())
            continue
        if not (d.states and "cpt" in d.body):
            continue
        ctx = CptContext(
            problems,
            d.name,
            d.states,
            [(p, known[p].states if p in known else ()) for p in d.parents],
            d.mark,
            scale=d.fields["scale"],
            nominal_parents=frozenset(
                p for p in d.parents if p in known and known[p].fields["scale"] == "nominal"
            ),
        )
        if not (d.ok and parents_ready):
            if not (timed and any(p.endswith(PREVIOUS) for p in d.parents)):
                check_rows(d.body["cpt"], ctx)  # rows of a table readable on its own
            continue
        cells = len(d.states) * math.prod(len(known[p].states) for p in d.parents)
        held += cells
        if cells > limits.get("cpt_cells") or held * 8 / 2**20 > limits.get("memory_mb"):
            problems.add(
                limits.refusal("the number of cells of this CPT", cells, "cpt_cells")
                if cells > limits.get("cpt_cells")
                else limits.refusal(
                    "the model's tables so far, in MB,", held * 8 / 2**20, "memory_mb"
                ),
                d.body.value_marks["cpt"],
                d.name,
            )
            continue
        spec, at = d.body["cpt"], d.body.value_marks["cpt"]
        if timed and any(p.endswith(PREVIOUS) for p in d.parents):  # {first, transition}
            start = _first_slice(d, ctx, spec)
            if start is not None:
                first[d.name] = start
            spec, at = spec["transition"], spec.value_marks["transition"]
        cpt = build_cpt(spec, ctx, at)
        rows = _learned_rows(d, ctx)
        if cpt is not None and rows is not None:
            out[d.name] = _variable(d, np.asarray(cpt, dtype=float), rows)
    return out, first


def _first_slice(d: Draft, ctx: CptContext, spec: LocatedDict) -> np.ndarray | None:
    """The first slice's table: over the parents of the same slice and the fixed ones."""
    parents = [(p, states) for p, states in ctx.parents if not p.endswith(PREVIOUS)]
    at = spec.value_marks["first"]
    table = build_cpt(spec["first"], replace(ctx, parents=parents), at)
    return None if table is None else np.asarray(table, dtype=float)


def _first_option(d: Draft, known: dict[str, Draft]) -> np.ndarray:
    """A decision's table where the file gives none: its first option (the status quo),
    whatever its parents say; what every command but ``decide`` assumes."""
    shape = (*(len(known[p].states) for p in d.parents), len(d.states))
    table = np.zeros(shape)
    table[..., 0] = 1.0
    return table


def _learned_rows(d: Draft, ctx: CptContext) -> tuple[float, ...] | None:
    """``learned: rows`` in row order: () when not given, None after recording a problem."""
    learned = d.body.get("learned")
    if not isinstance(learned, LocatedDict) or "rows" not in learned:
        return ()
    counts = build_row_counts(learned["rows"], ctx, learned.value_marks["rows"])
    return None if counts is None else tuple(float(c) for c in counts.ravel())


def _variable(d: Draft, cpt: np.ndarray, rows: tuple[float, ...]) -> Variable:
    """The variable of a draft whose fields were read (and checked) once, with its table."""
    learned = d.fields["learned"]
    return Variable(
        name=d.name,
        states=d.states,
        parents=tuple(d.parents),
        cpt=cpt,
        edge_sources={p: q for p, q in d.parents.items() if q},
        edge_assumptions=dict(d.assumptions),
        definitions=dict(d.definitions),
        state_labels=dict(d.state_labels),
        builder=_builder(d),
        **{**d.fields, "learned": replace(learned, rows=rows) if learned else None},
    )


def _builder(d: Draft) -> str:
    """The parametric builder named under the variable's ``cpt:`` ("" for a table or a
    prior): what a learned table replaces."""
    spec = d.body.get("cpt")
    kinds = [k for k in spec if k != "overrides"] if d.parents and isinstance(spec, dict) else []
    return kinds[0] if kinds and kinds[0] != "table" else ""
