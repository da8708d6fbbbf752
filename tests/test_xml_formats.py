"""The XMLBIF and XDSL readers: the same models as pgmpy's readers and as the BIF originals,
layouts pgmpy's readers cannot read, located errors."""

from __future__ import annotations

import warnings

import pytest

from helpers import assert_located_error, by_message
from scenarios.io.formats import format_for
from scenarios.io.xmlformats import parse_xdsl, parse_xmlbif
from test_bif import NETWORKS, assert_same
from test_net import bif_model

READERS = {".xml": parse_xmlbif, ".xdsl": parse_xdsl}


@pytest.mark.parametrize("suffix", list(READERS))
@pytest.mark.parametrize("name", NETWORKS)
def test_every_bundled_network_written_by_pgmpy_reads_back_exactly(name, suffix):
    model = bif_model(name)
    text = format_for(f"m{suffix}").write(model)
    assert_same(READERS[suffix](text, f"{name}{suffix}"), model)


@pytest.mark.parametrize("suffix", list(READERS))
@pytest.mark.parametrize("name", ["asia", "child", "alarm", "hailfinder"])
def test_readers_read_as_pgmpys_readers_do(name, suffix):
    from pgmpy.readwrite import XDSLReader, XMLBIFReader

    from scenarios.io.pgmpy_bridge import model_from_network

    text = format_for(f"m{suffix}").write(bif_model(name))
    reader = XMLBIFReader if suffix == ".xml" else XDSLReader
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = model_from_network(reader(string=text).get_model(), f"{name}{suffix}")
    assert_same(READERS[suffix](text, f"{name}{suffix}"), theirs)


def test_layouts_pgmpys_readers_cannot_read():
    model = bif_model("asia")
    xdsl = format_for("m.xdsl").write(model)
    spaced = xdsl.replace("<probabilities>", "<probabilities>\n  ").replace(" 0.", "\n    0.")
    assert_same(parse_xdsl(spaced, "asia.xdsl"), model)  # pgmpy splits at single spaces
    xml = format_for("m.xml").write(model)
    for tag in ("NETWORK", "VARIABLE", "NAME", "OUTCOME", "DEFINITION", "FOR", "GIVEN", "TABLE"):
        for form in ("<{}>", "<{} ", "</{}>"):
            xml = xml.replace(form.format(tag), form.format(tag.lower()))
    assert_same(parse_xmlbif(xml, "asia.xml"), model)  # the format allows either case


XMLBIF = """<?xml version="1.0"?>
<BIF VERSION="0.3">
<NETWORK>
<NAME>n</NAME>
<VARIABLE TYPE="nature"><NAME>a</NAME><OUTCOME>x</OUTCOME><OUTCOME>y</OUTCOME></VARIABLE>
<VARIABLE TYPE="nature"><NAME>b</NAME><OUTCOME>u</OUTCOME><OUTCOME>v</OUTCOME></VARIABLE>
<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>
<DEFINITION><FOR>b</FOR><GIVEN>a</GIVEN>
<TABLE>0.9 0.1 0.2 0.8</TABLE></DEFINITION>
</NETWORK>
</BIF>
"""
XDSL = """<?xml version="1.0" encoding="UTF-8"?>
<smile version="1.0" id="n">
  <nodes>
    <cpt id="a"><state id="x"/><state id="y"/><probabilities>0.5 0.5</probabilities></cpt>
    <deterministic id="b"><state id="u"/><state id="v"/><parents>a</parents>
      <resultingstates>v u</resultingstates></deterministic>
  </nodes>
</smile>
"""
ERRORS = [  # (file, change, line:column, what the message says)
    ("m.xml", lambda t: t.replace("0.2 0.8", "0.2 O.8"), "9:1", "'O.8' is not a number"),
    (
        "m.xml",
        lambda t: t.replace("<GIVEN>a<", "<GIVEN>c<"),
        "8:1",
        "'c' is not a declared variable",
    ),
    ("m.xml", lambda t: t.replace("0.2 0.8", "0.2"), "9:1", "'table' has 3 probabilities"),
    ("m.xml", lambda t: t.replace("<FOR>b</FOR>", ""), "8:1", "a <DEFINITION> has no <FOR>"),
    ("m.xml", lambda t: t.replace("</NETWORK>", ""), "11:3", "mismatched tag"),
    (
        "m.xml",
        lambda t: t.replace("<BIF", '<!DOCTYPE BIF [<!ENTITY e "x">]>\n<BIF'),
        "2:27",
        "declares an XML entity",
    ),
    ("m.xdsl", lambda t: t.replace("v u<", "v w<"), "6:7", "resulting state 'w' is not one"),
    ("m.xdsl", lambda t: t.replace("deterministic", "noisyadder"), "5:5", "is a noisy-adder node"),
    ("m.xdsl", lambda t: t.replace("deterministic", "noisymax"), "5:5", "has no <parameters>"),
    ("m.xdsl", lambda t: t.replace("0.5 0.5", "0.5 0.6"), "4:47", "the row (prior) sums to 1.1"),
]


@pytest.mark.parametrize("name, change, where, says", by_message(ERRORS))
def test_each_mistake_is_one_located_line_and_exit_2(name, change, where, says, tmp_path):
    assert_located_error(
        tmp_path / name, change(XMLBIF if name.endswith(".xml") else XDSL), where, says
    )


def test_small_files_by_hand():
    xmlbif = parse_xmlbif(XMLBIF, "m.xml")
    assert xmlbif.variables["b"].cpt.tolist() == [[0.9, 0.1], [0.2, 0.8]]
    xdsl = parse_xdsl(XDSL, "m.xdsl")
    assert xdsl.variables["b"].cpt.tolist() == [[0.0, 1.0], [1.0, 0.0]]
