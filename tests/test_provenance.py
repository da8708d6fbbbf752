"""Provenance: sources, quotes checked against their text, assumptions, definitions, horizon,
warnings, and the modeler's guard rails (nominal parents, did-you-mean)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from helpers import ROOT, assert_located_error, by_message, run_cli
from scenarios import ModelError, load_model, parse_model, save_model
from scenarios.model.provenance import MAX_GAP, SourceText, find_quote, normalise

ARTICLE_TEXT = (ROOT / "models" / "sources" / "khorasan-article.txt").read_text(encoding="utf-8")
ARTICLE = [SourceText("article", ARTICLE_TEXT)]

SOURCE_TEXT = """The storm came at night. It rained last night, and rain wets the lawn.
The sprinkler’s timer ran at dawn — so does the sprinkler, every “dry” morning.
"""

MODEL = """\
name: lawn
horizon: One night and the morning after.
sources:
  - id: notes
    citation: Garden notes, 2024
    file: notes.txt
variables:
  rain:
    role: driver
    states:
      "no": no rain after dusk
      "yes": at least a shower
    source: "It rained last night"
    cpt: {"no": 0.8, "yes": 0.2}
  sprinkler:
    role: driver
    states: ["off", "on"]
    assumption: The timer may have run; nobody wrote it down.
    cpt: {"off": 0.6, "on": 0.4}
  lawn:
    role: outcome
    states: [dry, wet]
    source: "rain wets the lawn"
    parents:
      rain: "rain wets the lawn"
      sprinkler: {assumption: The sprinkler reaches the whole lawn.}
    cpt:
      table:
        "rain=no, sprinkler=off":  {dry: 0.9, wet: 0.1}
        "rain=no, sprinkler=on":   {dry: 0.2, wet: 0.8}
        "rain=yes, sprinkler=off": {dry: 0.1, wet: 0.9}
        "rain=yes, sprinkler=on":  [0.01, 0.99]
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "notes.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    return tmp_path


def write(folder, text):
    path = folder / "lawn.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def located(folder, text, where, says):
    assert_located_error(folder / "lawn.yaml", text, where, says)


def test_a_model_with_sources_quotes_assumptions_and_definitions_loads(folder):
    model = load_model(write(folder, MODEL))
    assert model.horizon == "One night and the morning after."
    assert [(s.id, s.citation, s.file) for s in model.sources] == [
        ("notes", "Garden notes, 2024", "notes.txt")
    ]
    assert model.warnings == ()
    rain, sprinkler, lawn = (model.variables[n] for n in ("rain", "sprinkler", "lawn"))
    assert rain.states == ("no", "yes") and rain.definitions["yes"] == "at least a shower"
    assert rain.basis.kind == "quote" and sprinkler.basis.kind == "assumption"
    assert lawn.edge_basis("rain").kind == "quote"
    assert lawn.edge_basis("sprinkler").text == "The sprinkler reaches the whole lawn."


def test_a_made_up_quote_fails_validate_with_its_line_and_the_closest_sentence(folder):
    text = MODEL.replace('rain: "rain wets the lawn"', 'rain: "rain soaks the lawn"')
    located(folder, text, "25:13", "the quote of edge rain -> lawn is not in the sources")
    _, _, err = run_cli(["validate", str(folder / "lawn.yaml")])
    assert "It rained last night, and rain wets the lawn." in err and "assumption" in err


def test_quotes_match_across_case_whitespace_typographic_marks_and_ellipses(folder):
    text = MODEL.replace(
        'source: "It rained last night"', 'source: "it   rained\\n last night"'
    ).replace(
        'source: "rain wets the lawn"',
        'source: "The sprinkler\'s timer ran ... so does the sprinkler, every \\"dry\\""',
    )
    model = load_model(write(folder, text))
    assert model.variables["lawn"].source.startswith("The sprinkler's")
    swapped = text.replace(
        "The sprinkler's timer ran ... so does the sprinkler",
        "so does the sprinkler ... The sprinkler's timer ran",
    )
    assert swapped != text
    with pytest.raises(ModelError, match="the quote is not in the sources"):
        load_model(write(folder, swapped))  # the pieces around '...' must come in order


