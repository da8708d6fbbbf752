"""``scenarios learn`` as a user runs it: the learned YAML keeps the judgement's texts and
records what the cases did; --report in every format; bad case files are one located message
each and exit 2, with nothing written."""

from __future__ import annotations

import csv
import json
import re
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import KHORASAN, ROOT, SPRINKLER, by_message, run_cli
from scenarios import load_model, parse_model
from scenarios.analysis.learn_precision import decimals, rounded_row
from scenarios.io.yaml_comments import split_comment

CASES = ROOT / "examples" / "khorasan-cases-synthetic.csv"


def learn_lawn(tmp_path, text: str, *options: str) -> tuple[int, str, str]:
    model = tmp_path / "lawn.yaml"
    model.write_text(SPRINKLER.lstrip(), encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text(text, encoding="utf-8")
    return run_cli(["learn", str(model), str(cases), "-o", str(tmp_path / "out.yaml"), *options])


def test_the_learned_model_keeps_every_text_and_records_what_the_cases_did(tmp_path):
    out = tmp_path / "learned.yaml"
    code, said, err = run_cli(["learn", str(KHORASAN), str(CASES), "-o", str(out)])
    assert code == 0, err
    assert "learned from" in said and "by EM" in said
    prior, learned = load_model(KHORASAN), load_model(out)
    for name, var in prior.variables.items():
        new = learned.variables[name]
        assert (new.description, new.source, new.assumption) == (
            var.description,
            var.source,
            var.assumption,
        )
        assert new.definitions == var.definitions and new.edge_sources == var.edge_sources
        assert new.learned is not None and new.learned.source == CASES.name
        assert new.confidence == prior.confidence_of(name)  # the judgement's weight stays
        rows = learned.row_confidence(name) - new.confidence  # each row: the cases counted in
        assert new.learned.cases - 1e-9 <= rows.sum() <= 400 + 1e-9
    assert learned.variables["defection_rate"].learned.replaced == "influences"
    assert learned.variables["is_funding"].cpt[2] > 0.5  # the variant's IS money shows


def test_fixed_keeps_a_table_and_the_report_ranks_the_changed_judgements_first(tmp_path):
    out = tmp_path / "learned.yaml"
    argv = ["learn", "khorasan", str(CASES), "-o", str(out), "--fixed", "troop_drawdown"]
    code, said, err = run_cli([*argv, "--report", "-f", "json"])
    assert code == 0, err
    report = json.loads(said)
    ranked = [t["variable"] for t in report["tables"]]
    assert ranked[:2] == ["is_funding", "pakistan_tolerance"]  # the variant changed those
    assert "troop_drawdown" not in ranked and report["fixed"] == ["troop_drawdown"]
    learned = load_model(out)
    assert learned.variables["troop_drawdown"].learned is None
    assert (
        learned.variables["troop_drawdown"].cpt == load_model().variables["troop_drawdown"].cpt
    ).all()
    for fmt in ("table", "markdown", "csv"):
        code, said, err = run_cli([*argv, "--report", "-f", fmt])
        assert code == 0 and "is_funding" in said, err


def test_em_that_stops_before_converging_says_so(tmp_path):
    out = tmp_path / "learned.yaml"
    argv = ["learn", "khorasan", str(CASES), "-o", str(out), "--max-iterations", "2"]
    code, said, err = run_cli(argv)
    assert code == 0 and "stopped at --max-iterations before converging" in said


@pytest.mark.parametrize(
    ("text", "options", "where", "says"),
    by_message(
        [
            (
                "rain,sprinkler,wet\nno,off,damp\n",
                (),
                "cases.csv:2:3",
                "'damp' is not a state of 'wet'",
            ),
            ("rain,sprinkler,wet,colour\nno,off,dry,red\n", (), "cases.csv:1:4", "column 'colour'"),
            ("rain,rain,wet,sprinkler\nno,no,dry,on\n", (), "cases.csv:1:2", "given twice"),
            ("", (), "cases.csv:1:1", "the file is empty"),
            ("rain,sprinkler,wet\n", (), "cases.csv:2:1", "no cases"),
            ("rain,wet\nno,dry\n", (), "cases.csv:1:1", "'sprinkler' is never observed"),
            ("rain,sprinkler,wet\nno,,dry\n,,\n", (), "cases.csv:1:2", "'sprinkler' is never obs"),
            ("rain,sprinkler,wet\nno,off\n", (), "cases.csv:2:1", "this row has 2 fields"),
            (
                "rain,sprinkler,wet\nno,off,dry,4,5\n",
                (),
                "cases.csv:2:1",
                "5 fields, more than the",
            ),
            (
                "rain,sprinkler,wet\nno,off," + "x" * 200_000 + "\n",
                (),
                "cases.csv:2:",
                "cannot be read",
            ),
            ("rain,sprinkler,wet\nNA,NA,NA\n,,\n", (), "cases.csv:2:1", "every row leaves every"),
            ("rain,sprinkler,wet\nno,off,wet\n", (), "cases.csv:2:", "impossible under the model"),
        ]
    ),
)
def test_bad_cases_are_located_and_nothing_is_written(tmp_path, text, options, where, says):
    code, said, err = learn_lawn(tmp_path, text, *options)
    assert (code, said) == (2, ""), err
    assert where in err and says in err and "Traceback" not in err
    assert not (tmp_path / "out.yaml").exists()


def test_extra_columns_and_fixed_variables_are_allowed_when_asked(tmp_path):
    text = "rain,wet,colour\nno,dry,red\nyes,wet,blue\n"
    code, _, err = learn_lawn(tmp_path, text, "--ignore-extra", "--fixed", "sprinkler")
    assert code == 0, err
    assert load_model(tmp_path / "out.yaml").variables["sprinkler"].learned is None


@pytest.mark.parametrize(
    ("output", "says"),
    [("out.bif", "written as YAML"), ("lawn.yaml", "input")],
)
def test_the_output_must_be_yaml_and_never_an_input(tmp_path, output, says):
    model = tmp_path / "lawn.yaml"
    model.write_text(SPRINKLER.lstrip(), encoding="utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("rain,sprinkler,wet\nno,on,wet\n", encoding="utf-8")
    before = model.read_text(encoding="utf-8")
    code, _, err = run_cli(["learn", str(model), str(cases), "-o", str(tmp_path / output)])
    assert code == 2 and says in err
    assert model.read_text(encoding="utf-8") == before


def test_a_parquet_case_file_learns_what_the_same_csv_learns(tmp_path):
    parquet = pytest.importorskip("pyarrow.parquet")
    import pyarrow

    rows = list(csv.reader(CASES.read_text(encoding="utf-8").splitlines()))
    header, body = rows[0], rows[1:]
    columns = {name: [row[i] or None for row in body] for i, name in enumerate(header)}
    path = tmp_path / "cases.parquet"
    parquet.write_table(pyarrow.table(columns), path)
    argv = ["learn", "khorasan"]
    assert run_cli([*argv, str(CASES), "-o", str(tmp_path / "a.yaml")])[0] == 0
    assert run_cli([*argv, str(path), "-o", str(tmp_path / "b.yaml")])[0] == 0
    a, b = load_model(tmp_path / "a.yaml"), load_model(tmp_path / "b.yaml")
    for name, var in a.variables.items():
        assert (var.cpt == b.variables[name].cpt).all(), name
    columns["is_funding"][4] = "huge"
    parquet.write_table(pyarrow.table(columns), path)
    code, _, err = run_cli([*argv, str(path), "-o", str(tmp_path / "c.yaml")])
    assert code == 2 and f"{path}:6:2: column 'is_funding': 'huge' is not a state" in err


@pytest.mark.parametrize("suffix", [".bif", ".xmlbif", ".net"])
def test_what_learning_did_survives_a_conversion(tmp_path, suffix):
    """In the formats that keep this tool's notes; XDSL and DNE say they lose it."""
    learned = tmp_path / "learned.yaml"
    assert (
        run_cli(["learn", "khorasan", str(CASES), "-o", str(learned), "--fixed", "is_terms"])[0]
        == 0
    )
    other = tmp_path / f"learned{suffix}"
    assert run_cli(["convert", str(learned), str(other)])[0] == 0
    before, after = load_model(learned), load_model(other)
    for name, var in before.variables.items():
        assert after.variables[name].learned == var.learned, name


def test_a_format_without_notes_says_it_loses_what_learning_did(tmp_path):
    learned = tmp_path / "learned.yaml"
    assert run_cli(["learn", "khorasan", str(CASES), "-o", str(learned)])[0] == 0
    argv = ["convert", str(learned), str(tmp_path / "l.xdsl"), "-f", "json"]
    code, said, _ = run_cli(argv)
    assert code == 0 and "what learning did" in json.loads(said)["lost"]


def test_a_learned_model_away_from_its_source_texts_says_how_to_keep_quotes_checked(tmp_path):
    out = tmp_path / "learned.yaml"
    code, _, err = run_cli(["learn", "khorasan", str(CASES), "-o", str(out)])
    assert code == 0 and "the source text 'sources/khorasan-article.txt' is not beside" in err
    shutil.copytree(ROOT / "models" / "sources", tmp_path / "sources")
    code, _, err = run_cli(["learn", "khorasan", str(CASES), "-o", str(out)])
    assert code == 0 and "source text" not in err
    assert run_cli(["validate", str(out)])[2] == ""  # quotes found in the text: no warning


@pytest.mark.parametrize(
    "text",
    [
        "rain,sprinkler,wet\nno,on,wet\nyes,off,wet\n",
        "\ufeffrain;sprinkler;wet\r\nno;on;wet\r\nyes;off;wet\r\n",  # a spreadsheet's export
        "rain\tsprinkler\twet\nno\ton\twet\nyes\toff\twet\n",
        'rain,"sprinkler",wet\n"no",on,wet\nyes,off,"wet"\n',
    ],
)
def test_case_files_as_spreadsheets_write_them_learn_the_same(tmp_path, text):
    code, _, err = learn_lawn(tmp_path, text)
    assert code == 0, err
    learned = load_model(tmp_path / "out.yaml")
    assert learned.variables["wet"].learned.cases == 2
    expected = [(16 + 1) / 22, (4 + 1) / 22]  # written at the 2 decimals 22 cases carry
    assert learned.variables["rain"].cpt.tolist() == pytest.approx(expected, abs=0.005)


def test_a_file_that_is_no_case_file_is_one_message_and_many_problems_are_capped(tmp_path):
    code, _, err = run_cli(
        ["learn", "khorasan", str(ROOT / "README.md"), "-o", str(tmp_path / "l.yaml")]
    )
    assert code == 2 and err.count("\n") == 1 and "no column of the header names a variable" in err
    rows = "".join(f"huge{i},x\n" for i in range(30))
    code, _, err = learn_lawn(tmp_path, "rain,sprinkler,wet\n" + rows.replace(",x", ",on,wet"))
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 22  # the count, 20 problems, the rest counted
    assert "never observed" in lines[1] and "cases.csv:2:1:" in lines[2]  # by position
    assert lines[0] == "error: 31 problems found, the first 20 listed"
    assert "and 11 more" in lines[-1]
    impossible = "rain,sprinkler,wet\n" + "no,off,wet\n" * 3000  # a structural zero each
    code, _, err = learn_lawn(tmp_path, impossible)
    lines = err.strip().splitlines()
    assert code == 2 and lines[0] == "error: 3,000 problems found, the first 20 listed"
    assert "impossible under the model" in lines[1] and "and 2,980 more" in lines[-1]


def test_a_small_parquet_file_of_many_rows_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """A few kilobytes of Parquet can hold millions of rows: the metadata are checked
    against the memory limit first, and the refusal says what to do."""
    parquet = pytest.importorskip("pyarrow.parquet")
    import pyarrow

    n = 2_000_000
    table = pyarrow.table(
        {
            c: pyarrow.array([s] * n).dictionary_encode()
            for c, s in (("rain", "no"), ("sprinkler", "off"), ("wet", "dry"))
        }
    )
    path = tmp_path / "many.parquet"
    parquet.write_table(table, path)
    assert path.stat().st_size < 100_000
    model = tmp_path / "lawn.yaml"
    model.write_text(SPRINKLER.lstrip(), encoding="utf-8")
    monkeypatch.setenv("SCENARIOS_MAX_MEMORY_MB", "20")
    code, _, err = run_cli(["learn", str(model), str(path), "-o", str(tmp_path / "o.yaml")])
    assert (
        code == 2 and "the 2,000,000 cases of the file" in err and "SCENARIOS_MAX_MEMORY_MB" in err
    )
    monkeypatch.delenv("SCENARIOS_MAX_MEMORY_MB")
    code, said, err = run_cli(["learn", str(model), str(path), "-o", str(tmp_path / "o.yaml")])
    assert code == 0, err
    assert load_model(tmp_path / "o.yaml").variables["wet"].learned.cases == n


def comment_texts(text: str) -> list[str]:
    """Every comment of a model file (outside block scalars and quotes), as written."""
    return [c for _, c in (split_comment(line) for line in text.splitlines()) if c]


def test_the_learned_file_keeps_the_models_comments_and_writes_numbers_as_they_carry(tmp_path):
    out = tmp_path / "learned.yaml"
    code, _, err = run_cli(["learn", str(KHORASAN), str(CASES), "-o", str(out)])
    assert code == 0, err
    original, written = KHORASAN.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    kept = " ".join(written.split())
    for comment in comment_texts(original):  # every comment, wherever it was
        assert " ".join(comment.split()) in kept, comment
    assert written.startswith(original[: original.index("\nname:")])  # the reading guide first
    block = written[written.index("  troop_drawdown:") : written.index("  is_funding:")]
    assert "# Article silent on the odds" in block  # a variable's comment stays with it
    assert "cost: 1\n" in block and "1.0" not in block  # whole numbers as integers
    learned = load_model(out)
    for name, var in learned.variables.items():
        places = [decimals(w) for w in learned.row_confidence(name).ravel()]
        rows = var.cpt.reshape(-1, var.cardinality)
        for row, digits in zip(rows, places, strict=True):
            assert np.allclose(row, np.round(row, digits), atol=1e-12), (name, row)
            assert abs(row.sum() - 1) < 1e-9
    assert parse_model(written, "m.yaml").names == learned.names  # comments change nothing


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=2, max_size=6).filter(lambda r: sum(r) > 0),
    st.integers(2, 5),
)
def test_a_rounded_row_sums_to_one_keeps_its_zeros_and_moves_each_cell_less_than_a_unit(
    raw, places
):
    row = np.array(raw) / sum(raw)
    rounded = rounded_row(row, places)
    assert abs(rounded.sum() - 1) < 1e-9
    assert np.all(np.abs(rounded - row) < 10.0**-places + 1e-12)
    assert np.all(rounded[row == 0] == 0)
    assert np.allclose(rounded, np.round(rounded, places), atol=1e-12)


def test_the_report_says_in_words_how_the_data_weigh_the_judgement(tmp_path):
    out = tmp_path / "learned.yaml"
    code, said, err = run_cli(["learn", str(KHORASAN), str(CASES), "-o", str(out), "--report"])
    assert code == 0, err
    assert not re.search(r"log10 P -?\d|BF [+-]\d", said)  # no figures a planner cannot read
    assert "data: " in said and "likely under your judgement" in said
    code, said, _ = run_cli(["learn", str(KHORASAN), str(CASES), "-o", str(out), "-f", "json"])
    tables = json.loads(said)["tables"]
    assert all("log10_bayes_factor" in t for t in tables)


def test_learning_the_bundled_model_by_name_keeps_its_comments_too(tmp_path):
    out = tmp_path / "learned.yaml"
    code, _, err = run_cli(["learn", "khorasan", str(CASES), "-o", str(out)])
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("# The Khorasan model")
