"""What a file format cannot keep of a model, field by field: the "not kept" sentence of every
format (``convert`` prints it), made from the field tables (:mod:`scenarios.model.fields`) and
held against them by a test that writes every field through every format and reads it back.

Example:
    >>> "scales" in not_kept(notes=False)
    True
    >>> not_kept(influence=True)  # doctest: +NORMALIZE_WHITESPACE
    "the model's version, description, horizon, horizon dates, source, confidence, sources and
    time slices (the network is written unrolled)"
"""

from __future__ import annotations

from scenarios.model import fields

VARIABLE_FIELDS = {f.name: f.lost for f in fields.VARIABLE_FIELDS if f.lost}  # field -> lost
COMMENTED = tuple(f.name for f in fields.VARIABLE_FIELDS if f.commented)  # kept in comments
MODEL_FIELDS = {f.name: f.lost for f in fields.MODEL_FIELDS if f.lost}  # no other format holds
INFLUENCE = ("decision", "utilities")  # what formats with influence diagrams keep natively


def not_kept(
    names: bool = True, notes: bool = True, comments: bool = False, influence: bool = False
) -> str:
    """The sentence of what a format loses: its variables' names when it has none
    (``names``), their notes when it has no property to hold them (``notes``; descriptions
    and quotes survive in a format's own comments when it has them, ``comments``), and the
    model's own fields, which no format but YAML holds a place for (but its comment, and the
    decision and utility nodes of the formats that have them: ``influence``).

    >>> not_kept(notes=False, comments=True).startswith("roles, labels, assumptions, scales")
    True
    """
    kept = (COMMENTED if comments else ()) + (INFLUENCE if influence else ())
    lost = [] if names else ["every name (variables become var_0, var_1, ...; states 0, 1, ...)"]
    if not notes:
        lost += [name for field, name in VARIABLE_FIELDS.items() if field not in kept]
    model = list(dict.fromkeys(name for field, name in MODEL_FIELDS.items() if field not in kept))
    return _listed([*lost, f"the model's {_listed(model)}"])


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