def test_a_missing_source_file_is_a_warning_and_strict_fails(folder):
    (folder / "notes.txt").unlink()
    path = write(folder, MODEL.replace('"It rained last night"', '"anything at all"'))
    code, out, err = run_cli(["validate", str(path)])
    assert code == 0 and "1 warning" in out
    assert f"warning: {path}:" in err and "'notes.txt' is not there" in err
    code, _, _ = run_cli(["validate", str(path), "--strict"])
    assert code == 1
    code, out, _ = run_cli(["validate", str(path), "-f", "json"])
    data = json.loads(out)
    assert code == 0 and data["ok"] and "not there" in data["warnings"][0]["message"]


def test_a_source_file_outside_the_model_folder_is_not_read(folder):
    path = write(folder, MODEL.replace("file: notes.txt", "file: ../../../etc/passwd"))
    model = load_model(path)
    assert "outside the model's folder" in model.warnings[0].message


@pytest.mark.parametrize(
    "change, where, says",
    by_message(
        [
            ("sources:\n  - id: notes", "sources: notes\n  - id: notes", ""),
            (
                "  - id: notes\n",
                "  - citation: x\n    id: notes\n    citation: y\n",
                "duplicate key",
            ),
            (
                "    file: notes.txt\n",
                "    file: notes.txt\n  - {id: notes, citation: again}\n",
                "source id 'notes' is used twice",
            ),
            ("    file: notes.txt\n", "    file: notes.txt\n    pages: 3\n", "unknown key 'pages'"),
            ("  - id: notes\n", "  - id: \n", "source: missing 'id'"),
            ("  - id: notes\n", "  - id: [a]\n", "source: 'id' must be text"),
        ]
    ),
)
def test_malformed_sources_are_located(folder, change, where, says):
    with pytest.raises(ModelError) as info:
        parse_model(MODEL.replace(change, where), "m.yaml", folder)
    assert says in str(info.value)
    assert all(d.line for d in info.value.diagnostics)


def test_quote_and_assumption_together_are_refused(folder):
    both = MODEL.replace("    assumption: The timer", '    source: "x"\n    assumption: The timer')
    located(folder, both, "19:5", "has both a quote ('source:') and an 'assumption:'")
    edge = MODEL.replace(
        "sprinkler: {assumption: The sprinkler reaches the whole lawn.}",
        "sprinkler: {assumption: x, quote: y}",
    )
    located(folder, edge, "26:18", "needs exactly one of 'quote' or 'assumption'")
    typo = MODEL.replace("{assumption: The sprinkler", "{asumption: The sprinkler")
    located(folder, typo, "26:19", "unknown key 'asumption'. Did you mean 'assumption'?")


def test_warnings_for_drivers_with_parents_and_links_without_a_basis(folder):
    text = (
        MODEL.replace("  lawn:\n    role: outcome", "  lawn:\n    role: driver")
        .replace(
            "      sprinkler: {assumption: The sprinkler reaches the whole lawn.}",
            "      sprinkler:",
        )
        .replace("    assumption: The timer may have run; nobody wrote it down.\n", "")
    )
    model = load_model(write(folder, text))
    messages = sorted(w.message for w in model.warnings)
    assert messages == [
        "edge sprinkler -> lawn has neither a quote nor an assumption",
        "has neither a quote ('source:') nor an 'assumption:'",
        "has role 'driver' but has parents",
    ]
    assert all(w.line for w in model.warnings)


def test_state_definitions_must_be_text(folder):
    located(
        folder,
        MODEL.replace('"yes": at least a shower', '"yes": [a, b]'),
        "12:14",
        "the definition of state 'yes' must be text",
    )


