"""The Hugin NET reader: the same models as pgmpy's reader and as the BIF originals, Hugin's
own layout, located errors."""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import numpy as np
import pytest

from helpers import assert_located_error, by_message
from scenarios.core.errors import ModelError
from scenarios.io.bif import parse_bif
from scenarios.io.formats import format_for
from scenarios.io.net import parse_net
from test_bif import NETWORKS, assert_same

DATA = Path(__file__).parent / "data" / "bnlearn"


def bif_model(name: str):
    return parse_bif(
        gzip.decompress((DATA / f"{name}.bif.gz").read_bytes()).decode(), f"{name}.bif"
    )


@pytest.mark.parametrize("name", NETWORKS)
def test_every_bundled_network_written_as_net_reads_back_exactly(name):
    model = bif_model(name)
    assert_same(parse_net(format_for("m.net").write(model), f"{name}.net"), model)


@pytest.mark.parametrize("name", ["asia", "child", "insurance", "alarm"])
def test_reader_reads_as_pgmpys_reader_does(name):
    from pgmpy.readwrite import NETReader

    from scenarios.io.pgmpy_bridge import model_from_network

    text = format_for("m.net").write(bif_model(name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = model_from_network(NETReader(string=text).get_model(), f"{name}.net")
    assert_same(parse_net(text, f"{name}.net"), theirs)


HUGIN = """% written by hand the way Hugin writes
net
{
    node_size = (80 40);
    name = "tiny";
}

discrete node rain
{
    label = "Rain \\"today\\"";
    position = (100 100);
    states = ("none" "a lot");
}

node wet
{
    states = ("no" "damp" "soaked");
    subtype = label;
}

potential (rain)
{
    data = ( 0.8 0.2 );
}

potential ( wet | rain )
{
    data = (( 0.9 0.08 0.02 )\t%  rain=none
\t    ( 0.1 0.3 0.6 ));\t%  rain=a lot
}
"""


def test_hugin_layout_by_hand():
    model = parse_net(HUGIN, "tiny.net")
    assert model.name == "tiny"
    assert model.variables["rain"].description == 'Rain "today"'
    assert model.variables["rain"].states == ("none", "a lot")
    np.testing.assert_allclose(
        model.variables["wet"].cpt, [[0.9, 0.08, 0.02], [0.1, 0.3, 0.6]], atol=1e-15
    )
    flat = (
        HUGIN.replace("(( 0.9", "( 0.9")
        .replace(" 0.02 )\t", " 0.02 \t")
        .replace("( 0.1 0.3", " 0.1 0.3")
        .replace("0.6 ));", "0.6 );")
    )
    np.testing.assert_array_equal(
        parse_net(flat, "t.net").variables["wet"].cpt, model.variables["wet"].cpt
    )  # parentheses only group
    for layout in (HUGIN.replace("\n", "\r\n"), HUGIN.rstrip(), HUGIN.replace("%", "\n%")):
        assert_same(parse_net(layout, "tiny.net"), model)


ERRORS = [  # (what is done to HUGIN, line:column, what the message says)
    (lambda t: t.replace("0.6 ));", "0.6 ))"), "30:1", "expected ';' after the value of 'data'"),
    (lambda t: t.replace("0.3 0.6", "0.3"), "28:15", "'table' has 5 probabilities, needs 6"),
    (lambda t: t.replace("0.08", "O.08"), "28:19", "'O.08' is not a number"),
    (lambda t: t.replace("| rain", "| rian"), "26:13", "'rian' is not a declared variable"),
    (
        lambda t: t.replace("node wet", "continuous node wet"),
        "15:1",
        "node 'wet' is a continuous node",
    ),
    (
        lambda t: t.replace('states = ("no" "damp" "soaked");', ""),
        "15:6",
        "node 'wet' has no list of states",
    ),
    (lambda t: t.replace("data = ( 0.8 0.2 );", ""), "22:1", "the potential of 'rain' has no data"),
    (
        lambda t: t.replace("0.9 0.08 0.02", "0.9 0.08 -0.02"),
        "28:15",
        "the row (rain=none) has a negative probability",
    ),
    (
        lambda t: t.replace('label = "Rain', "label = Rain"),
        "10:18",
        "expected ';' after the value of 'label'",
    ),
]


@pytest.mark.parametrize("change, where, says", by_message(ERRORS))
def test_each_mistake_is_one_located_line_and_exit_2(change, where, says, tmp_path):
    assert_located_error(tmp_path / "tiny.net", change(HUGIN), where, says)


def test_a_missing_potential_is_reported():
    with pytest.raises(ModelError, match=r"t.net:15:6: variable 'wet': has no probability"):
        parse_net(HUGIN[: HUGIN.index("potential ( wet")], "t.net")
