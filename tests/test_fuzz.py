"""Fuzzing the front door: mutated model files and random evidence strings through the CLI
entry point, in-process. Every outcome is either a correct answer (checked against
enumeration of the joint) or an error on stderr naming the file, with exit code 2: never a
traceback, never another exit code, never a NaN.

Damaged files in the other formats (BIF, XMLBIF, NET, XDSL, UAI) go through the same check.
The default run is small enough for CI; ``pytest -m slow tests/test_fuzz.py`` runs 10,000
examples of each (README, "Install, run, test").
"""

from __future__ import annotations

import atexit
import itertools
import json
import math
import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import run_cli
from scenarios import load_model
from scenarios.io.names import decode_name, encode_name
from scenarios.io.yaml_writer import dumps_yaml
from scenarios.model.schema import is_valid_name

from strategies import networks

# a numpy warning is text on a user's stderr beside the answer: here it fails the test
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")
SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck)}
FAST, SLOW = 250, 10_000
PARTS = 10  # the slow run is cut into parts of SLOW / PARTS examples, each a test that ends
SLOW_PART = pytest.mark.parametrize("part", range(PARTS))
SCRATCH = Path(tempfile.mkdtemp(prefix="scenarios-fuzz-"))
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)
NOTES = "It rained last night. The lawn was wet in the morning."
(SCRATCH / "notes.txt").write_text(NOTES, encoding="utf-8")

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["nan", ".inf", "-.inf", "1e309", "-0.5", "0x10", "½", "yes", "~"]),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
NAMES = st.text(min_size=1, max_size=10)  # any unicode, control characters included


def paths_of(node, prefix=()):
    """Every path to a value in a nested dict/list document."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths_of(value, (*prefix, i))


def replace_at(doc, path, value):
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return doc


def delete_at(doc, path):
    if path:
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
    return doc


def rename_key(doc, path, new_name):
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and path and path[-1] in parent:
        parent[new_name] = parent.pop(path[-1])
    return doc


def with_provenance(doc: dict) -> dict:
    """The document with what a documented model carries: a horizon, a source with its text
    file (notes.txt beside it), state definitions, a quote, an assumption, an edge's basis."""
    doc = {
        "horizon": "tonight",
        "sources": [{"id": "n", "citation": "Notes", "file": "notes.txt"}],
        **doc,
    }
    first, *rest = doc["variables"].values()
    first["states"] = {state: f"state {state}" for state in first["states"]}
    first["source"] = "it rained last night"
    for var in rest:
        var["assumption"] = "a guess"
        if isinstance(var.get("parents"), list) and var["parents"]:
            var["parents"] = {p: {"assumption": "why"} for p in var["parents"]}
    return doc


@st.composite
def structural_mutation(draw):
    model = draw(networks(max_nodes=4))
    doc = yaml.safe_load(dumps_yaml(model))
    if draw(st.booleans()):
        doc = with_provenance(doc)
    path = draw(st.sampled_from(list(paths_of(doc))))
    kind = draw(st.sampled_from(["replace", "delete", "rename", "none"]))
    if kind == "replace":
        doc = replace_at(doc, path, draw(VALUES))
    elif kind == "delete":
        doc = delete_at(doc, path)
    elif kind == "rename":
        doc = rename_key(doc, path, draw(NAMES))
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def text_mutation(draw):
    model = draw(networks(max_nodes=4))
    text = dumps_yaml(model)
    lines = text.splitlines()
    kind = draw(
        st.sampled_from(
            [
                "tab",
                "bom",
                "empty",
                "binary",
                "truncate",
                "duplicate",
                "alias",
                "nest",
                "splice",
                "tag",
            ]
        )
    )
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "tab":
        lines[i] = "\t" + lines[i]
    elif kind == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    elif kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"---\n", b"...\n", b"~\n", b"[]\n"]))
    elif kind == "binary":
        return draw(st.binary(max_size=200))
    elif kind == "truncate":
        return text.encode()[: draw(st.integers(0, len(text)))]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "alias":
        lines[i] = lines[i].replace(":", ": &x", 1) if ":" in lines[i] else lines[i]
        lines.append("extra: *x")
    elif kind == "nest":
        depth = draw(st.integers(1, 200))
        lines[i] += " " + "[" * depth + "]" * depth
    elif kind == "splice":
        lines.insert(i, draw(st.text(max_size=30)))
    else:
        lines[i] = lines[i].replace(": ", ": !!python/object ", 1)
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def enumerate_posteriors(model, hard: dict, soft: dict) -> dict[str, list[float]]:
    """Posteriors by summing the full joint, soft findings as likelihood weights."""
    names = model.names
    totals = {n: np.zeros(model.variables[n].cardinality) for n in names}
    for states in itertools.product(*(range(model.variables[n].cardinality) for n in names)):
        at = dict(zip(names, states, strict=True))
        weight = 1.0
        for name, var in model.variables.items():
            weight *= var.cpt[tuple(at[p] for p in var.parents)][at[name]]
        for name, state in hard.items():
            weight *= model.variables[name].states[at[name]] == state
        for name, likelihoods in soft.items():  # normalized per variable, as documented
            peak = max(likelihoods.values())
            total = sum(v / peak for v in likelihoods.values())
            weight *= likelihoods.get(model.variables[name].states[at[name]], 0.0) / peak / total
        for name in names:
            totals[name][at[name]] += weight
    return {n: list(t / t.sum()) for n, t in totals.items()}