def test_show_and_json_distinguish_quotes_from_assumptions(folder):
    path = write(folder, MODEL)
    code, out, _ = run_cli(["show", str(path)])
    assert code == 0 and "horizon: One night" in out and "“rain wets the lawn”" in out
    assert "assumption: The sprinkler reaches the whole lawn." in out
    assert "yes: at least a shower" in out
    code, out, _ = run_cli(["show", str(path), "-f", "json"])
    data = json.loads(out)
    assert data["horizon"] and data["sources"][0]["id"] == "notes"
    lawn = data["variables"]["lawn"]
    assert lawn["parents"] == {
        "rain": {"quote": "rain wets the lawn"},
        "sprinkler": {"assumption": "The sprinkler reaches the whole lawn."},
    }
    assert data["variables"]["sprinkler"]["assumption"].startswith("The timer")
    assert data["variables"]["rain"]["definitions"] == {
        "no": "no rain after dusk",
        "yes": "at least a shower",
    }


def test_query_header_carries_the_horizon_and_the_definitions(folder):
    code, out, _ = run_cli(["query", str(write(folder, MODEL)), "-t", "rain"])
    assert code == 0 and "horizon: One night and the morning after." in out
    assert "yes: at least a shower" in out


@pytest.mark.parametrize("suffix", ["yaml", "net", "xdsl", "bif"])
def test_writers_keep_what_their_format_can(folder, suffix):
    model = load_model(write(folder, MODEL))
    target = folder / f"copy.{suffix}"
    save_model(model, target)
    back = load_model(target)
    lawn = back.variables["lawn"]
    if suffix in ("yaml", "net"):  # YAML natively, NET in its notes property
        assert lawn.edge_basis("sprinkler") == model.variables["lawn"].edge_basis("sprinkler")
        assert back.variables["rain"].definitions == model.variables["rain"].definitions
    if suffix == "yaml":
        assert back.horizon == model.horizon and back.sources == model.sources
        assert back.warnings == ()  # notes.txt is beside the copy too


# --- the modeler's guard rails -----------------------------------------------------------

NOMINAL = """\
name: n
variables:
  pact: {scale: nominal, states: [none, open, secret], cpt: [0.5, 0.2, 0.3]}
  strain:
    states: [low, high]
    parents: [pact]
    cpt:
      influences:
        baseline: {low: 0.8, high: 0.2}
        parents:
          pact: {effect: increases, strength: strong%s}
"""


def test_influences_on_a_nominal_parent_needs_an_order():
    with pytest.raises(ModelError, match="'pact' is nominal, so 'increases' has no direction"):
        parse_model(NOMINAL % "")
    model = parse_model(NOMINAL % ", order: [open, none, secret]")
    high = model.variables["strain"].cpt[:, 1]
    assert high[1] < high[0] < high[2]  # open lowest, then none, then secret
    with pytest.raises(ModelError, match="'order' must list each state of 'pact' once"):
        parse_model(NOMINAL % ", order: [open, none]")


def test_ranked_refuses_a_nominal_parent():
    text = NOMINAL.replace(
        """      influences:
        baseline: {low: 0.8, high: 0.2}
        parents:
          pact: {effect: increases, strength: strong%s}""",
        """      ranked:
        variance: 0.1
        weights: {pact: 1}""",
    )
    with pytest.raises(ModelError, match="'pact' is nominal, so its states have no rank"):
        parse_model(text)


def test_did_you_mean_for_roles_and_baseline_states():
    with pytest.raises(ModelError, match="'role' is 'outcom'. Did you mean 'outcome'?"):
        parse_model("name: x\nvariables:\n  a: {role: outcom, states: [u, v], cpt: [0.5, 0.5]}")
    with pytest.raises(
        ModelError, match="'hihg' is not a state of this variable. Did you mean 'high'?"
    ):
        parse_model((NOMINAL % ", order: [open, none, secret]").replace("high: 0.2", "hihg: 0.2"))


# --- the quote matcher, as a property ----------------------------------------------------

