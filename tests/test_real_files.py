"""What real files do that hand-written tests missed (issue: open the files analysts have):
comments touching names, rounded rows and Hugin's counts, misleading suffixes, comments in UAI,
whitespace before <?xml, Netica DNE and GeNIe DSL; and writing never imports pgmpy."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import run_cli
from scenarios import Engine, ModelError, load_model, parse_model, save_model
from scenarios.io.bif import parse_bif
from scenarios.io.dne import dumps_dne, parse_dne
from scenarios.io.dsl import parse_dsl
from scenarios.io.formats import FORMATS
from scenarios.io.row_notes import FAR_HINT
from scenarios.io.uai import parse_uai

RAIN = parse_model(
    "name: rain\nvariables:\n  rain: {states: [no, yes], cpt: {no: 0.7, yes: 0.3}}\n"
    "  wet:\n    states: [dry, damp, soaked]\n    parents: [rain]\n"
    "    cpt: {table: {rain=no: [0.8, 0.15, 0.05], rain=yes: [0.1, 0.3, 0.6]}}\n"
)


def test_a_bif_comment_touching_a_name_ends_it():
    text = (
        'network n { }\nvariable a { type discrete [ 2 ] { no// "no"\n, yes/* x */}; }\n'
        "probability ( a ) { table 0.25// first\n, 0.75; }\n"
    )
    assert parse_bif(text, "n.bif").variables["a"].states == ("no", "yes")


def test_uai_comments_whole_line_and_inline():
    text = "# a model\nBAYES # type\n1\n2 # cards\n1\n1 0 # scope\n\n2\n 0.25 0.75 # table\n"
    assert parse_uai(text, "c.uai").variables["var_0"].cpt.tolist() == [0.25, 0.75]


def test_whitespace_before_the_xml_declaration(tmp_path):
    path = tmp_path / "m.xml"
    save_model(RAIN, path)
    path.write_text("\n   " + path.read_text())
    assert load_model(path).variables["wet"].cpt.tolist() == RAIN.variables["wet"].cpt.tolist()


@settings(max_examples=60, deadline=None)
@given(st.floats(-3e-4, 3e-4), st.sampled_from([".bif", ".xml", ".xdsl", ".uai", ".dne"]))
def test_rows_off_by_rounding_are_normalised_with_a_note_and_strict_refuses(
    tmp_path_factory, off, suffix
):
    """A row within 1e-4 of 1 is divided by its sum (with a note beyond 1e-6); further off,
    or under --strict beyond 1e-6, it is refused; other formats than Hugin's behave alike."""
    assume(all(abs(abs(off) - edge) > 1e-9 for edge in (1e-6, 1e-4)))  # float sums at the edge
    path = tmp_path_factory.mktemp("rows") / f"m{suffix}"
    save_model(RAIN, path)
    text = path.read_text()
    path.write_text(text.replace("0.15", repr(0.15 + off), 1))
    if abs(off) > 1e-4:
        with pytest.raises(ModelError, match="--normalize"):
            load_model(path)
        normalized = load_model(path, normalize=True)  # as GeNIe's rows at 0.998 are read
        assert normalized.notes and normalized.notes[0].hint == FAR_HINT
        return
    model = load_model(path)
    wet = model.variables["var_1" if suffix == ".uai" else "wet"]
    np.testing.assert_allclose(wet.cpt.sum(-1), 1.0, atol=1e-15)
    assert bool(model.notes) == (abs(off) > 1e-6)
    if model.notes:
        with pytest.raises(ModelError, match="sums to"):
            load_model(path, strict=True)


def test_hugin_counts_are_normalised_as_hugin_does(tmp_path):
    path = tmp_path / "counts.net"
    path.write_text(
        'net\n{\n}\nnode a\n{\n    states = ("x" "y");\n}\npotential ( a )\n{\n'
        "    data = ( 10 90 );\n}\n"
    )
    assert load_model(path).variables["a"].cpt.tolist() == [0.1, 0.9]
    code, _, err = run_cli(["query", str(path), "-f", "csv"])
    assert code == 0 and "1 row that did not sum to 1 was divided by its sum, in a" in err
    code, _, err = run_cli(["query", str(path), "--strict"])
    assert code == 2 and "counts.net:10:14:" in err


