"""What a file format cannot keep of a model, field by field: the one list that the "not kept"
sentence of every format is made from (``convert`` prints it), held against the model's
fields by a test that writes every field through every format and reads it back.

Example:
    >>> "scales" in not_kept(notes=False)
    True
    >>> not_kept()
    "the model's description, source, horizon, version, sources and confidence"
"""

from __future__ import annotations

VARIABLE_FIELDS = {  # a Variable field -> its name in "not kept" (formats without notes)
    "description": "descriptions",
    "source": "quotes",
    "edge_sources": "edge quotes",
    "assumption": "assumptions",
    "edge_assumptions": "edge assumptions",
    "definitions": "state definitions",
    "role": "roles",
    "scale": "scales (a nominal variable is read back as ordinal)",
    "confidence": "confidences",
    "observable": "what is observable",
    "cost": "collection costs",
    "lead_time": "lead times",
    "learned": "what learning did",
}
COMMENTED = ("description", "source")  # kept in the comments of formats without notes
MODEL_FIELDS = {  # a Model field -> its name in "not kept" (no other format has a place)
    "description": "description",
    "source": "source",
    "horizon": "horizon",
    "version": "version",
    "sources": "sources",
    "confidence": "confidence",
}


def not_kept(names: bool = True, notes: bool = True, comments: bool = False) -> str:
    """The sentence of what a format loses: its variables' names when it has none
    (``names``), their notes when it has no property to hold them (``notes``; descriptions
    and quotes survive in a format's own comments when it has them, ``comments``), and the
    model's own fields, which no format but YAML holds a place for (but its comment).

    >>> not_kept(notes=False, comments=True).startswith("edge quotes, assumptions")
    True
    """
    kept = COMMENTED if comments else ()
    lost = [] if names else ["every name (variables become var_0, var_1, ...; states 0, 1, ...)"]
    if not notes:
        lost += [name for field, name in VARIABLE_FIELDS.items() if field not in kept]
    model = [name for field, name in MODEL_FIELDS.items() if field not in kept]
    return _listed([*lost, f"the model's {_listed(model)}"])


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