WORDS = ARTICLE_TEXT.split()
TYPOGRAPHIC = {"'": "’", '"': "”", "-": "–"}


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(WORDS) - 30), st.integers(3, 25), st.data())
def test_any_passage_of_the_article_is_found_however_it_is_spaced_or_typed(start, length, data):
    passage = WORDS[start : start + length]
    spaces = [data.draw(st.sampled_from([" ", "  ", "\n", " \n  "])) for _ in passage]
    quote = "".join(w + s for w, s in zip(passage, spaces, strict=True))
    if data.draw(st.booleans()):
        quote = quote.upper()
    if data.draw(st.booleans()):
        quote = re.sub("['\"-]", lambda m: TYPOGRAPHIC[m.group()], quote)
    assert find_quote(quote, ARTICLE) == "article"


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(WORDS) - 30), st.integers(4, 25), st.data())
def test_a_passage_with_a_word_changed_is_not_found(start, length, data):
    passage = WORDS[start : start + length]
    where = data.draw(st.integers(0, len(passage) - 1))
    passage[where] = "zqxwv"  # a word the article does not have
    assert find_quote(" ".join(passage), ARTICLE) is None


def test_normalise_is_idempotent_on_the_article():
    once = normalise(ARTICLE_TEXT)
    assert normalise(once) == once and "  " not in once and "’" not in once


def test_explain_says_what_each_findings_effect_rests_on(folder):
    path = write(folder, MODEL)
    code, out, _ = run_cli(
        [
            "explain",
            str(path),
            "-t",
            "lawn=wet",
            "-e",
            "rain=yes",
            "-e",
            "sprinkler=on",
            "-f",
            "json",
        ]
    )
    routes = {f["finding"]: f["route"] for f in json.loads(out)["findings"]}
    assert code == 0 and routes == {
        "rain=yes": [{"from": "rain", "to": "lawn", "basis": "quote", "forward": True}],
        "sprinkler=on": [
            {"from": "sprinkler", "to": "lawn", "basis": "assumption", "forward": True}
        ],
    }
    code, out, _ = run_cli(
        ["explain", str(path), "-t", "rain=yes", "-e", "lawn=wet", "-e", "sprinkler=on"]
    )
    assert code == 0 and "rain ← lawn" not in out and "lawn: lawn ← rain" in out
    assert "sprinkler → lawn (assumption) ← rain" in out and "1 assumption" in out


@pytest.mark.parametrize("kind", ["folder", "fifo", "not utf-8"])
def test_a_source_that_is_not_a_readable_text_file_is_a_warning_never_a_hang(folder, kind):
    (folder / "notes.txt").unlink()
    if kind == "folder":
        (folder / "notes.txt").mkdir()
    elif kind == "fifo":
        import os

        os.mkfifo(folder / "notes.txt")
    else:
        (folder / "notes.txt").write_bytes(b"\xff\xfe\x00bad")
    model = load_model(write(folder, MODEL))
    assert len(model.warnings) == 1 and "quotes are not checked" in model.warnings[0].message


# --- an ellipsis shortens one passage; it does not splice the source into a new claim ---

PARAGRAPHS = [p.split() for p in re.split(r"\n\s*\n", ARTICLE_TEXT) if len(p.split()) > 40]


def _unique(words: list[str]) -> bool:
    return ARTICLE[0].folded.count(normalise(" ".join(words)).casefold()) == 1


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_an_ellipsis_joins_words_of_one_paragraph_at_most_max_gap_apart(data):
    """Two passages of one paragraph joined by "...": found while what lies between them is at
    most MAX_GAP characters, refused beyond (with the span it would join)."""
    words = data.draw(st.sampled_from(PARAGRAPHS))
    start = data.draw(st.integers(0, len(words) - 11))
    left_out = data.draw(st.integers(1, len(words) - start - 10))
    first, second = words[start : start + 5], words[start + 5 + left_out :][:5]
    assume(_unique(first) and _unique(second))
    gap = len(" ".join(words[start + 5 : start + 5 + left_out])) + 2  # and the two spaces
    quote = " ".join(first) + " ... " + " ".join(second)
    assert find_quote(quote, ARTICLE) == ("article" if gap <= MAX_GAP else None)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_an_ellipsis_never_joins_two_paragraphs(data):
    """The end of one paragraph and the start of the next, a few words apart in the text, are
    not one passage."""
    at = data.draw(st.integers(0, len(PARAGRAPHS) - 2))
    first, second = PARAGRAPHS[at][-6:], PARAGRAPHS[at + 1][:6]
    assume(_unique(first) and _unique(second))
    assert find_quote(" ".join(first) + " ... " + " ".join(second), ARTICLE) is None