@pytest.mark.parametrize("real", [f for f in FORMATS if f.writable and f.name != "YAML"])
def test_the_reader_is_chosen_by_content_when_the_suffix_misleads(real, tmp_path):
    written = tmp_path / f"m{real.suffixes[0]}"
    save_model(RAIN, written)
    misleading = tmp_path / ("m.txt" if real.name != "BIF" else "m.net")
    misleading.write_bytes(written.read_bytes())
    if real.name == "UAI":  # UAI keeps no names: compare the tables
        assert load_model(misleading).variables["var_1"].cpt.tolist() == (
            RAIN.variables["wet"].cpt.tolist()
        )
    else:
        assert load_model(misleading).names == RAIN.names
    code, _, err = run_cli(["validate", str(misleading)])
    assert code == 0 and f"read as {real.name}" in err
    code, _, err = run_cli(["validate", str(misleading), "--from", real.name.lower()])
    assert code == 0 and "read as" not in err


def test_from_names_a_format_that_does_not_exist(tmp_path):
    code, _, err = run_cli(["query", "--from", "hugin"])
    assert code == 2 and "unknown format 'hugin'" in err and "use one of: yaml, bif" in err


DNE = """// ~->[DNET-1]->~
bnet Test {
autoupdate = TRUE;
visual V1 { nodefont = font {shape= "Arial"; size= 9;}; NodeSet Node {BuiltIn = 1;}; };
node Rain {
    kind = NATURE; discrete = TRUE; chance = CHANCE;
    states = (no, yes);
    parents = ();
    probs = (0.7, 0.3);
    title = "Rain";
    comment = "Did it rain?";
    };
node Wet {
    kind = NATURE; discrete = TRUE; chance = DETERMIN;
    states = (dry, wet);
    parents = (Rain);
    functable = (dry, #1);
    };
node Grass {
    kind = NATURE; discrete = TRUE; chance = CHANCE;
    states = (short, long);
    inputs = (, W);
    parents = (Rain, Wet);
    probs =
        // short  long     // Rain  Wet
        (((0.9,   0.1),    // no    dry
          (0.5,   0.5)),   // no    wet
         ((@imposs, 1),    // yes   dry
          (0.2,   0.8)));  // yes   wet
    };
};
"""


def test_netica_files_read_with_determin_nodes_and_state_indices():
    model = parse_dne(DNE, "t.dne")
    assert model.name == "Test" and model.variables["Rain"].description == "Did it rain?"
    assert model.variables["Wet"].cpt.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert model.variables["Grass"].cpt[1, 0].tolist() == [0.0, 1.0]
    back = parse_dne(dumps_dne(model), "back.dne")
    for name, var in model.variables.items():
        assert back.variables[name].cpt.tolist() == var.cpt.tolist()


@pytest.mark.parametrize(
    "change, says",
    [
        (
            (
                "kind = NATURE; discrete = TRUE; chance = CHANCE;\n    states = (no, yes)",
                "kind = DECISION; states = (no, yes)",
            ),
            "node 'Rain' is a decision node",
        ),
        (
            ("probs = (0.7, 0.3);", 'equation = "P (Rain) = 0.3";'),
            "node 'Rain' is given by an equation",
        ),
        (
            (
                "discrete = TRUE; chance = CHANCE;\n    states = (no, yes);",
                "discrete = FALSE; chance = CHANCE;",
            ),
            "node 'Rain' is a continuous node",
        ),
        (("probs = (0.7, 0.3);", "probs = (0.7, 0.3;"), "t.dne:"),
        (("bnet Test {", "bnet Test"), "t.dne:"),
    ],
)
def test_netica_nodes_that_cannot_be_read_are_named(change, says):
    old, new = change
    assert old in DNE
    with pytest.raises(ModelError, match=says):
        parse_dne(DNE.replace(old, new, 1), "t.dne")


def test_genie_dsl_nodes_other_than_cpt_and_noisy_max_are_named():
    text = (
        "net N\n{\n node a\n {\n  TYPE = TRUTHTABLE;\n  PARENTS = ();\n  DEFINITION =\n  {\n"
        "   NAMESTATES = (x, y);\n   PROBABILITIES = (0.5, 0.5);\n  };\n };\n};\n"
    )
    with pytest.raises(ModelError, match=r"n.dsl:3:2: .*node 'a' is a TRUTHTABLE node"):
        parse_dsl(text, "n.dsl")


def test_dsl_is_read_only_and_says_what_to_write(tmp_path):
    code, _, err = run_cli(["convert", "khorasan", str(tmp_path / "k.dsl")])
    assert code == 2 and "DSL files are read, not written" in err and "XDSL" in err


