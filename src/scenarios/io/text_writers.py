"""BIF and Hugin NET written here, in model order with exact floats, in the layouts that
pgmpy's and pyAgrum's readers (and Hugin's) accept: one block per variable then one per
table, each block closed by ``}`` at the start of a line.

Example:
    >>> from scenarios import parse_model
    >>> m = parse_model("name: t\\nvariables:\\n  a: {states: [x, y], cpt: {x: 0.25, y: 0.75}}")
    >>> print(dumps_bif(m), end="")
    network t {
    }
    variable a {
        type discrete [ 2 ] { x, y };
        property scenarios = %7B%22position%22%3A0%7D ;
    }
    probability ( a ) {
        table 0.25, 0.75;
    }
"""

from __future__ import annotations

import itertools

import numpy as np

from scenarios.io.names import encode_name
from scenarios.io.notes import NOTES, encode_notes, notes_of
from scenarios.io.writing import exact, exact_row, first_option, names_of
from scenarios.model.schema import Model, Variable


def dumps_bif(model: Model) -> str:
    """BIF: a row per parent combination (``(s1, s2) p, q;``), ``table`` for a root."""
    lines = [f"network {encode_name(model.name)} {{", "}"]
    for position, var in enumerate(model.variables.values()):
        name, states, _ = names_of(var)
        lines += [
            f"variable {name} {{",
            f"    type discrete [ {len(states)} ] {{ {', '.join(states)} }};",
            f"    property {NOTES} = {encode_notes(notes_of(var, position))} ;",
            "}",
        ]
    for var in model.variables.values():
        lines += _bif_probability(model, var)
    return "\n".join(lines) + "\n"


def _bif_probability(model: Model, var: Variable) -> list[str]:
    name, _, parents = names_of(var)
    if not parents:
        return [
            f"probability ( {name} ) {{",
            f"    table {exact_row(var.cpt, ', ')};",
            "}",
        ]
    lines = [f"probability ( {name} | {', '.join(parents)} ) {{"]
    parent_states = [names_of(model.variables[p])[1] for p in var.parents]
    for combo in itertools.product(*(range(len(s)) for s in parent_states)):
        label = ", ".join(states[i] for states, i in zip(parent_states, combo, strict=True))
        lines.append(f"    ({label}) {exact_row(var.cpt[combo], ', ')};")
    lines.append("}")
    return lines


def dumps_net(model: Model) -> str:
    """Hugin NET: nodes with quoted states and the notes attribute, then potentials with one
    parenthesis level per parent and the child's states innermost."""
    lines = ["net", "{", f'    name = "{encode_name(model.name)}";', "}"]
    for position, var in enumerate(model.variables.values()):
        name, states, _ = names_of(var)
        lines += [
            f"{'decision' if var.decision else 'node'} {name}",
            "{",
            f"    states = ({' '.join(f'{chr(34)}{s}{chr(34)}' for s in states)});",
            f'    {NOTES} = "{encode_notes(notes_of(var, position))}";',
            "}",
        ]
    for utility in model.utilities.values():
        lines += [f"utility {encode_name(utility.name)}", "{", "}"]
    for var in model.variables.values():
        name, _, parents = names_of(var)
        given = f" | {' '.join(parents)}" if parents else ""
        data = [] if var.decision and first_option(var) else [f"    data = {_nested(var.cpt)};"]
        lines += [f"potential ( {name}{given} )", "{", *data, "}"]
    for utility in model.utilities.values():
        given = " ".join(names_of(model.variables[p])[0] for p in utility.parents)
        table = _nested(utility.table) if utility.table.ndim else exact(float(utility.table))
        name = encode_name(utility.name)
        lines += [f"potential ( {name} | {given} )", "{", f"    data = {table};", "}"]
    return "\n".join(lines) + "\n"


def _nested(values: np.ndarray) -> str:
    if values.ndim == 1:
        return "(" + " ".join(exact(x) for x in values) + ")"
    return "(" + "\n        ".join(_nested(v) for v in values) + ")"
