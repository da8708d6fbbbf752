"""Texts about a model that several reports share: the titles of the roles, a link's basis
(quote or assumption), what a planner can collect or set of a variable, a state or a future
in words, and a one-line summary."""

from __future__ import annotations

from rich.text import Text

from scenarios.model.records import Basis
from scenarios.model.schema import Model, Variable

ROLE_TITLES = {
    "driver": "Drivers",
    "mediator": "Mediators",
    "outcome": "Outcomes",
    "indicator": "Indicators",
    None: "Variables",
}


def basis_text(basis: Basis) -> Text:
    """A quote in quotation marks; an assumption labelled as one, so the two never blur."""
    if basis.kind == "quote":
        return Text(f"“{basis.text}”", style="italic dim")
    return Text.assemble(("assumption: ", "bold yellow"), (basis.text, "yellow"))


def model_summary(model: Model) -> str:
    edges = sum(len(v.parents) for v in model.variables.values())
    return f"{len(model.variables)} variables, {edges} edges"


def planner_lines(var: Variable) -> list[Text]:
    """What a planner can do with ``var``: collect it (observable, its cost and lead time) and
    set it (actionable, its cost and how: the lever); nothing for a variable that is neither.

    >>> import numpy as np
    >>> v = Variable("aid", ("low", "high"), (), np.array([0.5, 0.5]), actionable=True,
    ...              lever="voted by donors", action_cost=3)
    >>> [line.plain for line in planner_lines(v)]
    ['actionable, cost 3: voted by donors']
    """
    lines = []
    if var.decision:
        known = f"; knows {', '.join(var.parents)} when choosing" if var.parents else ""
        lines.append(Text.assemble(("decision", "bold blue"), f": options are its states{known}"))
    if var.observable:
        cost = "" if var.cost is None else f", cost {var.cost:g}"
        days = "" if var.lead_time is None else f", {var.lead_time:g} days to collect"
        lines.append(Text.assemble(("observable", "green"), cost + days))
    if var.actionable:
        cost = "" if var.action_cost is None else f", cost {var.action_cost:g}"
        lever = f": {var.lever}" if var.lever else ""
        lines.append(Text.assemble(("actionable", "bold blue"), cost + lever))
    return lines


def state_words(var: Variable, state: str) -> str:
    """A variable in a state as a phrase: the state's label where the model gives one, else
    "no X" / "X" for a no/yes variable, "low X" for an ordinal one, "X: state" for a nominal
    one (X: the variable's label, else its name as words).

    >>> import numpy as np
    >>> v = Variable("fata_relocation", ("no", "yes"), (), np.array([0.5, 0.5]))
    >>> w = Variable("defection_rate", ("low", "high"), (), np.array([0.5, 0.5]))
    >>> state_words(v, "no"), state_words(w, "high")
    ('no fata relocation', 'high defection rate')
    """
    if state in var.state_labels:
        return var.state_labels[state]
    if set(var.states) == {"no", "yes"}:
        return var.words if state == "yes" else f"no {var.words}"
    if var.scale == "ordinal":
        return f"{state} {var.words}"
    return f"{var.words}: {state}"


def future_name(model: Model, states: dict[str, str]) -> str:
    """A joint future named from its states, in the order given, as one phrase per target."""
    return ", ".join(state_words(model.variables[n], s) for n, s in states.items())