@pytest.mark.parametrize("suffix", [".bif", ".xml", ".net", ".xdsl", ".uai", ".dne", ".yaml"])
def test_writing_any_format_never_imports_pgmpy(suffix, tmp_path):
    code = (
        "import sys\nfrom scenarios.cli import main\n"
        f"assert main(['convert', 'khorasan', {str(tmp_path / ('k' + suffix))!r}]) == 0\n"
        "assert 'pgmpy' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_dne_answers_match_the_yaml_model():
    back = parse_dne(dumps_dne(RAIN), "r.dne")
    assert Engine(back).query({"wet": "soaked"}, ["rain"])["rain"]["yes"] == pytest.approx(
        Engine(RAIN).query({"wet": "soaked"}, ["rain"])["rain"]["yes"], abs=1e-15
    )


# -- round two: what other tools write that is not an error -----------------------------------

TITLED = DNE.replace(
    "node Rain {",
    "node TITLE1 {\n    kind = CONSTANT; discrete = FALSE; parents = ();\n"
    '    title = "Sprinkler network";\n    visual V1 { center = (10, 10); };\n    };\nnode Rain {',
)


def test_a_netica_title_box_is_left_out_with_a_note():
    model = parse_dne(TITLED, "t.dne")
    assert "TITLE1" not in model.variables and len(model.variables) == 3
    assert any("TITLE1" in n.message and "Sprinkler network" in n.message for n in model.notes)
    plain = parse_dne(DNE, "t.dne")
    for name, var in plain.variables.items():
        assert (model.variables[name].cpt == var.cpt).all()
    used = TITLED.replace("parents = (Rain);", "parents = (Rain, TITLE1);", 1)
    with pytest.raises(ModelError, match="TITLE1"):  # a constant a node depends on: refused
        parse_dne(used, "t.dne")


IMPOSSIBLE = """bnet N {
node A { kind = NATURE; discrete = TRUE; states = (a0, a1); parents = (); probs = (1, 0); };
node B { kind = NATURE; discrete = TRUE; states = (b0, b1, b2); parents = (A);
    probs = ((0.2, 0.3, 0.5), (@imposs, @imposs, @imposs)); };
};
"""


def test_netica_rows_of_impossible_parent_combinations_read_as_uniform_with_a_note(tmp_path):
    """A whole row of @imposs: the parent combination cannot occur, so any distribution gives
    the same answers; it is read as uniform (and --strict refuses it)."""
    model = parse_dne(IMPOSSIBLE, "i.dne")
    np.testing.assert_allclose(model.variables["B"].cpt[1], [1 / 3] * 3)
    assert Engine(model).query({}, ["B"])["B"] == pytest.approx({"b0": 0.2, "b1": 0.3, "b2": 0.5})
    path = tmp_path / "i.dne"
    path.write_text(IMPOSSIBLE)
    code, _, err = run_cli(["validate", str(path)])
    assert code == 0 and "@imposs" in err and "in B" in err
    code, _, err = run_cli(["validate", str(path), "--strict"])
    assert code == 2 and "@imposs" in err
    mixed = IMPOSSIBLE.replace("(@imposs, @imposs, @imposs)", "(@imposs, 0.5, 0.5)")
    assert parse_dne(mixed, "i.dne").variables["B"].cpt[1].tolist() == [0.0, 0.5, 0.5]


DISCRETISED = """bnet N {
node Freq { kind = NATURE; discrete = FALSE; chance = CHANCE;
    levels = (100, 110, 120, INFINITY); parents = (); probs = (0.2, 0.5, 0.3); };
node Alarm { kind = NATURE; discrete = TRUE; states = (off, on); parents = (Freq);
    probs = ((0.9, 0.1), (0.5, 0.5), (0.1, 0.9)); };
};
"""


def test_a_discretised_netica_node_is_read_as_its_intervals_and_written_back(tmp_path):
    model = parse_dne(DISCRETISED, "d.dne")
    assert model.variables["Freq"].states == ("100 to 110", "110 to 120", "120 to INFINITY")
    back = parse_dne(dumps_dne(model), "back.dne")
    assert back.variables["Freq"].states == model.variables["Freq"].states
    assert "levels = (100, 110, 120, INFINITY);" in dumps_dne(model)
    for suffix in (".yaml", ".bif", ".xml", ".net", ".xdsl"):
        path = tmp_path / f"d{suffix}"
        save_model(model, path)
        assert load_model(path).variables["Freq"].states == model.variables["Freq"].states
    with pytest.raises(ModelError, match="levels but no states"):
        parse_dne(DISCRETISED.replace("levels = (100, 110, 120, INFINITY)", "levels = (5)"), "d")


def test_hugin_labels_may_break_lines_and_float_noise_is_read_as_zero(tmp_path):
    path = tmp_path / "h.net"
    path.write_text(
        'net\n{\n}\nnode a\n{\n    label = "two\nlines";\n    states = ("x" "y");\n}\n'
        "potential ( a )\n{\n    data = ( 1.0000001 -1.1920929E-7 );\n}\n"
    )
    model = load_model(path)
    assert model.variables["a"].description == "two\nlines"
    assert model.variables["a"].cpt.tolist() == [1.0, 0.0]
    code, _, err = run_cli(["validate", str(path)])
    assert code == 0 and "float noise" in err
    code, _, err = run_cli(["validate", str(path), "--strict"])
    assert code == 2 and "h.net:12:" in err
    path.write_text(path.read_text().replace("-1.1920929E-7", "-0.001"))
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "negative probability" in err


def test_strict_and_normalize_cannot_both_be_asked():
    code, _, err = run_cli(["validate", "--strict", "--normalize"])
    assert code == 2 and "give one of them" in err


NOISY = """<?xml version="1.0"?>
<smile version="1.0" id="n">
  <nodes>
    <cpt id="a"><state id="yes"/><state id="no"/><probabilities>0.3 0.7</probabilities></cpt>
    <cpt id="b"><state id="yes"/><state id="no"/><probabilities>0.6 0.4</probabilities></cpt>
    <noisymax id="c"><state id="yes"/><state id="no"/><parents>a b</parents>
      <strengths>0 1 1 0</strengths>
      <parameters>0.8 0.2 0 1 0.5 0.5 0 1 0.1 0.9</parameters></noisymax>
  </nodes>
</smile>
"""


def test_genie_noisy_max_of_binary_nodes_is_its_noisy_or_table(tmp_path):
    """b's strengths (1 0) name its state 'no' the strongest and 'yes' the distinguished one:
    P(c = no | a, b) = 0.9 x (0.2 if a = yes) x (0.5 if b = no)."""
    path = tmp_path / "n.xdsl"
    path.write_text(NOISY)
    cpt = load_model(path).variables["c"].cpt
    for a, b in np.ndindex(2, 2):
        absent = 0.9 * (0.2 if a == 0 else 1) * (0.5 if b == 1 else 1)
        np.testing.assert_allclose(cpt[a, b], [1 - absent, absent], atol=1e-15)
    dsl = tmp_path / "n.dsl"
    dsl.write_text(
        "net n {\n node a { TYPE = CPT; PARENTS = (); DEFINITION = { NAMESTATES = (yes, no); "
        "PROBABILITIES = (0.3, 0.7); }; };\n node b { TYPE = CPT; PARENTS = (); DEFINITION = { "
        "NAMESTATES = (yes, no); PROBABILITIES = (0.6, 0.4); }; };\n node c { TYPE = NOISY_MAX; "
        "PARENTS = (a, b); DEFINITION = { NAMESTATES = (yes, no); STRENGTHS = (0, 1, 1, 0); "
        "PROBABILITIES = (0.8, 0.2, 0, 1, 0.5, 0.5, 0, 1, 0.1, 0.9); }; };\n};\n"
    )
    np.testing.assert_allclose(load_model(dsl).variables["c"].cpt, cpt, atol=1e-15)
    three = NOISY.replace(
        '<state id="no"/><parents>', '<state id="maybe"/><state id="no"/><parents>'
    )
    path.write_text(three)
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "verified for binary nodes only" in err and "n.xdsl:6:" in err


def test_unbbayes_own_xmlbif_is_refused_naming_its_dialect(tmp_path):
    path = tmp_path / "u.xml"
    path.write_text(
        "<?xml version='1.0'?>\n<xbifns:XMLBIF version=\"0.5\" "
        'xmlns:xbifns="http://unbbayes.sourceforge.net/xml/XMLBIF_0_5.xsd">\n'
        "<xbifns:header><xbifns:name>n</xbifns:name></xbifns:header>\n</xbifns:XMLBIF>\n"
    )
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "UnBBayes's XMLBIF 0.5" in err and "Hugin .net" in err


def test_a_list_closed_once_too_often_says_so():
    with pytest.raises(ModelError, match=r"one '\)' too many"):
        parse_dne("bnet N { node a { states = (x, y); probs = ((0.5, 0.5)), (1)); }; };", "p")


def test_a_hugin_interval_node_without_labels_is_named_by_its_state_values(tmp_path):
    path = tmp_path / "iv.net"
    node = "node age\n{\n    subtype = interval;\n    state_values = (0 18 65 infinity);\n"
    potential = "potential ( age )\n{\n    data = ( 0.2 0.6 0.2 );\n}\n"
    path.write_text(f'net\n{{\n}}\n{node}    states = ("" "" "");\n}}\n{potential}')
    assert load_model(path).variables["age"].states == ("0 to 18", "18 to 65", "65 to infinity")
    assert "levels = (0, 18, 65, infinity);" in dumps_dne(load_model(path))
    path.write_text(f'net\n{{\n}}\n{node}    states = ("young" "adult" "old");\n}}\n{potential}')
    assert load_model(path).variables["age"].states == ("young", "adult", "old")  # labels win
