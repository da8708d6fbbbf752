"""The BIF reader: the same models as pgmpy's reader, layouts pgmpy's reader loses, located
errors."""

from __future__ import annotations

import gzip
import warnings

import numpy as np
import pytest

from helpers import BNLEARN, BNLEARN_NETWORKS, assert_located_error, by_message
from scenarios.core.errors import ModelError
from scenarios.io.bif import parse_bif
from scenarios.io.row_notes import settled_model

DATA = BNLEARN
NETWORKS = BNLEARN_NETWORKS
ASIA = gzip.decompress((DATA / "asia.bif.gz").read_bytes()).decode()


def pgmpy_model(text: str, filename: str):
    from pgmpy.readwrite import BIFReader

    from scenarios.io.pgmpy_bridge import model_from_network

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model_from_network(BIFReader(string=text).get_model(), filename)


def assert_same(ours, theirs) -> None:
    assert ours.name == theirs.name
    assert sorted(ours.variables) == sorted(theirs.variables)
    for name, var in ours.variables.items():
        other = theirs.variables[name]
        assert (var.states, var.parents) == (other.states, other.parents), name
        np.testing.assert_allclose(var.cpt, other.cpt, rtol=0, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("name", NETWORKS)
def test_reader_reads_every_bundled_network_as_pgmpy_does(name):
    text = gzip.decompress((DATA / f"{name}.bif.gz").read_bytes()).decode()
    assert_same(parse_bif(text, f"{name}.bif"), pgmpy_model(text, f"{name}.bif"))


LAYOUTS = {
    "no newline at the end": lambda t: t.rstrip(),
    "spaces after braces": lambda t: t.replace("}\n", "}  \n"),
    "Windows line ends": lambda t: t.replace("\n", "\r\n"),
    "all on one line": lambda t: t.replace("\n", " "),
    "tabs, no commas": lambda t: t.replace(", ", "\t").replace("  ", "\t"),
    "comments everywhere": lambda t: (
        "// made by hand\n"
        + t.replace("{", "{ /* a { brace } in a comment */").replace(";\n", "; // ; }\n")
    ),
    "quoted names": lambda t: t.replace("asia", '"asia"').replace("( yes", '( "yes"'),
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layouts_pgmpys_reader_cannot_read_give_the_same_model(layout):
    assert_same(parse_bif(LAYOUTS[layout](ASIA), "asia.bif"), parse_bif(ASIA, "asia.bif"))


TINY = """network tiny {
}
variable "rain fall" {
  type discrete [ 2 ] { none, "a lot" };
}
variable wet {
  type discrete [ 3 ] { no, damp, soaked };
}
probability ( "rain fall" ) {
  table 0.8, 0.2;
}
probability ( wet | "rain fall" ) {
  table 0.9, 0.1,  0.08, 0.3,  0.02, 0.6;
}
"""


def test_table_lists_each_state_across_parent_combinations_as_pgmpy_reads_it():
    model = parse_bif(TINY, "tiny.bif")
    wet = model.variables["wet"]
    assert wet.parents == ("rain fall",)
    assert model.variables["rain fall"].states == ("none", "a lot")
    # by hand: P(wet | none) = (0.9, 0.08, 0.02), P(wet | a lot) = (0.1, 0.3, 0.6)
    np.testing.assert_allclose(wet.cpt, [[0.9, 0.08, 0.02], [0.1, 0.3, 0.6]], atol=1e-15)
    plain = TINY.replace('"rain fall"', "rain").replace('"a lot"', "lots")
    np.testing.assert_allclose(
        parse_bif(plain, "t.bif").variables["wet"].cpt,
        pgmpy_model(plain, "t.bif").variables["wet"].cpt,
        atol=1e-15,
    )


def test_rows_default_and_the_old_header_form():
    text = TINY.replace('probability ( wet | "rain fall" )', 'probability ( wet "rain fall" )')
    text = text.replace(
        "table 0.9, 0.1,  0.08, 0.3,  0.02, 0.6;",
        "(none) 0.9, 0.08, 0.02;\n  default 0.1, 0.3, 0.6;",
    )
    cpt = parse_bif(text, "t.bif").variables["wet"].cpt
    np.testing.assert_allclose(cpt, [[0.9, 0.08, 0.02], [0.1, 0.3, 0.6]], atol=1e-15)


def test_rows_are_divided_by_their_sums_and_names_are_decoded():
    text = TINY.replace("table 0.8, 0.2;", "table 0.8000004, 0.2;")
    model = parse_bif(text.replace('"rain fall"', "rain_x20_fall"), "t.bif")
    np.testing.assert_allclose(
        model.variables["rain fall"].cpt, [0.8000004 / 1.0000004, 0.2 / 1.0000004], atol=1e-16
    )
    bad = TINY.replace("table 0.8, 0.2;", "table 0.5, 0.2;")
    with pytest.raises(  # further off than rounding: read only when asked (--normalize)
        ModelError,
        match=r"t.bif:10:3: variable 'rain fall': the row \(prior\) "
        r"sums to 0.7",
    ):
        settled_model(parse_bif(bad, "t.bif"))


ERRORS = [  # (what is done to TINY, line:column, what the message says)
    (lambda t: t.replace("[ 3 ]", "[ 4 ]"), "7:19", "declares [ 4 ] states but lists 3"),
    (lambda t: t.replace('| "rain fall"', "| rain"), "12:15", "'rain' is not a declared"),
    (lambda t: t.replace("0.02, 0.6;", "0.02;"), "13:3", "'table' has 5 probabilities, needs 6"),
    (lambda t: t.replace("0.3,", "0.3x,"), "13:26", "'0.3x' is not a number"),
    (
        lambda t: t.replace("table 0.9, 0.1,  0.08, 0.3,  0.02, 0.6;", "(none) 0.9, 0.08, 0.02;"),
        "12:15",
        "no probabilities for (rain fall=a lot)",
    ),
    (
        lambda t: t.replace("table 0.9, 0.1,  0.08, 0.3,  0.02, 0.6;", "(some) 0.9, 0.08, 0.02;"),
        "13:3",
        "'some' is not a state of 'rain fall'",
    ),
    (
        lambda t: t.replace("table 0.8, 0.2;", "(none) 0.8, 0.2;"),
        "10:3",
        "this row names 1 parent states, but the variable has 0 parents",
    ),
    (
        lambda t: t + "probability ( wet ) { table 1, 0, 0; }\n",
        "15:15",
        "has two probability blocks",
    ),
    (
        lambda t: t.replace("probability ( wet", "probability ( wet_"),
        "12:15",
        "'wet_' is not a declared variable. Did you mean 'wet'?",
    ),
    (lambda t: t.replace("{ no, damp", "{ no, no"), "6:10", "lists a state twice"),
    (lambda t: t[: t.rindex("}")], "14:1", "the file ends inside a block"),
    (
        lambda t: t.replace("network tiny", "netwrok tiny"),
        "1:1",
        "expected 'network', 'variable' or 'probability', found 'netwrok'",
    ),
    (
        lambda t: t.replace("// x", "").replace("table 0.8", "/* table 0.8"),
        "10:3",
        "this comment is never closed",
    ),
    (lambda t: t.replace("discrete", "continuous", 1), "4:8", "only discrete variables"),
    (lambda t: t + "variable wet { type discrete [ 1 ] { x }; }\n", "15:10", "declared twice"),
]


@pytest.mark.parametrize("change, where, says", by_message(ERRORS))
def test_each_mistake_is_one_located_line_and_exit_2(change, where, says, tmp_path):
    assert_located_error(tmp_path / "tiny.bif", change(TINY), where, says)


def test_a_cycle_and_a_missing_block_are_reported():
    cyclic = TINY.replace(
        'probability ( "rain fall" ) {\n  table 0.8, 0.2;',
        'probability ( "rain fall" | wet ) {\n  table 0.8, 0.2, 0.5, 0.5, 0.5, 0.5;',
    )
    with pytest.raises(ModelError, match="cycle"):
        parse_bif(cyclic, "t.bif")
    missing = TINY[: TINY.index("probability ( wet")]
    with pytest.raises(ModelError, match=r"t.bif:6:10: variable 'wet': has no probability table"):
        parse_bif(missing, "t.bif")


def test_reading_any_format_does_not_import_pgmpy(tmp_path):
    import subprocess
    import sys

    from scenarios.io.formats import format_for

    model = parse_bif(ASIA, "asia.bif")
    paths = [
        str(tmp_path / f"asia{suffix}") for suffix in (".bif", ".net", ".xml", ".xdsl", ".uai")
    ]
    for path in paths:
        (tmp_path / path).write_text(format_for(path).write(model))
    code = (
        "import sys; from scenarios import load_model; [load_model(p) for p in sys.argv[1:]]; "
        "assert 'pgmpy' not in sys.modules, 'pgmpy imported'"
    )
    subprocess.run([sys.executable, "-c", code, *paths], check=True)
