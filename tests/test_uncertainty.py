"""Second-order uncertainty: batched draws, convergence, reproducibility, coverage."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import KHORASAN, run_cli
from scenarios import ModelError, parse_model
from scenarios.analysis.uncertainty import dirichlet_rows, posterior_intervals, sample_cpts
from scenarios.cli import main
from scenarios.engine import Engine
from scenarios.model.evidence import Evidence

EVIDENCE = Evidence({"is_funding": "high"}, {"peace_process": {"advancing": 1.0, "talks": 0.4}})


def with_cpts(model, cpts, d):
    variables = {n: replace(v, cpt=cpts[n][d]) for n, v in model.variables.items()}
    return replace(model, variables=variables)


@pytest.mark.parametrize(
    "evidence",
    [Evidence(), EVIDENCE, Evidence({"defection_rate": "high"}, do={"taliban_stance": "confront"})],
)
def test_batched_draws_equal_one_by_one_queries(khorasan, evidence):
    cpts = sample_cpts(khorasan, 6, np.random.default_rng(3))
    answers, p_evidence = Engine(khorasan).query_draws(evidence, None, cpts)
    for d in range(6):
        single = Engine(with_cpts(khorasan, cpts, d)).query(evidence)
        assert p_evidence[d] == pytest.approx(single.probability_of_evidence, abs=1e-12)
        for name, dist in single.posteriors.items():
            np.testing.assert_allclose(answers[name][d], list(dist.values()), atol=1e-12)


def test_draws_are_distributions_that_keep_structural_zeros():
    model = parse_model("""
        name: z
        variables:
          a: {states: [x, y, z], cpt: {x: 0.5, y: 0.5, z: 0.0}}
        """)
    draws = sample_cpts(model, 500, np.random.default_rng(0))["a"]
    assert (draws[:, 2] == 0).all() and np.allclose(draws.sum(1), 1)
    assert draws[:, 0].mean() == pytest.approx(0.5, abs=0.05)


def test_intervals_shrink_to_the_point_posterior_as_confidence_grows(khorasan):
    widths = []
    for confidence in (5.0, 500.0, 1e7):
        model = replace(
            khorasan,
            confidence=confidence,
            variables={  # the model's default only
                n: replace(v, confidence=None) for n, v in khorasan.variables.items()
            },
        )
        result = posterior_intervals(
            Engine(model), EVIDENCE, ["defection_rate"], draws=2000, seed=7
        )
        iv = result.intervals["defection_rate"]["high"]
        point = result.point["defection_rate"]["high"]
        widths.append(iv.high - iv.low)
        if confidence == 1e7:
            assert iv.mean == pytest.approx(point, abs=1e-3)
            assert iv.low <= point <= iv.high
    assert widths[0] > widths[1] > widths[2]


def test_seeds_reproduce(khorasan):
    engine = Engine(khorasan)
    first = posterior_intervals(engine, None, ["secret_pact"], draws=500, seed=11)
    again = posterior_intervals(engine, None, ["secret_pact"], draws=500, seed=11)
    other = posterior_intervals(engine, None, ["secret_pact"], draws=500, seed=12)
    assert first.intervals == again.intervals
    assert first.intervals != other.intervals


def test_credible_intervals_cover_at_the_stated_rate():
    """Truths drawn from the same Dirichlets fall inside the 80% interval about 80% of the time."""
    model = parse_model("""
        name: sim
        confidence: 10
        variables:
          a: {states: [lo, hi], cpt: {lo: 0.6, hi: 0.4}}
          b:
            states: [lo, hi]
            parents: [a]
            cpt: {table: {"a=lo": [0.7, 0.3], "a=hi": [0.2, 0.8]}}
        """)
    engine = Engine(model)
    evidence = Evidence({"b": "hi"})
    result = posterior_intervals(engine, evidence, ["a"], draws=4000, level=0.8, seed=5)
    iv = result.intervals["a"]["hi"]
    truths = sample_cpts(model, 400, np.random.default_rng(99))
    answers, _ = engine.query_draws(evidence, ["a"], truths)
    inside = ((answers["a"][:, 1] >= iv.low) & (answers["a"][:, 1] <= iv.high)).mean()
    assert inside == pytest.approx(0.8, abs=0.06)


def test_confidence_in_yaml_per_variable_and_model():
    model = parse_model("""
        name: c
        confidence: 30
        variables:
          a: {states: [x, y], cpt: {x: 0.5, y: 0.5}, confidence: 5}
          b: {states: [x, y], cpt: {x: 0.5, y: 0.5}}
        """)
    assert model.confidence_of("a") == 5 and model.confidence_of("b") == 30
    with pytest.raises(ModelError) as info:
        parse_model(
            "name: c\nconfidence: -1\nvariables:\n"
            "  a: {states: [x], cpt: {x: 1}, confidence: lots}\n",
            "c.yaml",
        )
    text = "\n".join(str(d) for d in info.value.diagnostics)
    assert "c.yaml:2:13" in text and "c.yaml:4:45" in text and "from 1e-06 to 1e+09" in text


def test_cli_intervals_json_and_table(capsys):
    argv = [
        "query",
        str(KHORASAN),
        "-t",
        "fata_relocation",
        "--intervals",
        "--draws",
        "300",
        "--seed",
        "4",
        "--level",
        "0.8",
    ]
    assert main([*argv, "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["draws"] == 300 and data["level"] == 0.8 and data["seed"] == 4
    iv = data["intervals"]["fata_relocation"]["yes"]
    assert iv["low"] < data["posteriors"]["fata_relocation"]["yes"] < iv["high"]
    assert main([*argv, "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == data
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "credible intervals: 80% over 300" in out and "┃" in out


def test_compare_intervals_are_paired_draws(khorasan):
    from scenarios.analysis.uncertainty import compare_intervals

    engine = Engine(khorasan)
    scenarios = {
        "base": Evidence(),
        "same": Evidence({"pakistan_tolerance": "low"}),
        "confront": Evidence(do={"taliban_stance": "confront"}),
    }
    spread = compare_intervals(engine, scenarios, "base", ["fata_relocation"], draws=1000, seed=2)
    assert spread["confront"]["fata_relocation"]["yes"].exceeds_baseline > 0.99
    # pakistan_tolerance does not reach fata_relocation: equal in every draw, never above
    assert spread["same"]["fata_relocation"]["yes"].exceeds_baseline == 0.0
    point = engine.query(scenarios["confront"], ["fata_relocation"])["fata_relocation"]["yes"]
    iv = spread["confront"]["fata_relocation"]["yes"].interval
    assert iv.low < point < iv.high


def test_compare_intervals_cli(capsys):
    from helpers import ROOT

    argv = [
        "compare",
        str(ROOT / "examples" / "khorasan-scenarios.yaml"),
        "-t",
        "fata_relocation",
        "--intervals",
        "--draws",
        "300",
        "--seed",
        "3",
        "-f",
        "csv",
    ]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "variable,state,scenario,posterior,change,mean,low,high,P(> baseline),model"
    assert len(lines) == 1 + 2 * 10


def test_joint_draws_equal_one_by_one_joints(khorasan):
    cpts = sample_cpts(khorasan, 4, np.random.default_rng(8))
    evidence = Evidence({"is_funding": "high"}, do={"taliban_stance": "confront"})
    names = ["fata_relocation", "is_funding", "secret_pact"]
    batched = Engine(khorasan).joint_draws(evidence, names, cpts)
    for d in range(4):
        single = Engine(with_cpts(khorasan, cpts, d)).joint(evidence, names)
        np.testing.assert_allclose(batched[d], single, atol=1e-12)


def test_future_intervals_bracket_the_point_probability(capsys, khorasan):
    argv = [
        "futures",
        str(KHORASAN),
        "-t",
        "fata_relocation",
        "-t",
        "secret_pact",
        "-k",
        "3",
        "--intervals",
        "--draws",
        "400",
        "--seed",
        "9",
        "-f",
        "json",
    ]
    assert main(argv) == 0
    futures = json.loads(capsys.readouterr().out)["futures"]
    assert len(futures) == 3
    for future in futures:
        iv = future["interval"]
        assert iv["low"] < future["probability"] < iv["high"]


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-6, 9),  # log10 of the weight: every confidence a model may state
    st.lists(st.floats(0, 1), min_size=2, max_size=4).filter(lambda r: sum(r) > 0),
    st.integers(0, 2**16),
)
def test_dirichlet_draws_are_right_at_every_confidence(log10_weight, row, seed):
    """Finite, on the simplex, zeros kept, mean the row; and below a weight of 1e-3 nearly
    every draw is a vertex, never the row's mean kept for want of precision."""
    row = np.array(row) / sum(row)
    draws = dirichlet_rows(np.array(10.0**log10_weight), row, 20_000, np.random.default_rng(seed))
    assert np.isfinite(draws).all() and np.allclose(draws.sum(axis=-1), 1)
    assert (draws[:, row == 0] == 0).all()
    assert np.allclose(draws.mean(axis=0), row, atol=0.03)
    if log10_weight < -3 and row.max() < 0.99:
        assert (draws.max(axis=-1) > 0.999).mean() > 0.99
        assert not np.isclose(draws, row).all(axis=-1).any()


