"""The fields of a variable and of a model, each described once: its kind, default and rule,
how YAML spells it, its key in the notes that BIF, XMLBIF and NET files carry, its key in
``scenarios show -f json``, and what a format without a place for it loses.

The YAML reader and writer, the notes written into and read back from other formats, ``show``
and its JSON schema, and the "not kept" sentence of every format are all driven by
:data:`VARIABLE_FIELDS` and :data:`MODEL_FIELDS`; a test holds the tables against the
dataclasses' fields. Adding a field to :class:`~scenarios.model.schema.Variable` is a row
here (and the code of a new *kind*, if it is one).

This module imports nothing heavy: ``scenarios --help`` reads it (through the format
registry's "not kept" sentences) without loading numpy.

Example:
    >>> FIELD["cost"].check(2), FIELD["cost"].check(0), FIELD["cost"].requires
    (True, False, 'observable')
    >>> [f.yaml for f in MODEL_FIELDS if f.kind == "text"]
    ['name', 'version', 'description', 'horizon', 'source']
"""

from __future__ import annotations

from typing import Literal

from scenarios.model.field import (
    CONFIDENCE_RANGE,
    DEFAULT_CONFIDENCE,
    SCALAR_KINDS,
    Field,
    Kind,
    confidence_field,
    day_field,
    is_iso_day,
    text_field,
)

__all__ = [  # the field machinery is scenarios.model.field's; the tables are here
    "CONFIDENCE_RANGE",
    "DEFAULT_CONFIDENCE",
    "FIELD",
    "MODEL_FIELD",
    "MODEL_FIELDS",
    "ROLES",
    "SCALAR_KINDS",
    "SCALES",
    "UTILITY_FIELDS",
    "VARIABLE_FIELDS",
    "Field",
    "Kind",
    "Role",
    "Scale",
    "is_iso_day",
]

Role = Literal["driver", "mediator", "outcome", "indicator"]
ROLES: tuple[Role, ...] = ("driver", "mediator", "outcome", "indicator")
"""Drivers are the exogenous inputs, mediators carry their effects, outcomes are what a
planner asks about, indicators are what a planner can observe of hidden states."""
Scale = Literal["ordinal", "nominal"]
SCALES: tuple[Scale, ...] = ("ordinal", "nominal")
VARIABLE_FIELDS: tuple[Field, ...] = (
    Field("name", "structure", "", "its name", within="variables"),
    Field(
        "role",
        "choice",
        None,
        "driver (an exogenous input), mediator, outcome or indicator",
        "role",
        "role",
        "role",
        lost="roles",
        choices=ROLES,
    ),
    text_field(
        "label",
        "its name in words for readers (default: the name, underscores as spaces)",
        "labels",
    ),
    text_field("description", "what the variable is", "descriptions", commented=True),
    text_field(
        "source", "the quote from a source that states what the variable is", "quotes", True
    ),
    text_field(
        "assumption", "why the modeler believes in it where no quote states it", "assumptions"
    ),
    Field(
        "scale",
        "choice",
        "ordinal",
        "ordinal (states lowest first) or nominal (no order)",
        "scale",
        "scale",
        "scale",
        lost="scales (a nominal variable is read back as ordinal)",
        choices=SCALES,
    ),
    confidence_field("its table"),
    Field(
        "learned",
        "learning",
        None,
        "what learning from cases did to its table: cases, cases per row, source, builder replaced",
        "learned",
        "learned",
        "learned",
        lost="what learning did",
    ),
    Field(
        "observable",
        "flag",
        False,
        "a planner can collect it",
        "observable",
        "observable",
        "observable",
        lost="what is observable",
        expects="true or false",
        hint="write 'observable: true' for something a planner can collect",
    ),
    Field(
        "cost",
        "number",
        None,
        "what collecting it costs, in the model's own units",
        "cost",
        "cost",
        "cost",
        lost="collection costs",
        minimum=0,
        above=True,
        expects="a number above 0",
        hint="write e.g. 'cost: 2'",
        requires="observable",
    ),
    Field(
        "lead_time",
        "number",
        None,
        "days from tasking collection to a report in hand",
        "lead_time",
        "lead_time",
        "lead_time",
        lost="lead times",
        minimum=0,
        expects="a number of 0 or more days",
        hint="write e.g. 'lead_time: 14  # days'",
        requires="observable",
    ),
    Field(
        "headline",
        "flag",
        False,
        "an outcome reports lead with: futures' default targets, the briefing's bottom line",
        "headline",
        "headline",
        "headline",
        lost="headlines",
        expects="true or false",
        hint="write 'headline: true' on the two or three outcomes a decision-maker asks about",
    ),
    Field(
        "actionable",
        "flag",
        False,
        "a planner can set it: a lever",
        "actionable",
        "actionable",
        "actionable",
        lost="what is actionable",
        expects="true or false",
        hint="write 'actionable: true' for something a planner can set",
    ),
    Field(
        "decision",
        "flag",
        False,
        "a planner chooses it: its states are the options, its parents what is known when "
        "choosing, its table the option other commands assume (default: the first)",
        "decision",
        "decision",
        "decision",
        lost="decisions",
        expects="true or false",
        hint="write 'decision: true' for a choice the planner makes, options as its states",
    ),
    Field(
        "changes",
        "flag",
        False,
        "in a time-sliced model: its state can change from slice to slice (a copy per slice, "
        "named VAR@SLICE); else it stays fixed over the slices",
        "changes",
        "changes",
        "changes",
        lost="what changes over time",
        expects="true or false",
        hint="write 'changes: true' for a variable whose state moves from slice to slice",
    ),
    Field(
        "lever",
        "text",
        "",
        "how a planner sets it, and why that is in their hands",
        "lever",
        "lever",
        "lever",
        lost="levers",
        hint="write how a planner sets it, e.g. 'lever: aid is voted by donor parliaments'",
        requires="actionable",
    ),
    Field(
        "action_cost",
        "number",
        None,
        "what setting it costs, in the model's own units",
        "action_cost",
        "action_cost",
        "action_cost",
        lost="costs of action",
        minimum=0,
        above=True,
        expects="a number above 0",
        hint="write e.g. 'action_cost: 5'",
        requires="actionable",
    ),
    Field("states", "structure", (), "its states, lowest first", "states", json="states"),
    Field(
        "definitions",
        "mapping",
        {},
        "state -> what it means",
        note="definitions",
        json="definitions",
        within="states",
        lost="state definitions",
    ),
    Field(
        "state_labels",
        "mapping",
        {},
        "state -> the variable in that state in words, for readers ('many defections to IS')",
        "labels",
        "labels",
        "state_labels",
        lost="state labels",
        hint="write e.g. 'labels: {high: many defections to IS}'",
    ),
    Field("parents", "structure", (), "its causes", "parents", json="parents"),
    Field(
        "edge_sources",
        "mapping",
        {},
        "parent -> the quote that states the edge",
        note="edges",
        within="parents",
        lost="edge quotes",
    ),
    Field(
        "edge_assumptions",
        "mapping",
        {},
        "parent -> why the modeler believes in the edge",
        note="assumptions",
        within="parents",
        lost="edge assumptions",
    ),
    Field("cpt", "structure", None, "its table, or its prior", "cpt", json="cpt"),
    Field(
        "builder",
        "structure",
        "",
        "the parametric builder its table came from ('' for a table as written)",
        json="builder",
        within="cpt",
    ),
)

