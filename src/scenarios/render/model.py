"""Texts about a model that several reports share: the titles of the roles, a link's basis
(quote or assumption), and a one-line summary."""

from __future__ import annotations

from rich.text import Text

from scenarios.model.schema import Basis, Model

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