def check_outcome(path: Path, args: list[str]) -> tuple[int, str]:
    """Run the CLI; a success must be correct, a failure must be a clean exit 2."""
    try:
        code, out, err = run_cli(args)
    except RecursionError:
        pytest.fail("RecursionError escaped")
    assert "Traceback" not in err and "Traceback" not in out
    if code == 0:
        data = json.loads(out)
        model = load_model(path)
        expected = enumerate_posteriors(model, data["evidence"], data.get("soft_evidence", {}))
        for name, dist in data["posteriors"].items():
            values = list(dist.values())
            assert all(math.isfinite(v) for v in values)
            assert abs(sum(values) - 1) < 1e-12
            np.testing.assert_allclose(values, expected[name], atol=1e-9)
        return code, err
    assert code == 2, (code, err)
    assert err.startswith("error: ") and err.strip(), err
    return code, err


def run_model_file(data: bytes) -> None:
    path = SCRATCH / "fuzzed.yaml"
    path.write_bytes(data)
    code, err = check_outcome(path, ["query", str(path), "--all", "--format", "json"])
    if code == 2:
        lines = err.strip().splitlines()
        located = [line for line in lines if str(path) in line]
        assert located, err  # every model problem names the file (and the line when known)
        assert len(lines) == 1 or lines[0].startswith("error: ") and "problems" in lines[0]


@settings(max_examples=FAST, **SETTINGS)
@given(st.one_of(structural_mutation(), text_mutation()))
def test_mutated_model_files(data):
    run_model_file(data)


@pytest.mark.slow
@SLOW_PART
@settings(max_examples=SLOW // PARTS, **SETTINGS)
@given(st.one_of(structural_mutation(), text_mutation()))
def test_mutated_model_files_at_length(part, data):
    run_model_file(data)


@st.composite
def evidence_strings(draw):
    model = draw(networks(max_nodes=4))
    names = [*model.names, *draw(st.lists(NAMES, max_size=2))]
    items = []
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(names))
        states = list(model.variables[name].states) if name in model.variables else ["s0"]
        state = draw(st.sampled_from(states) | NAMES)
        form = draw(st.sampled_from(["hard", "soft", "raw"]))
        if form == "hard":
            items.append(f"{name}={state}")
        elif form == "soft":
            value = draw(st.floats(allow_nan=True, allow_infinity=True) | st.just(0.0))
            items.append(f"{name}~{state}:{value}")
        else:
            items.append(draw(st.text(max_size=20)))
    return model, items


def run_evidence(case) -> None:
    model, items = case
    path = SCRATCH / "evidence.yaml"
    path.write_text(dumps_yaml(model), encoding="utf-8")
    args = ["query", str(path), "--all", "--format", "json"]
    for item in items:
        args += ["-e", item]
    code, err = check_outcome(path, args)
    if code == 2:
        assert len(err.strip().splitlines()) == 1, err  # one line, saying what to do


@settings(max_examples=FAST, **SETTINGS)
@given(evidence_strings())
def test_random_evidence_strings(case):
    run_evidence(case)


