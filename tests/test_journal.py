"""Evidence journals: the reliability formula against an explicit report node on random
networks (enumerated), folding rules, --journal/--as-of, ``journal add`` (atomic, checked,
comments kept), ``track`` and ``--since``, and located errors."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal
from helpers import ROOT, run_cli
from scenarios import parse_model
from scenarios.analysis.journal import Journal, fold, load_journal
from scenarios.analysis.track import since, track
from scenarios.core.errors import QueryError
from scenarios.engine import Engine
from scenarios.io.journal_file import Entry
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model, Variable

from strategies import networks

EXAMPLE = ROOT / "examples" / "khorasan-journal.yaml"
DAY = datetime.date(2015, 7, 1)


def _with_report(model: Model, name: str, reliability: float) -> Model:
    """``model`` plus a node ``report`` that names ``name``'s state correctly with probability
    ``reliability`` and each other state with (1 - reliability) / (k - 1)."""
    var = model.variables[name]
    k = var.cardinality
    cpt = np.full((k, k), (1 - reliability) / (k - 1))
    np.fill_diagonal(cpt, reliability)
    report = Variable("report", var.states, (name,), cpt)
    return replace(model, variables={**model.variables, "report": report})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_nodes=5), st.data())
def test_a_report_with_reliability_is_an_observation_of_a_noisy_report_node(model, data):
    name = data.draw(st.sampled_from(model.names))
    var = model.variables[name]
    reliability = data.draw(st.sampled_from([0.3, 0.55, 0.8, 0.95, 1.0]))
    soft = data.draw(st.booleans())
    if soft:
        values = data.draw(
            st.lists(
                st.sampled_from([0.0, 0.2, 1.0, 3.0]),
                min_size=var.cardinality,
                max_size=var.cardinality,
            )
        )
        assume(max(values) > 0)
        finding = Evidence(soft={name: dict(zip(var.states, values, strict=True))})
        on_report = Evidence(soft={"report": dict(zip(var.states, values, strict=True))})
    else:
        state = data.draw(st.sampled_from(var.states))
        finding, on_report = Evidence({name: state}), Evidence({"report": state})
    entry = Entry(DAY, "test", finding, reliability)
    augmented = _with_report(model, name, reliability)
    joint, mass = enumerate_joint(augmented, on_report)
    assume(mass > 1e-12)
    result = Engine(model).query(fold(model, [entry]), model.names)
    for other in model.names:
        expected = marginal(augmented, joint, [other])
        np.testing.assert_allclose(list(result[other].values()), expected, atol=1e-9)


def _tiny() -> Model:
    return parse_model(
        "name: t\nvariables:\n  a: {states: [x, y, z], cpt: {x: 0.5, y: 0.3, z: 0.2}}\n"
        "  b:\n    states: [n, m]\n    parents: [a]\n"
        '    cpt: {table: {"a=x": [0.9, 0.1], "a=y": [0.5, 0.5], "a=z": [0.1, 0.9]}}\n'
    )


def test_folding_accumulates_reports_and_beliefs_replace_them():
    model = _tiny()
    one = Entry(DAY, "s1", Evidence({"a": "x"}), 0.8)
    two = Entry(DAY, "s2", Evidence({"a": "x"}), 0.8)
    folded = fold(model, [one, two])
    assert folded.soft["a"]["x"] == pytest.approx(0.64 / (0.64 + 0.01 + 0.01))  # 0.1 * 0.1
    exact = fold(model, [Entry(DAY, "s", Evidence({"a": "y"}))])
    assert exact.hard == {"a": "y"} and not exact.soft
    believed = fold(model, [one, Entry(DAY, "me", Evidence(beliefs={"a": {"z": 1.0}}))])
    assert believed.beliefs == {"a": {"z": 1.0}} and "a" not in believed.soft
    with pytest.raises(QueryError, match="has a belief from an earlier entry"):
        fold(model, [Entry(DAY, "me", Evidence(beliefs={"a": {"z": 1.0}})), one])
    with pytest.raises(QueryError, match="contradict each other"):
        fold(model, [Entry(DAY, "s", Evidence({"a": "x"})), Entry(DAY, "t", Evidence({"a": "y"}))])


def test_the_example_journal_as_of_a_date_is_the_entries_up_to_it():
    journal = load_journal(EXAMPLE)
    assert [e.date for e in journal.entries] == sorted(e.date for e in journal.entries)
    day = datetime.date(2015, 4, 30)
    assert journal.evidence(day) == fold(
        journal.model, [e for e in journal.entries if e.date <= day]
    )
    code, out, err = run_cli(
        ["query", "--journal", str(EXAMPLE), "--as-of", "2015-04-30", "-f", "json"]
    )
    assert code == 0, err
    by_hand = Engine(journal.model).query(journal.evidence(day), json.loads(out)["posteriors"])
    for name, dist in json.loads(out)["posteriors"].items():
        assert dist == pytest.approx(by_hand[name], abs=1e-12)
    code, _, err = run_cli(["query", "--as-of", "2015-04-30"])
    assert code == 2 and "--journal" in err


def test_cli_findings_replace_the_journals_on_the_same_variable():
    argv = ["query", "--journal", str(EXAMPLE), "-e", "public_statement=welcomes", "-f", "json"]
    code, out, err = run_cli([*argv, "-t", "public_statement"])
    assert code == 0, err
    assert json.loads(out)["posteriors"]["public_statement"]["welcomes"] == 1.0


def test_journal_add_appends_keeps_comments_and_mode_and_checks_first(tmp_path):
    path = tmp_path / "j.yaml"
    path.write_text(EXAMPLE.read_text())
    os.chmod(path, 0o640)
    before = path.read_text()
    argv = ["journal", "add", str(path), "-e", "allegiance_shifts=yes", "-s", "IMU statement"]
    code, out, err = run_cli([*argv, "--date", "2015-07-02", "-r", "0.9", "-n", "a: note"])
    assert code == 0, err
    after = path.read_text()
    assert after.startswith(before) and "# An evidence journal" in after
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    entry = load_journal(path).entries[-1]
    assert (entry.date, entry.source, entry.reliability, entry.note) == (
        datetime.date(2015, 7, 2),
        "IMU statement",
        0.9,
        "a: note",
    )
    assert entry.evidence.hard == {"allegiance_shifts": "yes"}
    for bad, says in [
        (["-e", "allegiance_shift=yes"], "Did you mean 'allegiance_shifts'"),
        (["-e", "leadership_visibility=high"], "has a belief from an earlier entry"),
        (["-e", "is_attacks=many", "--date", "2015-13-01"], "YYYY-MM-DD"),
    ]:
        code, _, err = run_cli(["journal", "add", str(path), "-s", "x", *bad])
        assert code == 2 and says in err and "Traceback" not in err, err
        assert path.read_text() == after  # nothing written
    assert [p.name for p in tmp_path.iterdir()] == ["j.yaml"]


def test_journal_add_creates_a_journal_and_refuses_one_it_cannot_append_to(tmp_path):
    path = tmp_path / "new.yaml"
    code, _, err = run_cli(
        ["journal", "add", str(path), "-e", "is_funding:=high:0.6,medium:0.4", "-s", "me"]
    )
    assert code == 0, err
    assert load_journal(path).evidence().beliefs == {"is_funding": {"high": 0.6, "medium": 0.4}}
    flow = tmp_path / "flow.yaml"
    flow.write_text("entries: []\nmodel: khorasan\n")
    code, _, err = run_cli(["journal", "add", str(flow), "-e", "is_funding=high", "-s", "me"])
    assert code == 2 and "move 'entries:' last" in err


@pytest.mark.parametrize(
    ("entry", "at", "says"),
    [
        ("{date: 2015-02-30, source: s, evidence: {is_funding: high}}", "2015", "YYYY-MM-DD"),
        ("{date: 2015-02-01, evidence: {is_funding: high}}", "{date", "missing 'source'"),
        ("{date: 2015-02-01, source: s, reliability: 1.5, evidence: {x: y}}", "1.5", "at most 1"),
        ("{date: 2015-02-01, source: s, evidence: {is_funding: hgh}}", "hgh", "Did you mean"),
        ("{date: 2015-02-01, source: s, when: now, evidence: {is_funding: high}}", "when", "when"),
        ("{date: 2015-02-01, source: s}", "{date", "reports nothing"),
    ],
)
def test_journal_errors_are_located(tmp_path, entry, at, says):
    path = tmp_path / "j.yaml"
    path.write_text(f"model: khorasan\nentries:\n  - {entry}\n")
    where = f"3:{entry.index(at) + 5}"
    code, out, err = run_cli(["journal", "show", str(path)])
    assert (code, out) == (2, "") and "Traceback" not in err
    assert any(f"{path}:{where}:" in line and says in line for line in err.splitlines()), err


def test_track_points_are_queries_on_the_entries_so_far():
    journal = load_journal(EXAMPLE)
    engine = Engine(journal.model)
    points = track(engine, journal, ["secret_pact"])
    assert points[0].entry is None and len(points) == len(journal.entries) + 1
    for i, point in enumerate(points[1:], 1):
        expected = engine.query(fold(journal.model, journal.entries[:i]), ["secret_pact"])
        assert point.posteriors["secret_pact"] == pytest.approx(expected["secret_pact"], abs=1e-12)
    day = datetime.date(2015, 5, 1)
    summary = since(engine, journal, ["secret_pact"], day)
    assert summary.then["secret_pact"] == pytest.approx(points[3].posteriors["secret_pact"])
    silent = next(m for m in summary.movers if m.entry.date == datetime.date(2015, 5, 15))
    rest = fold(journal.model, [e for e in journal.entries if e is not silent.entry])
    without = engine.query(rest, ["secret_pact"])["secret_pact"]["secret"]
    assert silent.moved[("secret_pact", "secret")] == pytest.approx(
        summary.now["secret_pact"]["secret"] - without, abs=1e-12
    )


def test_track_in_every_format_and_the_plot(tmp_path):
    argv = ["track", str(EXAMPLE), "-t", "secret_pact", "--since", "2015-05-01"]
    code, out, err = run_cli([*argv, "-f", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert len(data["points"]) == 8 and data["since"]["date"] == "2015-05-01"
    code, out, _ = run_cli([*argv, "-f", "csv"])
    header = ["date", "findings", "none", "open", "secret", "model"]
    assert next(csv.reader(io.StringIO(out))) == header
    code, out, _ = run_cli(argv)
    assert max(len(line) for line in out.splitlines()) <= 80 and "Since 2015-05-01" in out
    plot = tmp_path / "track.png"
    code, _, err = run_cli([*argv, "--plot", str(plot)])
    assert code == 0 and plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", err
    code, _, err = run_cli([*argv, "--plot", str(tmp_path / "track.gif")])
    assert code == 2 and ".png, .pdf or .svg" in err


def test_compare_and_indicators_start_from_the_journal():
    scenarios = str(ROOT / "examples" / "khorasan-scenarios.yaml")
    argv = ["compare", scenarios, "-t", "secret_pact", "--journal", str(EXAMPLE), "-f", "json"]
    code, out, err = run_cli(argv)
    assert code == 0, err
    journal = load_journal(EXAMPLE)
    expected = Engine(journal.model).query(journal.evidence(), ["secret_pact"])["secret_pact"]
    data = json.loads(out)
    status_quo = data["scenarios"]["status_quo"]
    assert status_quo["beliefs"] == {"leadership_visibility": {"low": 0.85, "high": 0.15}}
    assert status_quo["posteriors"]["secret_pact"] == pytest.approx(expected, abs=1e-12)
    code, out, err = run_cli(
        ["indicators", "-t", "secret_pact", "--journal", str(EXAMPLE), "-f", "json"]
    )
    assert code == 0, err
    data = json.loads(out)
    assert "public_statement" not in data["observables"]  # the journal reports it already
    assert data["futures"][0]["probability_now"] == pytest.approx(expected["none"], abs=1e-12)


def test_a_journal_without_entries_is_read_and_track_says_what_to_do(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("model: khorasan\nentries:\n")
    assert load_journal(path).entries == [] and isinstance(load_journal(path), Journal)
    code, _, err = run_cli(["track", str(path)])
    assert code == 2 and "journal add" in err


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from([0, 2, 4, 8]),  # where the dashes are
    st.sampled_from([1, 3]),  # spaces after a dash
    st.integers(0, 3),  # entries already there
    st.booleans(),  # a comment after entries:
    st.sampled_from(["", "\n", "\n\n# the end\n"]),  # what trails the list
)
def test_journal_add_appends_to_any_block_list_a_valid_journal_has(
    tmp_path, indent, gap, count, comment, trailer
):
    """However the entries are laid out (at column 0, indented 2 or 4 or 8, a dash followed
    by one space or three), the entry is added in the same layout and every entry stays."""
    pad, inner = " " * indent, " " * (indent + 1 + gap)
    items = "".join(
        f"{pad}-{' ' * gap}date: 2015-02-1{i}\n{inner}source: s{i}\n"
        f"{inner}evidence: {{is_attacks: many}}\n"
        for i in range(count)
    )
    path = tmp_path / "j.yaml"
    text = f"model: khorasan\nentries:{'  # the log' if comment else ''}\n{items}{trailer}"
    path.write_text(text)
    code, _, err = run_cli(
        ["journal", "add", str(path), "-e", "is_funding=high", "-s", "new", "--date", "2015-06-01"]
    )
    assert code == 0, (err, text)
    journal = load_journal(path)
    assert [e.source for e in journal.entries] == [*(f"s{i}" for i in range(count)), "new"]
    assert path.read_text().startswith(text.rstrip("\n").rsplit("# the end", 1)[0].rstrip("\n"))


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("-s", "bad\x01byte", "--source holds a control character"),
        ("-n", "esc\x1b[31m", "--note holds a control character"),
    ],
)
def test_journal_add_blames_a_bad_argument_not_the_file(tmp_path, option, value, says):
    path = tmp_path / "j.yaml"
    path.write_text("model: khorasan\nentries:\n")
    argv = ["journal", "add", str(path), "-e", "is_funding=high", "-s", "ok", option, value]
    code, _, err = run_cli(argv)
    assert code == 2 and says in err and f"{path}:" not in err, err
    assert path.read_text() == "model: khorasan\nentries:\n"


def test_journal_add_notes_a_date_after_today(tmp_path):
    path = tmp_path / "j.yaml"
    argv = [
        "journal",
        "add",
        str(path),
        "-e",
        "is_funding=high",
        "-s",
        "me",
        "--date",
        "2999-01-01",
    ]
    code, out, err = run_cli(argv)
    assert code == 0 and "entry of 2999-01-01 added (1 entry)" in out
    assert "after today" in err
    code, out, _ = run_cli(["journal", "show", str(path), "-f", "markdown"])
    assert code == 0 and "dated after today" in out


LATER = DAY + datetime.timedelta(days=30)


@pytest.mark.parametrize(
    ("later", "clashes"),
    [
        (Entry(LATER, "r", Evidence({"a": "y"}), 0.9), [("a", "x", "y")]),  # favours y
        (Entry(LATER, "r", Evidence(soft={"a": {"x": 0.1, "z": 0.9}})), [("a", "x", "z")]),
        (Entry(LATER, "r", Evidence({"a": "x"}), 0.9), []),  # agrees
        (
            Entry(LATER, "r", Evidence(soft={"a": {"x": 0.2, "y": 0.4, "z": 0.4}})),
            [("a", "x", "y")],
        ),
        (Entry(LATER, "r", Evidence(soft={"a": {"x": 0.4, "y": 0.4, "z": 0.2}})), []),  # as likely
        (Entry(LATER, "r", Evidence({"b": "m"}), 0.9), []),  # another variable
    ],
)
def test_a_report_an_earlier_certain_one_overrules_is_a_contradiction(later, clashes):
    """The certain report fixed the state: a later report under which another state is more
    likely changes nothing, and that is said with both entries."""
    model = _tiny()
    certain = Entry(DAY, "c", Evidence({"a": "x"}))
    journal = Journal(model, [certain, later])
    found = journal.contradictions()
    assert [(c.variable, c.fixed, c.reported) for c in found] == clashes
    assert all(c.certain is certain and c.later is later for c in found)
    assert journal.evidence() == fold(model, [certain, later])  # folding is unchanged


def test_journal_add_warns_of_a_contradiction_and_strict_refuses_it(tmp_path):
    path = tmp_path / "j.yaml"
    add = ["journal", "add", str(path), "-e"]
    assert run_cli([*add, "public_statement=silent", "-s", "A", "--date", "2015-05-01"])[0] == 0
    code, _, err = run_cli(
        [*add, "public_statement=denounces", "-s", "B", "-r", "0.9", "--date", "2015-06-01"]
    )
    assert code == 0 and "warning: the entry of 2015-06-01 (B) reports" in err
    assert "the entry of 2015-05-01 (A) holds public_statement=silent certain" in err
    before = path.read_bytes()
    code, _, err = run_cli(
        [*add, "public_statement=welcomes", "-s", "C", "-r", "0.8", "--date", "2015-06-02"]
        + ["--strict"]
    )
    assert code == 2 and "--strict refuses it" in err and path.read_bytes() == before
    code, out, _ = run_cli(["journal", "show", str(path), "-f", "json"])
    assert [c["reported_source"] for c in json.loads(out)["contradictions"]] == ["B"]
    code, out, _ = run_cli(["track", str(path), "-t", "secret_pact", "-f", "json"])
    assert len(json.loads(out)["contradictions"]) == 1
    code, out, _ = run_cli(["journal", "show", str(path)])
    assert "Contradiction: the entry of 2015-06-01 (B)" in " ".join(out.split())


def test_entries_dated_outside_the_horizon_are_flagged_wherever_the_journal_is_read(
    tmp_path, write_model
):
    """A model that dates its horizon (starts, ends) flags entries before or after it:
    journal add warns, journal show and track say so and list them in JSON."""
    model = write_model(
        "name: h\nstarts: 2015-07-01\nends: 2016-06-30\nvariables:\n"
        "  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}\n",
        "h.yaml",
    )
    path = tmp_path / "j.yaml"
    add = ["journal", "add", str(path), "--model", model.name, "-s", "S", "-e"]
    code, _, err = run_cli([*add, "a=x", "--date", "2015-08-01"])
    assert code == 0 and "horizon" not in err
    code, _, err = run_cli([*add, "a=y", "-r", "0.8", "--date", "2016-07-01"])
    assert code == 0 and "warning: 1 entry is dated outside the model's horizon" in err
    code, _, err = run_cli([*add, "a=x", "--date", "2015-06-30"])
    assert code == 0 and "(2015-07-01 to 2016-06-30)" in err
    code, out, _ = run_cli(["journal", "show", str(path), "-f", "json"])
    assert json.loads(out)["outside_horizon"] == ["2015-06-30", "2016-07-01"]
    code, out, _ = run_cli(["track", str(path), "-t", "a", "-f", "json"])
    assert json.loads(out)["outside_horizon"] == ["2015-06-30", "2016-07-01"]
    code, out, _ = run_cli(["track", str(path), "-t", "a"])
    assert "Warning: 2 entries are dated outside the model's horizon" in " ".join(out.split())


@pytest.mark.parametrize(
    ("dates", "where", "says"),
    [
        (
            "starts: 2015-02-30\n",
            ":2:9:",
            "'starts' is '2015-02-30'; it must be a day written YYYY-MM-DD",
        ),
        ("starts: July 2015\n", ":2:9:", "it must be a day written YYYY-MM-DD"),
        (
            "starts: 2016-01-01\nends: 2015-01-01\n",
            ":3:7:",
            "the horizon ends (2015-01-01) before it starts",
        ),
    ],
)
def test_bad_horizon_dates_are_located(write_model, dates, where, says):
    model = write_model(
        f"name: h\n{dates}variables:\n  a: {{states: [x, y], cpt: {{x: 0.5, y: 0.5}}}}\n"
    )
    code, _, err = run_cli(["validate", str(model)])
    assert code == 2 and f"{model}{where}" in err and says in err, err
