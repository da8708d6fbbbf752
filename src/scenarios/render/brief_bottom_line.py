"""The briefing's first section: the bottom line in plain sentences, one per judgement, each
with what its state means, the estimative word and interval, the analytic confidence and why,
and what would change it; and the events it states, for the table of scenarios."""

from __future__ import annotations

from scenarios.analysis.brief_bottom_line import HIGH, LEVEL, LOW, Statement
from scenarios.core.estimative import estimative
from scenarios.model.schema import Model
from scenarios.render.model import state_words

CONFIDENCE_RULE = (
    "Confidence is kept apart from likelihood (ICD 203): high when at most "
    f"{HIGH[0]:.0%} of the links on the routes into the outcome rest on no quote from a source "
    f"(on the modeler's assumption, or on nothing stated) and its {LEVEL:.0%} interval is at "
    f"most {HIGH[1] * 100:.0f} points wide; low when more than {LOW[0]:.0%} rest on no quote "
    f"or the interval is wider than {LOW[1] * 100:.0f} points; moderate otherwise. Intervals "
    "are over Dirichlet draws of every table at the model's stated confidence."
)


def event_words(model: Model, s: Statement) -> str:
    """What the statement says will happen, as a phrase: "at least medium defection to IS",
    "pro-IS relocation to FATA", "Taliban-IS pact: none"."""
    var = model.variables[s.target]
    phrase = state_words(var, s.states[0])
    return f"at least {phrase}" if s.at_least else phrase


def _meaning(model: Model, s: Statement) -> str:
    var = model.variables[s.target]
    definition = var.definitions.get(s.states[0], "")
    if not definition:
        return ""
    return f" ({s.states[0]} or more: {definition})" if s.at_least else f" ({definition})"


def _change(s: Statement) -> str:
    if s.change is None:
        return "No two available observations together would reverse it."
    seen = " and ".join(f"{n}={v}" for n, v in s.change.findings)
    then = s.change.probability if s.change.future == "it" else 1 - s.change.probability
    digits = 1 if 0.45 <= then <= 0.55 else 0  # near even odds, a point decides the side
    moved = "rise" if then > s.probability else "fall"
    return f"It would reverse if {seen} were observed: it would {moved} to {then:.{digits}%}."


def statement_sentence(model: Model, s: Statement) -> str:
    """One judgement as a reader needs it (see the module's docstring)."""
    words = event_words(model, s)
    head = words[0].upper() + words[1:]
    likely = estimative(s.probability)
    verb = "is" if likely != "roughly even chance" else "has a"
    share = f"{s.assumed} of {s.links} links" if s.links else "no links"
    return (
        f"{head}{_meaning(model, s)} {verb} {likely} ({s.probability:.0%}; {LEVEL:.0%} "
        f"interval {s.low:.0%}-{s.high:.0%}). Confidence: {s.confidence} ({share} on its "
        f"routes rest on no quote; the interval is {s.width * 100:.0f} points wide). " + _change(s)
    )