def test_a_quote_spliced_from_across_the_article_fails_validate_with_the_span(tmp_path):
    """The splice a reviewer found: four fragments from three paragraphs, 4,600 characters
    apart, read as a claim the article does not make."""
    folder = tmp_path
    (folder / "article.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    text = (
        MODEL.replace("file: notes.txt", "file: article.txt")
        .replace('source: "It rained last night"', "assumption: Rain is a driver.")
        .replace('source: "rain wets the lawn"\n', "assumption: The lawn is the outcome.\n")
        .replace(
            'rain: "rain wets the lawn"',
            'rain: "the drawdown ... may push ... defectors ... to return"',
        )
    )
    located(folder, text, "25:13", "the quote of edge rain -> lawn joins words that stand too")
    _, _, err = run_cli(["validate", str(folder / "lawn.yaml")])
    assert "would splice" in err and "characters ...]" in err and "assumption" in err


def test_show_quotes_puts_every_edge_beside_its_words_in_every_format(folder):
    """A reviewer reads each link and the sentence it rests on together: a row per edge, the
    quote or the assumption, and a count of each."""
    path = write(folder, MODEL)
    code, out, _ = run_cli(["show", str(path), "--quotes", "-f", "json"])
    assert code == 0
    assert json.loads(out)["edges"] == [
        {"parent": "rain", "child": "lawn", "basis": "quote", "text": "rain wets the lawn"},
        {
            "parent": "sprinkler",
            "child": "lawn",
            "basis": "assumption",
            "text": "The sprinkler reaches the whole lawn.",
        },
    ]
    code, out, _ = run_cli(["show", str(path), "--quotes"])
    assert "rain -> lawn  quote" in out and "    The sprinkler reaches the whole lawn." in out
    assert "2 edges: 1 quoted, 1 assumed, 0 with neither" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    code, out, _ = run_cli(["show", str(path), "--quotes", "-f", "csv"])
    assert out.splitlines()[:2] == ["edge,basis,text", "rain -> lawn,quote,rain wets the lawn"]


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_validate_shows_the_passage_every_ellipsis_quote_stands_for(tmp_path_factory, data):
    """A quote that passes with "..." is listed by validate with the whole passage it stands
    for, from its first words to its last, and how much of it the quote leaves out."""
    words = data.draw(st.sampled_from(PARAGRAPHS))
    start = data.draw(st.integers(0, len(words) - 11))
    left_out = data.draw(st.integers(1, min(30, len(words) - start - 10)))
    first, second = words[start : start + 5], words[start + 5 + left_out :][:5]
    assume(_unique(first) and _unique(second))
    folder = tmp_path_factory.mktemp("spliced")
    (folder / "article.txt").write_text(ARTICLE_TEXT, encoding="utf-8")
    quote = (" ".join(first) + " ... " + " ".join(second)).replace('"', "'")
    assume(find_quote(quote, ARTICLE) == "article")
    text = (
        MODEL.replace("file: notes.txt", "file: article.txt")
        .replace('source: "It rained last night"', "assumption: Rain is a driver.")
        .replace('source: "rain wets the lawn"\n', "assumption: The lawn is the outcome.\n")
        .replace('rain: "rain wets the lawn"', f'rain: "{quote}"')
    )
    (folder / "lawn.yaml").write_text(text, encoding="utf-8")
    code, out, err = run_cli(["validate", str(folder / "lawn.yaml"), "-f", "json"])
    assert code == 0, err
    (splice,) = json.loads(out)["splices"]
    expected = normalise(" ".join(words[start : start + 10 + left_out]))
    assert normalise(splice["passage"]).casefold() == expected.casefold()
    assert (splice["variable"], splice["edge"], splice["line"]) == ("lawn", "rain", 25)
    assert splice["omitted"] == len(splice["passage"]) - len(normalise(quote).replace(" ... ", ""))
    code, out, _ = run_cli(["validate", str(folder / "lawn.yaml")])
    assert f"spliced: {folder / 'lawn.yaml'}:25:" in out
