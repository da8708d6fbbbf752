"""Loading the YAML format, and each validation error with its file, line and column."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import ModelError, load_model, parse_model

VALID = """\
name: tiny
description: Rain and a wet lawn.
variables:
  rain:
    states: [no, yes]
    source: "It rains."
    cpt: {no: 0.8, yes: 0.2}
  sprinkler:
    states: [off, on]
    cpt: {off: 0.6, on: 0.4}
  lawn:
    states: [dry, wet]
    parents:
      rain: "rain wets the lawn"
      sprinkler: "so does the sprinkler"
    cpt:
      table:
        "rain=no, sprinkler=off":  {dry: 0.9, wet: 0.1}
        "rain=no, sprinkler=on":   {dry: 0.2, wet: 0.8}
        "rain=yes, sprinkler=off": {dry: 0.1, wet: 0.9}
        "rain=yes, sprinkler=on":  [0.01, 0.99]
"""


def problems(text: str, filename: str = "m.yaml") -> list:
    with pytest.raises(ModelError) as info:
        parse_model(text, filename)
    return info.value.diagnostics


def only(text: str):
    found = problems(text)
    assert len(found) == 1, [str(d) for d in found]
    return found[0]


def test_valid_model_loads_with_cpt_in_parent_order():
    model = parse_model(VALID, "m.yaml")
    lawn = model.variables["lawn"]
    assert model.names == ["rain", "sprinkler", "lawn"]
    assert lawn.parents == ("rain", "sprinkler")
    assert lawn.cpt.shape == (2, 2, 2)
    assert lawn.cpt[1, 0].tolist() == [0.1, 0.9]  # rain=yes, sprinkler=off
    assert lawn.cpt[1, 1].tolist() == [0.01, 0.99]
    assert lawn.edge_sources["rain"] == "rain wets the lawn"
    assert model.variables["rain"].states == ("no", "yes")  # not booleans


def test_row_keys_may_name_parents_in_any_order():
    text = VALID.replace('"rain=no, sprinkler=on"', '"sprinkler=on,rain=no"')
    assert parse_model(text).variables["lawn"].cpt[0, 1].tolist() == [0.2, 0.8]


def test_load_model_reads_file_and_names_it(write_model):
    path = write_model(VALID.replace("0.8, yes: 0.2", "0.8, yes: 0.3"))
    with pytest.raises(ModelError) as info:
        load_model(path)
    assert str(path) in str(info.value.diagnostics[0])


def test_unknown_parent_names_line_column_and_close_match():
    d = only(VALID.replace('      sprinkler: "so', '      sprinkle: "so'))
    assert (d.line, d.column, d.variable) == (15, 7, "lawn")
    assert "unknown parent 'sprinkle'" in d.message and "Did you mean 'sprinkler'" in d.message


def test_cycle_is_named():
    text = VALID.replace("    states: [off, on]\n", "    states: [off, on]\n    parents: [lawn]\n")
    found = problems(text)
    cycle = [d for d in found if "cycle" in d.message]
    assert (
        cycle
        and "lawn -> sprinkler -> lawn" in cycle[0].message
        or "sprinkler -> lawn -> sprinkler" in cycle[0].message
    )
    assert cycle[0].line is not None


def test_duplicate_states():
    d = only(VALID.replace("states: [off, on]", "states: [off, off]"))
    assert (d.line, d.column) == (9, 19) and "duplicate state 'off'" in d.message


def test_empty_states():
    d = only(VALID.replace("states: [off, on]", "states: []"))
    assert d.line == 9 and "non-empty list" in d.message and d.variable == "sprinkler"


def test_missing_row_is_listed():
    text = VALID.replace('        "rain=no, sprinkler=on":   {dry: 0.2, wet: 0.8}\n', "")
    d = only(text)
    assert d.line == 18 and "missing 1 row" in d.message and '"rain=no, sprinkler=on"' in d.message


def test_extra_row_naming_a_non_parent():
    text = VALID + '        "rain=no, sprinkler=on, wind=strong": {dry: 0.5, wet: 0.5}\n'
    found = problems(text)
    assert any("'wind', which is not a parent" in d.message and d.line == 22 for d in found)


def test_repeated_row_combination():
    text = VALID + '        "sprinkler=on, rain=yes": {dry: 0.5, wet: 0.5}\n'
    d = only(text)
    assert d.line == 22 and "repeats the combination" in d.message


def test_row_with_unknown_state_of_parent():
    d = problems(VALID.replace('"rain=no, sprinkler=off"', '"rain=maybe, sprinkler=off"'))[0]
    assert d.line == 18 and "'maybe' is not a state of parent 'rain'" in d.message


def test_wrong_row_length():
    d = only(VALID.replace("[0.01, 0.99]", "[0.01, 0.98, 0.01]"))
    assert (d.line, d.column) == (21, 36) and "has 3 numbers but the variable has 2" in d.message


def test_negative_probability():
    found = problems(VALID.replace("{dry: 0.9, wet: 0.1}", "{dry: 1.1, wet: -0.1}"))
    negative = [d for d in found if "negative" in d.message]
    assert len(negative) == 1 and (negative[0].line, negative[0].column) == (18, 52)


def test_row_not_summing_to_one_says_by_how_much():
    d = only(VALID.replace("{dry: 0.9, wet: 0.1}", "{dry: 0.9, wet: 0.2}"))
    assert d.line == 18 and "sums to 1.1" in d.message and "+0.1" in d.message


def test_sum_tolerance_is_1e6():
    parse_model(VALID.replace("{dry: 0.9, wet: 0.1}", "{dry: 0.9, wet: 0.1000009}"))
    d = only(VALID.replace("{dry: 0.9, wet: 0.1}", "{dry: 0.9, wet: 0.100002}"))
    assert "sums to" in d.message


def test_root_prior_not_summing_to_one():
    d = only(VALID.replace("{no: 0.8, yes: 0.2}", "{no: 0.8, yes: 0.3}"))
    assert (d.line, d.variable) == (7, "rain") and "off by +0.1" in d.message


def test_unknown_key_typo_suggests_the_right_one():
    d = only(
        VALID.replace("    parents:\n", "    parnets:\n    parents:\n", 1).replace(
            "    parnets:\n", "    parnets: {}\n"
        )
    )
    assert d.line == 13 and "unknown key 'parnets'" in d.message and "'parents'" in d.message


def test_unknown_top_level_key():
    d = only("nmae: x\n" + VALID)
    assert (d.line, d.column) == (1, 1) and "unknown key 'nmae'" in d.message


def test_non_mapping_yaml():
    d = only("- a\n- b\n")
    assert d.line == 1 and "top level must be a mapping" in d.message


def test_empty_file():
    d = only("")
    assert "empty" in d.message
    d = only("# only a comment\n")
    assert "empty" in d.message


def test_yaml_syntax_error_has_line():
    d = only(VALID.replace("states: [off, on]", "states: [off, on"))
    assert d.line is not None and "not valid YAML" in d.message


def test_duplicate_keys_are_errors_not_last_one_wins():
    d = only(
        VALID.replace(
            "    cpt: {off: 0.6, on: 0.4}\n",
            "    cpt: {off: 0.6, on: 0.4}\n    cpt: {off: 0.5, on: 0.5}\n",
        )
    )
    assert d.line == 11 and "duplicate key 'cpt' (first at line 10)" in d.message


def test_only_safe_yaml_constructs():
    d = only(
        VALID.replace(
            "description: Rain and a wet lawn.",
            "description: !!python/object/apply:os.system ['true']",
        )
    )
    assert d.line == 2 and "not allowed" in d.message
    d = only(
        VALID.replace(
            "description: Rain and a wet lawn.", "description: !!python/name:os.system ''"
        )
    )
    assert d.line == 2 and "not valid YAML" in d.message


def test_all_errors_are_collected_not_only_the_first():
    text = (
        VALID.replace("{no: 0.8, yes: 0.2}", "{no: 0.8, yes: 0.3}")
        .replace("{dry: 0.9, wet: 0.1}", "{dry: 0.9, wet: 0.2}")
        .replace("description: Rain", "descripton: Rain")
    )
    found = problems(text)
    assert len(found) == 3
    assert [d.line for d in found] == sorted(d.line for d in found)


def test_error_text_names_file_line_variable_and_fix():
    d = only(VALID.replace("{dry: 0.9, wet: 0.1}", "{dry: 0.9, wet: 0.2}"))
    text = str(d)
    assert text.startswith("m.yaml:18:") and "variable 'lawn'" in text and "Fix:" in text


def test_child_without_table_key_explains_the_builder_key():
    d = only(VALID.replace("      table:\n", "      tabel:\n"))
    assert "unknown CPT kind 'tabel'" in d.message and "table" in (d.hint or "")


def test_probability_not_a_number():
    d = only(VALID.replace("{no: 0.8, yes: 0.2}", "{no: high, yes: 0.2}"))
    assert "not a number" in d.message


def test_state_missing_from_row_mapping():
    d = only(VALID.replace("{dry: 0.9, wet: 0.1}", "{dry: 1.0}"))
    assert "no probability for wet" in d.message


def test_cpt_array_is_float_and_normalised_rows():
    model = parse_model(VALID)
    for var in model.variables.values():
        assert np.allclose(var.cpt.sum(axis=-1), 1.0)


def test_row_numbers_are_still_checked_when_a_parent_is_unknown():
    found = problems(
        VALID.replace('      sprinkler: "so', '      sprinkle: "so').replace(
            "{dry: 0.9, wet: 0.1}", "{dry: 0.9, wet: 0.2}"
        )
    )
    assert [d.line for d in found] == [15, 18]


def test_docs_example_is_a_valid_model():
    import re

    from helpers import ROOT

    text = (ROOT / "docs" / "model-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    model = parse_model(example, "docs/model-format.md")
    assert model.variables["lawn"].cpt.shape == (2, 2, 3)
