"""Learning a time-sliced model: the slices that share a table learn it together (their
counts pooled, the judgement's prior counted once), so a learned model keeps one transition
and YAML still writes its template; checked against counts made here from the cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, run_cli
from scenarios import load_model, parse_model
from scenarios.analysis.learn import learn, pseudo_counts
from scenarios.io.yaml_writer import dumps_yaml
from scenarios.model.time import fold, tied_tables
from test_time import timed_models

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(timed_models(), st.integers(0, 2**32 - 1))
def test_complete_cases_give_the_pooled_posterior_mean(text, seed):
    model = parse_model(text, "t.yaml")
    rng = np.random.default_rng(seed)
    cases = rng.integers(0, 2, size=(int(rng.integers(1, 40)), len(model.names)))
    learned = learn(model, cases).model
    tie = tied_tables(model)
    prior = pseudo_counts(model)
    column = {n: i for i, n in enumerate(model.names)}
    for name in model.names:
        mass = prior[tie[name]].copy()
        for copy in (n for n in model.names if tie[n] == tie[name]):
            parents = model.variables[copy].parents
            for case in cases:
                mass[(*(case[column[p]] for p in parents), case[column[copy]])] += 1
        expected = mass / mass.sum(axis=-1, keepdims=True)
        assert learned.variables[name].cpt == pytest.approx(expected, abs=1e-12), name
    assert (fold(learned) is None) == (fold(model) is None)


def test_missing_values_keep_the_slices_tied_and_em_climbs():
    model = load_model(ROOT / "examples" / "umbrella-world.yaml")
    rng = np.random.default_rng(7)
    cases = rng.integers(0, 2, size=(60, len(model.names)))
    rain = [i for i, n in enumerate(model.names) if n.startswith("rain@")]
    cases[:, rain] = -1  # the weather is never seen: a hidden Markov model
    found = learn(model, cases)
    assert found.converged and np.all(np.diff(found.objective) >= -1e-9)
    assert fold(found.model) is not None
    text = dumps_yaml(found.model)
    assert "time:" in text and "transition:" in text and "@2026-01-02" not in text
    again = parse_model(text, "again.yaml")
    for name, var in found.model.variables.items():
        assert again.variables[name].cpt == pytest.approx(var.cpt, abs=1e-9)


def test_learn_on_the_command_line_writes_the_template(tmp_path):
    model = load_model(ROOT / "examples" / "umbrella-world.yaml")
    rows = ["rain@2026-01-01,rain@2026-01-02,umbrella@2026-01-01,umbrella@2026-01-02"]
    rows += ["yes,yes,yes,no", "no,no,no,yes", ",yes,,no", "yes,,no,no"]
    (tmp_path / "days.csv").write_text("\n".join(rows) + "\n")
    out = tmp_path / "learned.yaml"
    argv = ["learn", str(ROOT / "examples" / "umbrella-world.yaml"), str(tmp_path / "days.csv")]
    code, _, err = run_cli([*argv, "-o", str(out)])
    assert code == 0, err
    learned = load_model(out)
    assert learned.time == model.time and fold(learned) is not None
    assert "transition:" in out.read_text()
    hidden = tmp_path / "hidden.csv"
    hidden.write_text("umbrella@2026-01-01,umbrella@2026-01-02\nyes,no\nno,no\n")
    code, _, err = run_cli([*argv[:2], str(hidden), "-o", str(out)])
    assert code == 2 and "variable 'rain' is never observed" in err and "--fixed rain" in err
    code, _, err = run_cli([*argv[:2], str(hidden), "-o", str(out), "--fixed", "rain"])
    assert code == 0, err
    kept = load_model(out)
    for name in (n for n in model.names if n.startswith("rain@")):
        assert kept.variables[name].cpt.tolist() == model.variables[name].cpt.tolist()