MODEL_FIELDS: tuple[Field, ...] = (
    Field("name", "text", "", "the model's name", "name", json="name"),
    text_field("version", "the modeler's name for this version", "version", note=False),
    text_field("description", "what the model is about", "description", note=False),
    text_field("horizon", "the period the model's states refer to", "horizon", note=False),
    day_field("starts", "the horizon's first day: journal entries before it are flagged"),
    day_field("ends", "the horizon's last day: journal entries after it are flagged"),
    text_field("source", "where the model comes from, in a phrase", "source", note=False),
    confidence_field("every table"),
    Field(
        "sources",
        "structure",
        (),
        "the documents its quotes come from",
        "sources",
        None,
        "sources",
        lost="sources",
    ),
    Field(
        "variables",
        "structure",
        {},
        "its variables, in the file's order",
        "variables",
        json="variables",
    ),
    Field(
        "utilities",
        "structure",
        {},
        "its utility nodes: values of outcomes and options over their parents, added up",
        "utilities",
        json="utilities",
        lost="utility nodes",
    ),
    Field(
        "time",
        "structure",
        None,
        "the time slices: step, number of slices, first day (the variables that change unrolled)",
        "time",
        json="time",
        lost="time slices (the network is written unrolled)",
    ),
    Field("path", "structure", None, "the file it was read from", within="context"),
    Field(
        "warnings", "structure", (), "what a modeler should look at (not errors)", within="validate"
    ),
    Field(
        "notes",
        "structure",
        (),
        "what the reader changed (rows normalized, ...)",
        within="validate",
    ),
    Field(
        "splices",
        "structure",
        (),
        "the quotes with an ellipsis, each with the passage of its source it stands for",
        within="validate",
    ),
)

UTILITY_FIELDS: tuple[Field, ...] = (
    Field("name", "structure", "", "its name", within="utilities"),
    text_field("unit", "what its values are counted in ('points', 'lives', 'USD m')", "units"),
    text_field("description", "what the values measure", "descriptions", commented=True),
    text_field("source", "the quote that states what the outcomes are worth", "quotes", True),
    text_field("assumption", "why the modeler holds these values (most utilities)", "assumptions"),
    Field(
        "parents", "structure", (), "the outcomes and options it values", "parents", json="parents"
    ),
    Field(
        "edge_sources",
        "mapping",
        {},
        "parent -> the quote that states the link",
        within="parents",
    ),
    Field(
        "edge_assumptions",
        "mapping",
        {},
        "parent -> why the modeler believes in the link",
        within="parents",
    ),
    Field(
        "table",
        "structure",
        None,
        "the value of each combination of its parents' states",
        "table",
        json="table",
    ),
)

FIELD = {f.name: f for f in VARIABLE_FIELDS}  # a variable's fields by name
MODEL_FIELD = {f.name: f for f in MODEL_FIELDS}