@pytest.mark.parametrize("confidence", ["1.0e-6", "1.0e-4"])
def test_a_tiny_confidence_gives_the_widest_interval_not_certainty(write_model, confidence):
    path = write_model(
        f"name: t\nvariables:\n  rain: {{states: [no, yes], "
        f"cpt: {{no: 0.8, yes: 0.2}}, confidence: {confidence}}}\n"
    )
    code, out, err = run_cli(
        ["query", str(path), "-t", "rain", "--intervals", "-f", "json", "--seed", "2"]
    )
    assert code == 0, err
    iv = json.loads(out)["intervals"]["rain"]["no"]
    assert iv["low"] < 0.01 and iv["high"] > 0.99 and iv["mean"] == pytest.approx(0.8, abs=0.02)


@pytest.mark.parametrize("confidence", ["1.0e+307", "1.0e-7", "0", ".inf", "true"])
def test_a_confidence_out_of_its_range_is_a_located_error(write_model, tmp_path, confidence):
    path = write_model(
        f"name: t\nvariables:\n  rain: {{states: [no, yes], "
        f"cpt: {{no: 0.8, yes: 0.2}}, confidence: {confidence}}}\n"
    )
    (tmp_path / "c.csv").write_text("rain\nno\n")
    for argv in (
        ["validate", str(path)],
        ["learn", str(path), str(tmp_path / "c.csv"), "-o", str(tmp_path / "o.yaml")],
    ):
        code, _, err = run_cli(argv)
        assert code == 2 and f"{path}:3:" in err and "from 1e-06 to 1e+09" in err, err
        assert "Traceback" not in err and not (tmp_path / "o.yaml").exists()
