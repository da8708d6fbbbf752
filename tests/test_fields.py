"""The field tables (scenarios.model.fields) describe every field of a variable and of a model
once, and every reader and writer goes by them: a field set in a model comes back from YAML
and from the notes of other formats, a bad value is refused where YAML gives it, and show's
JSON carries it."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import run_cli
from scenarios import parse_model
from scenarios.core.errors import ModelError
from scenarios.io.notes import decode_notes, encode_notes, note_fields, notes_of
from scenarios.io.yaml_writer import dumps_yaml
from scenarios.model.fields import FIELD, MODEL_FIELDS, SCALAR_KINDS, VARIABLE_FIELDS, Field
from scenarios.model.records import Learning
from scenarios.model.schema import Model, Variable
from scenarios.render.show import model_to_dict

DOCS = Path(__file__).resolve().parents[1] / "docs" / "model-format.md"
SCALARS = [f for f in VARIABLE_FIELDS if f.kind in SCALAR_KINDS]


@pytest.mark.parametrize("kind, table", [(Variable, VARIABLE_FIELDS), (Model, MODEL_FIELDS)])
def test_the_tables_have_one_row_per_field_of_the_dataclass(kind, table):
    names = [f.name for f in table]
    assert sorted(names) == sorted(f.name for f in dataclasses.fields(kind))
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("field", [*VARIABLE_FIELDS, *MODEL_FIELDS], ids=lambda f: f.name)
def test_every_field_says_how_each_document_spells_it(field: Field):
    """A key of its own in YAML and in show's JSON, or the key it is spelled under."""
    assert field.describe
    assert field.yaml or field.within, field.name
    assert field.json or field.within, field.name
    assert not field.requires or FIELD[field.requires].kind == "flag"
    if field.kind == "number":
        assert field.expects and field.hint and field.minimum is not None


@pytest.mark.parametrize("field", [f for f in VARIABLE_FIELDS if f.yaml], ids=lambda f: f.name)
def test_every_yaml_key_is_documented(field: Field):
    assert f"`{field.yaml}" in DOCS.read_text(), (
        f"docs/model-format.md does not explain {field.yaml}"
    )


def values(field: Field):
    """Values a model may hold in ``field`` (its default among them)."""
    if field.kind == "text":
        return st.sampled_from(["", "a quote", "two\nlines", 'ünïcode; "quoted"'])
    if field.kind == "choice":
        return st.sampled_from([field.default, *field.choices])
    if field.kind == "flag":
        return st.booleans()
    low = field.minimum if field.minimum is not None else 0.0
    high = field.maximum if field.maximum is not None else 1e6
    numbers = st.floats(low, high, exclude_min=field.above, allow_nan=False)
    return st.one_of(st.none(), numbers)


@st.composite
def variables(draw):
    fields = {f.name: draw(values(f)) for f in SCALARS}
    for f in SCALARS:  # a field that requires a flag is dropped where the flag is false
        if f.requires and not fields[f.requires]:
            fields[f.name] = f.default
    if fields["source"]:
        fields["assumption"] = ""  # a quote or an assumption, not both
    fields["changes"] = False  # only in a time-sliced model, which YAML writes unrolled
    if draw(st.booleans()):
        fields["learned"] = Learning(float(draw(st.integers(0, 50))), (), "c.csv", "noisy_or")
    return Variable("v", ("a", "b"), (), np.array([0.25, 0.75]), **fields)


@settings(max_examples=80, deadline=None)
@given(variables())
def test_every_field_comes_back_from_yaml_and_from_notes(var):
    model = Model("m", {"v": var})
    back = parse_model(dumps_yaml(model), "m.yaml").variables["v"]
    notes = note_fields(decode_notes(encode_notes(notes_of(var, 0))))
    for field in [*SCALARS, FIELD["learned"]]:
        assert getattr(back, field.name) == getattr(var, field.name), field.name
        assert notes[field.name] == getattr(var, field.name), field.name
    shown = model_to_dict(model)["variables"]["v"]
    assert {f.json for f in VARIABLE_FIELDS if f.json} == set(shown)


@pytest.mark.parametrize("field", [f for f in SCALARS if f.kind != "text"], ids=lambda f: f.name)
def test_a_bad_value_is_refused_where_yaml_gives_it(write_model, field: Field):
    body = f"{field.requires}: true, " if field.requires else ""
    path = write_model(
        f"name: m\nvariables:\n  v: {{{body}{field.yaml}: [1], states: [a, b], "
        "cpt: {a: 0.5, b: 0.5}}\n"
    )
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and f"{path}:3:" in err and f"'{field.yaml}'" in err, err


def test_show_json_carries_every_field_of_the_khorasan_model():
    code, out, _ = run_cli(["show", "-f", "json"])
    data = json.loads(out)
    assert code == 0 and data["version"] and data["confidence"] == 20
    assert {f.json for f in MODEL_FIELDS if f.json} == set(data)
    assert any(v["confidence"] is not None for v in data["variables"].values())


def test_a_cost_needs_the_variable_to_be_observable(write_model):
    path = write_model(
        "name: m\nvariables:\n  v: {cost: 2, states: [a, b], cpt: {a: 0.5, b: 0.5}}\n"
    )
    with pytest.raises(ModelError, match="not marked observable"):
        parse_model(path.read_text(), str(path))
