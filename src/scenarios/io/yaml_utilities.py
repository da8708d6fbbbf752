"""The ``utilities:`` of a YAML model: utility nodes, each a table of values over its parents
(chance variables and decisions) in a unit, with the quote or assumption behind them; every
problem located. A utility has no states and no children.

Example YAML::

    utilities:
      security:
        unit: points
        assumption: a pact costs more than defections
        parents: [secret_pact]
        table: {"secret_pact=no": 0, "secret_pact=yes": -100}
"""

from __future__ import annotations

from typing import Any

from scenarios.core.errors import Problems
from scenarios.core.text import did_you_mean
from scenarios.core.yamltree import LocatedDict, Mark, check_unknown_keys
from scenarios.cpt import CptContext
from scenarios.cpt.table import build_values
from scenarios.io.yaml_fields import read_fields
from scenarios.io.yaml_variables import Draft, parse_parents
from scenarios.model.fields import UTILITY_FIELDS
from scenarios.model.graph import descendants
from scenarios.model.provenance import Quote
from scenarios.model.schema import Utility, is_valid_name

UTILITY_KEYS = tuple(f.yaml for f in UTILITY_FIELDS if f.yaml)


def parse_utilities(
    doc: LocatedDict, variables: dict[str, tuple[str, ...]], problems: Problems
) -> tuple[dict[str, Utility], list[Quote]]:
    """The utility nodes of ``doc`` over ``variables`` (name -> states), and their quotes;
    problems are reported as the utility's ("utility 'u': ...")."""
    own = Problems(problems.file, "utility")
    found = _parse(doc, variables, own)
    problems.items += own.items
    return found


def _parse(
    doc: LocatedDict, variables: dict[str, tuple[str, ...]], problems: Problems
) -> tuple[dict[str, Utility], list[Quote]]:
    spec = doc.get("utilities")
    if spec is None:
        return {}, []
    if not isinstance(spec, LocatedDict) or not spec:
        problems.add(
            "'utilities' must be a mapping of utility names",
            doc.value_marks["utilities"],
            None,
            "write 'utilities:' with one entry per utility node (see docs/model-format.md)",
        )
        return {}, []
    out: dict[str, Utility] = {}
    quotes: list[Quote] = []
    for name, body in spec.items():
        mark = spec.key_marks[name]
        if not _usable_name(str(name), mark, variables, problems):
            continue
        if not isinstance(body, LocatedDict):
            problems.add(
                "a utility must be a mapping with 'parents' and 'table'",
                spec.value_marks[name],
                str(name),
                "see docs/model-format.md",
            )
            continue
        draft = Draft(str(name), mark, body)
        utility = _utility(draft, variables, problems)
        if utility is not None:
            out[utility.name] = utility
        quotes += [*_quotes(str(name), body), *draft.quotes]
    return out, quotes


def _usable_name(
    name: str, mark: Mark, variables: dict[str, tuple[str, ...]], problems: Problems
) -> bool:
    if not is_valid_name(name):
        problems.add(
            f"utility name {name!r} is not allowed",
            mark,
            None,
            "use a name without ',', '=', '~', ':' or surrounding spaces, e.g. security",
        )
        return False
    if name in variables:
        problems.add(
            f"'{name}' is both a variable and a utility",
            mark,
            name,
            "give the utility a name of its own, e.g. value_of_" + name,
        )
        return False
    return True


def _utility(
    draft: Draft, variables: dict[str, tuple[str, ...]], problems: Problems
) -> Utility | None:
    body, name = draft.body, draft.name
    check_unknown_keys(body, UTILITY_KEYS, problems, name)
    fields = read_fields(body, UTILITY_FIELDS, problems, name)
    parse_parents(draft, problems)
    if not draft.parents:
        problems.add(
            "a utility needs parents: the outcomes and options it values",
            draft.mark,
            name,
            "write e.g. 'parents: [defection_rate]' and a table over their states",
        )
        return None
    known = True
    for parent, at in draft.parent_marks.items():
        if parent not in variables:
            problems.add(
                f"unknown parent '{parent}'.{did_you_mean(parent, list(variables))}",
                at,
                name,
                "a utility values variables or decisions: declare it under 'variables'",
            )
            known = False
    if "table" not in body:
        problems.add("missing 'table'", draft.mark, name, "add 'table:' with a value per row")
        return None
    if not known:
        return None
    ctx = CptContext(problems, name, (), [(p, variables[p]) for p in draft.parents], draft.mark)
    table = build_values(body["table"], ctx, body.value_marks["table"])
    if table is None:
        return None
    return Utility(
        name=name,
        parents=tuple(draft.parents),
        table=table,
        edge_sources={p: q for p, q in draft.parents.items() if q},
        edge_assumptions=dict(draft.assumptions),
        **{k: v for k, v in fields.items() if k in ("unit", "description", "source", "assumption")},
    )


def _quotes(name: str, body: LocatedDict) -> list[Quote]:
    text: Any = body.get("source")
    if isinstance(text, str) and text.strip():
        return [Quote(text, body.value_marks["source"], name)]
    return []


def warn_idle(drafts: list[Draft], utilities: dict[str, Utility], warnings: Problems) -> None:
    """What is legal but probably not meant in an influence diagram: a decision that no
    utility values, directly or through what it causes (choosing it changes nothing), and
    utilities in different units (they are added up)."""
    if not utilities:
        return
    known = {d.name for d in drafts}
    parents = {d.name: [p for p in d.parents if p in known] for d in drafts}
    valued = {p for u in utilities.values() for p in u.parents}
    for d in drafts:
        if d.fields.get("decision") and not ({d.name} | descendants(parents, d.name)) & valued:
            warnings.add(
                "is a decision that no utility values, directly or through what it causes",
                d.mark,
                d.name,
                "give a utility a parent it moves, or make it a plain variable",
            )
    units = sorted({u.unit for u in utilities.values() if u.unit})
    if len(units) > 1:
        listed = "; ".join(
            f"{unit}: {', '.join(n for n, u in utilities.items() if u.unit == unit)}"
            for unit in units
        )
        warnings.add(
            f"the utilities, which are added up, are in {len(units)} units ({listed})",
            None,
            None,
            "express every utility in one unit",
        )