@pytest.mark.slow
@SLOW_PART
@settings(max_examples=SLOW // PARTS, **SETTINGS)
@given(evidence_strings())
def test_random_evidence_strings_at_length(part, case):
    run_evidence(case)


FOREIGN = [".bif", ".xml", ".net", ".xdsl", ".uai", ".dne", ".dsl"]


def dsl_text(model) -> str:
    """GeNIe DSL for a network (the tool reads DSL but does not write it)."""
    nodes = []
    for var in model.variables.values():
        states = ", ".join(var.states)
        probabilities = ", ".join(repr(float(x)) for x in var.cpt.ravel())
        nodes.append(
            f" node {var.name}\n {{\n  TYPE = CPT;\n  HEADER = {{ ID = {var.name}; "
            f'NAME = "{var.name}"; }};\n  PARENTS = ({", ".join(var.parents)});\n'
            f"  DEFINITION =\n  {{\n   NAMESTATES = ({states});\n"
            f"   PROBABILITIES = ({probabilities});\n  }};\n }};\n"
        )
    return "net Fuzzed\n{\n" + "".join(nodes) + "};\n"


@st.composite
def foreign_mutation(draw):
    """A small network written in another tool's format, then damaged."""
    from scenarios.io.formats import format_for

    suffix = draw(st.sampled_from(FOREIGN))
    network = draw(networks(max_nodes=3))
    text = dsl_text(network) if suffix == ".dsl" else format_for(f"m{suffix}").write(network)
    kind = draw(st.sampled_from(["truncate", "splice", "number", "binary", "none"]))
    at = draw(st.integers(0, len(text)))
    if kind == "truncate":
        text = text[:at]
    elif kind == "splice":
        text = text[:at] + draw(st.text(max_size=12)) + text[at:]
    elif kind == "number":
        text = text.replace("0.", draw(st.sampled_from(["-0.", "nan", "1e400", "x", "2."])), 1)
    elif kind == "binary":
        return suffix, draw(st.binary(max_size=100))
    return suffix, text.encode("utf-8", "surrogatepass")


def run_foreign_file(case) -> None:
    suffix, data = case
    path = SCRATCH / f"fuzzed{suffix}"
    path.write_bytes(data)
    code, err = check_outcome(path, ["query", str(path), "--all", "--format", "json"])
    if code == 2:
        assert str(path) in err, err


PGMPY_USES_RANDOM = pytest.mark.filterwarnings(  # pgmpy's writers touch the random module
    "ignore::hypothesis.errors.HypothesisDeprecationWarning"
)


@PGMPY_USES_RANDOM
@settings(max_examples=150, **SETTINGS)
@given(foreign_mutation())
def test_damaged_files_in_other_formats(case):
    run_foreign_file(case)


@pytest.mark.slow
@PGMPY_USES_RANDOM
@SLOW_PART
@settings(max_examples=SLOW // PARTS, **SETTINGS)
@given(foreign_mutation())
def test_damaged_files_in_other_formats_at_length(part, case):
    run_foreign_file(case)


TOKEN = re.compile(r'\s+|[{}()\[\];,|=]|"[^"\n]*"|[^\s{}()\[\];,|="]+')
COMMON = [
    "{",
    "}",
    "(",
    ")",
    ";",
    "|",
    '"',
    "0.5",
    "-1",
    "1e999",
    "nan",
    "2",
    "x",
    "\n",
    "\r\n",
    " ",
]
VOCABULARY = {
    ".bif": COMMON
    + [
        "[",
        "]",
        ",",
        "table",
        "default",
        "property",
        "variable",
        "probability",
        "network",
        "type",
        "discrete",
        "/*",
        "//",
        "*/",
    ],
    ".net": COMMON
    + [
        "=",
        "net",
        "node",
        "discrete",
        "potential",
        "data",
        "states",
        "label",
        "%",
        "decision",
        "utility",
        "class",
        "model_data",
    ],
}


@st.composite
def text_format_mutation(draw):
    """A small network written as BIF or Hugin NET, then changed token by token: the input of
    our own parsers."""
    from scenarios.io.formats import format_for

    suffix = draw(st.sampled_from(sorted(VOCABULARY)))
    text = format_for(f"m{suffix}").write(draw(networks(max_nodes=3)))
    tokens = TOKEN.findall(text)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(tokens) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if kind == "delete":
            del tokens[at]
        elif kind == "duplicate":
            tokens.insert(at, tokens[at])
        elif kind == "swap" and at + 1 < len(tokens):
            tokens[at], tokens[at + 1] = tokens[at + 1], tokens[at]
        elif kind == "insert":
            tokens.insert(at, " " + draw(st.sampled_from(VOCABULARY[suffix])) + " ")
    return suffix, "".join(tokens).encode()


@PGMPY_USES_RANDOM
@settings(max_examples=FAST, **SETTINGS)
@given(text_format_mutation())
def test_bif_and_net_files_changed_token_by_token(case):
    run_foreign_file(case)


@pytest.mark.slow
@PGMPY_USES_RANDOM
@SLOW_PART
@settings(max_examples=SLOW // PARTS, **SETTINGS)
@given(text_format_mutation())
def test_bif_and_net_files_changed_token_by_token_at_length(part, case):
    run_foreign_file(case)


@pytest.mark.slow
@SLOW_PART
@settings(max_examples=SLOW // PARTS, **SETTINGS)
@given(
    st.lists(
        st.text(min_size=1, max_size=12).filter(is_valid_name), min_size=2, max_size=2, unique=True
    )
)
def test_name_spellings_at_length(part, names):
    """Any two valid names, any Unicode: written spellings are identifiers, distinct, and read
    back as the names."""
    a, b = names
    assert encode_name(a) != encode_name(b)
    assert decode_name(encode_name(a)) == a and decode_name(encode_name(b)) == b
