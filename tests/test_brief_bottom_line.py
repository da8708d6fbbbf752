"""The briefing's bottom line: what each judgement states, its probability and interval
against enumeration and draws made here, the confidence rule, what would reverse it, and the
printed briefing's length."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal, mixed_evidence, possible
from helpers import ROOT, run_cli
from scenarios import load_model, parse_model
from scenarios.analysis.brief_bottom_line import (
    bottom_line,
    confidence,
    route_links,
    statement_states,
)
from scenarios.analysis.uncertainty import sample_cpts
from scenarios.engine import Engine
from scenarios.model.evidence import Evidence

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@given(st.lists(st.floats(0.01, 1.0), min_size=3, max_size=5))
def test_an_ordinal_outcome_is_stated_at_the_highest_level_it_probably_reaches(weights):
    states = tuple(f"s{i}" for i in range(len(weights)))
    posterior = dict(zip(states, np.array(weights) / sum(weights), strict=True))
    model = load_model()
    var = replace(model.variables["defection_rate"], states=states)
    model = replace(model, variables={**model.variables, "defection_rate": var})
    chosen, at_least = statement_states(model, "defection_rate", posterior)
    held = sum(posterior[s] for s in chosen)
    assert held >= 0.5 or chosen == (states[0],)
    k = states.index(chosen[0])
    assert chosen == states[k:] or chosen == (states[0],)
    assert at_least == (len(chosen) > 1 and k > 0)
    for higher in range(k + 1, len(states)):  # no higher level is as likely as not
        assert sum(posterior[s] for s in states[higher:]) < 0.5


@pytest.mark.parametrize(
    ("assumed", "links", "width", "expected"),
    [
        (0, 10, 0.10, "high"),
        (2, 8, 0.15, "high"),  # a quarter assumed, 15 points: still high
        (3, 8, 0.10, "moderate"),
        (1, 10, 0.20, "moderate"),
        (5, 10, 0.30, "moderate"),  # half assumed, 30 points: not yet low
        (6, 10, 0.10, "low"),
        (0, 10, 0.31, "low"),
        (0, 0, 0.05, "high"),  # no links: only the interval speaks
    ],
)
def test_the_confidence_rule(assumed, links, width, expected):
    assert confidence(assumed, links, width) == expected


def test_route_links_count_every_edge_into_the_outcome_and_among_its_causes():
    model = load_model()
    assumed, links = route_links(model, "fata_relocation")
    parents = {n: v.parents for n, v in model.variables.items()}
    upstream, stack = set(), ["fata_relocation"]
    while stack:
        for p in parents[stack.pop()]:
            if p not in upstream:
                upstream.add(p)
                stack.append(p)
    edges = [(p, n) for n in upstream | {"fata_relocation"} for p in parents[n]]
    assert links == len(edges)
    assert assumed == sum(not model.variables[n].edge_sources.get(p) for p, n in edges)


@SETTINGS
@given(mixed_evidence(max_nodes=5), st.data())
def test_each_statement_matches_enumeration_and_its_reversal_reverses_it(case, data):
    assume(possible(case))
    model, evidence = case
    target = data.draw(st.sampled_from(model.names))
    assume(target not in evidence.observed and target not in evidence.do)
    engine = Engine(model)
    (s,) = bottom_line(engine, engine.prepare(evidence), [target], draws=50, seed=3)
    joint, _ = enumerate_joint(model, evidence)
    posterior = marginal(model, joint, [target])
    states = model.variables[target].states
    expected = sum(posterior[states.index(x)] for x in s.states)
    assert s.probability == pytest.approx(expected, abs=1e-9)
    if s.change is None:
        return
    seen = Evidence({**evidence.hard, **dict(s.change.findings)}, evidence.soft, evidence.do)
    after, mass = enumerate_joint(model, seen)
    assert mass > 0
    now = sum(marginal(model, after, [target])[states.index(x)] for x in s.states)
    if s.change.future == "it":  # the statement, less likely now, would lead afterwards
        assert now > 0.5 - 1e-9 and s.probability <= 0.5 + 1e-9
    else:  # its opposite would lead afterwards
        assert now < 0.5 + 1e-9 and s.probability >= 0.5 - 1e-9


def test_the_interval_is_the_quantiles_of_draws_made_here():
    model = load_model()
    engine = Engine(model)
    (s,) = bottom_line(engine, engine.prepare(None), ["fata_relocation"], draws=200, seed=5)
    tables = sample_cpts(model, 200, np.random.default_rng(5))
    values = []
    for i in range(200):
        drawn = {n: replace(v, cpt=tables[n][i]) for n, v in model.variables.items()}
        values.append(
            Engine(replace(model, variables=drawn)).query({}, ["fata_relocation"])[
                "fata_relocation"
            ]["yes"]
        )
    low, high = np.quantile(values, [0.05, 0.95])
    assert (s.low, s.high) == pytest.approx((low, high), abs=1e-9)


def test_the_markdown_bottom_line_says_each_judgement_in_words():
    code, out, err = run_cli(
        ["brief", str(ROOT / "examples" / "khorasan-scenarios.yaml"), "--draws", "200"]
    )
    assert code == 0, err
    bottom = out[out.index("## Bottom line") : out.index("## The question")]
    assert "At least some defections to IS (medium or more: 5 to 20 commanders" in bottom
    assert bottom.count("Confidence: ") == 5 and "90% interval" in bottom
    assert "Confidence is kept apart from likelihood (ICD 203)" in bottom


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_the_printed_briefing_is_short(tmp_path):
    path = tmp_path / "brief.pdf"
    argv = ["brief", str(ROOT / "examples" / "khorasan-scenarios.yaml"), "--draws", "200"]
    code, _, err = run_cli([*argv, "-o", str(path)])
    assert code == 0, err
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))
    assert pages <= 6  # five of A4 and the network on a landscape page


def test_a_judgement_at_even_odds_names_a_reversal_that_leads_afterwards():
    """At exactly 50% neither side leads; the reversal named must make its side lead."""
    model = parse_model(
        "name: tie\nvariables:\n  a: {states: [s0, s1], cpt: {s0: 0.5, s1: 0.5}}\n"
        "  b: {observable: true, states: [x, y], parents: [a],"
        ' cpt: {table: {"a=s0": [0.002, 0.998], "a=s1": [0.998, 0.002]}}}\n'
    )
    engine = Engine(model)
    (s,) = bottom_line(engine, engine.prepare(None), ["a"], draws=20)
    assert s.probability == pytest.approx(0.5) and s.change is not None
    after = engine.query(dict(s.change.findings), ["a"])["a"]
    held = sum(after[x] for x in s.states)
    assert held > 0.5 if s.change.future == "it" else held < 0.5
