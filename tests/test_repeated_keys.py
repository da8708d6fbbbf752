"""A key, attribute or element that may appear once, given twice, is refused by every reader
that reads it, with its line (one rule, io.scanner.given_twice): tools disagree on which copy
counts (NET, DNE and DSL readers elsewhere keep the last, XMLBIF and XDSL readers the first),
so reading either would be a silent guess. A key no reader here reads may repeat: GeNIe itself
writes two DOCUMENTATION blocks in a DSL node. Also: nesting too deep for the brace formats, and
a Netica state count that is not a whole number within the limits."""

from __future__ import annotations

import re

import pytest

from helpers import SPRINKLER, run_cli
from scenarios import parse_model, save_model

# per format: the lines that hold a key its block may give only once
ONCE = {
    ".yaml": r"^\s+(states|parents|cpt|confidence): ",
    ".bif": r"^\s+(type discrete|property scenarios)",
    ".xml": r"^\s+<(NAME|FOR|TABLE)>",
    ".net": r"^\s+(states|scenarios|name|data) = \(?[^)]*\)?;$",
    ".xdsl": r"^\s+<(parents|probabilities)>",
    ".dne": r"^\s+(kind|states|parents) = ",
}
DSL = """net lawn {
  node rain { TYPE = CPT; PARENTS = ();
    DEFINITION = { NAMESTATES = (no, yes); PROBABILITIES = (0.8, 0.2); }; };
  node wet { TYPE = CPT; PARENTS = (rain);
    DEFINITION = { NAMESTATES = (dry, wet); PROBABILITIES = (0.9, 0.1, 0.2, 0.8); }; };
};
"""


def written(tmp_path, suffix: str) -> str:
    path = tmp_path / f"lawn{suffix}"
    save_model(parse_model(SPRINKLER, "lawn.yaml"), path)
    return path.read_text(encoding="utf-8")


def copies(text: str, pattern: str) -> list[tuple[int, str]]:
    """For each line matching ``pattern``: its number and the text with it given twice."""
    lines = text.splitlines(keepends=True)
    return [
        (i + 1, "".join([*lines[: i + 1], line, *lines[i + 1 :]]))
        for i, line in enumerate(lines)
        if re.search(pattern, line)
    ]


@pytest.mark.parametrize("suffix", sorted(ONCE))
def test_every_once_only_key_given_twice_is_refused_at_its_second_line(tmp_path, suffix):
    cases = copies(written(tmp_path, suffix), ONCE[suffix])
    assert len(cases) >= 3, suffix  # the pattern finds the keys it means
    for line, text in cases:
        path = tmp_path / f"twice{suffix}"
        path.write_text(text, encoding="utf-8")
        code, out, err = run_cli(["validate", str(path)])
        assert code == 2 and "Traceback" not in err, err
        assert f"{path}:{line + 1}:" in err, (line, err)
        assert "twice" in err or "duplicate" in err, err


@pytest.mark.parametrize(
    "old, new, line",
    [
        ("node wet { ", "node wet { TYPE = CPT; ", 4),
        ("PARENTS = (rain);", "PARENTS = (rain); parents = (rain);", 4),
        ("NAMESTATES = (dry, wet);", "NAMESTATES = (dry, wet); NAMESTATES = (a, b);", 5),
        ("PROBABILITIES = (0.9", "PROBABILITIES = (0.5, 0.5); PROBABILITIES = (0.9", 5),
    ],
)
def test_dsl_keys_given_twice_are_refused(tmp_path, old, new, line):
    path = tmp_path / "unread.dsl"  # as GeNIe writes them: blocks nobody reads, twice
    path.write_text(
        DSL.replace(
            "TYPE = CPT; PARENTS = ();",
            "TYPE = CPT; PARENTS = (); DOCUMENTATION = { }; DOCUMENTATION = { };",
        )
    )
    assert run_cli(["validate", str(path)])[0] == 0
    path = tmp_path / "twice.dsl"
    path.write_text(DSL.replace(old, new))
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "is given twice in" in err and f"{path}:{line}:" in err, err


@pytest.mark.parametrize("suffix, opening", [(".dne", "("), (".dsl", "(")])
def test_brace_formats_refuse_nesting_deeper_than_hugin_allows(tmp_path, suffix, opening):
    deep = opening * 5000 + "0.5" + ")" * 5000
    text = (
        f"bnet N {{ node a {{ states = (x, y); probs = {deep}; }}; }};"
        if suffix == ".dne"
        else f"net N {{ node a {{ TYPE = CPT; DEFINITION = {{ NAMESTATES = (x, y); "
        f"PROBABILITIES = {deep}; }}; }}; }};"
    )
    path = tmp_path / f"deep{suffix}"
    path.write_text(text)
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "nested deeper than 64 levels" in err and f"{path}:1:" in err, err
    blocks = "bnet N { " + "node a { " * 3000 + "}; " * 3001
    path.write_text(blocks)
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "nested deeper than 64 levels" in err, err


@pytest.mark.parametrize(
    "count, says",
    [
        ("1e9", "over the limit"),
        ("nan", "not a whole number"),
        ("inf", "not a whole number"),
        ("2.7", "not a whole number"),
        ("0", "not a whole number"),
        ("-3", "not a whole number"),
    ],
)
def test_a_netica_state_count_is_a_whole_number_within_the_limit(tmp_path, count, says):
    path = tmp_path / "n.dne"
    path.write_text(f"bnet N {{ node a {{ kind = NATURE; numstates = {count}; probs = (1); }}; }};")
    code, _, err = run_cli(["validate", str(path)])
    assert code == 2 and "Traceback" not in err and says in err and f"{path}:1:" in err, err
