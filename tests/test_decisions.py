"""Influence diagrams: MEU and policies against brute force over every policy and against
pyAgrum's ShaferShenoyLIMIDInference, under hard and soft findings and interventions; the
robustness and regret numbers against a direct computation; the YAML format's decisions and
utilities, with located errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from helpers import ROOT, assert_located_error, run_cli
from influence import (
    assert_same_policies,
    brute_force_meu,
    diagrams,
    policy_count,
    pyagrum_diagram,
    relevant_part,
)
from scenarios import load_model, parse_model
from scenarios.analysis.decide import decide
from scenarios.analysis.diff import diff_models
from scenarios.engine.decisions import DecisionSolver, decision_order
from scenarios.io.yaml_writer import dumps_yaml
from scenarios.model.evidence import Evidence
from scenarios.model.graph import descendants

UMBRELLA = ROOT / "examples" / "umbrella.yaml"
DECISIONS = ROOT / "models" / "khorasan-decisions.yaml"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def test_the_umbrella_by_hand():
    """P(dry) = .7; the forecast is right 80% of the time. Sunny (P .62): leave, 100 x .903;
    cloudy (P .38): take, 80 x .368 + 70 x .632. MEU = .56 x 100 + .14 x 80 + .24 x 70 = 84."""
    solution = DecisionSolver(load_model(UMBRELLA)).solve()
    policy = solution.policies["umbrella"]
    assert solution.meu == pytest.approx(84.0, abs=1e-9)
    assert policy.choice.tolist() == [0, 1]  # sunny: leave, cloudy: take
    assert policy.values[0].tolist() == pytest.approx(
        [100 * 0.56 / 0.62, (80 * 0.56 + 70 * 0.06) / 0.62]
    )
    assert policy.weights.tolist() == pytest.approx([0.62, 0.38])


def _evidence(model, data, soft: bool) -> Evidence:
    """A finding on a variable no decision causes. (On one a decision causes, "given that it
    will be observed" has no single meaning: the policy changes the weight of the evidence;
    this engine takes the best option in each information state given the evidence,
    pyAgrum 3.3.1 differs on some diagrams, and neither need maximize E[U | e].)"""
    parents = {n: v.parents for n, v in model.variables.items()}
    caused = set().union(*(descendants(parents, d) for d in model.decisions))
    chance = [n for n, v in model.variables.items() if not v.decision and n not in caused]
    assume(chance)
    name = data.draw(st.sampled_from(chance))
    var = model.variables[name]
    if not soft:
        return Evidence(hard={name: data.draw(st.sampled_from(var.states))})
    weights = st.sampled_from([0.1, 0.5, 1.0, 2.0])
    values = data.draw(st.lists(weights, min_size=var.cardinality, max_size=var.cardinality))
    return Evidence(soft={name: dict(zip(var.states, values, strict=True))})


def _agrum(model, evidence: Evidence):
    import pyagrum as gum

    inference = gum.ShaferShenoyLIMIDInference(pyagrum_diagram(model))
    order = decision_order(model)
    if order is not None and len(order) > 1:
        inference.addNoForgettingAssumption(order)
    for name, state in evidence.hard.items():
        inference.addEvidence(name, state)
    for name, likelihood in evidence.soft.items():
        inference.addEvidence(name, [likelihood[s] for s in model.variables[name].states])
    if not inference.isSolvable():
        return None
    inference.makeInference()
    return inference


@SETTINGS
@given(diagrams(), st.data(), st.sampled_from(["none", "hard", "soft"]))
def test_meu_and_policies_equal_pyagrums(model, data, kind):
    pytest.importorskip("pyagrum")
    evidence = Evidence() if kind == "none" else _evidence(model, data, kind == "soft")
    solver = DecisionSolver(model)
    assume(policy_count(model, solver.informed) <= 3000)
    relevant = relevant_part(model, evidence)  # see test_a_barren_child_changes_nothing
    inference = _agrum(relevant, evidence)
    assume(inference is not None)
    solution = solver.solve(evidence)
    theirs = inference.MEU()["mean"]
    if abs(solution.meu - theirs) <= 1e-9:
        assert_same_policies(solution, inference, relevant.decisions)
        return
    # pyAgrum 3.3.1 stops below the optimum on some diagrams whose decisions include one
    # that no outcome it causes is worth anything to (test_pyagrum_can_stop_below_the_best):
    # there the optimum over every policy decides, and ours must be it.
    event("pyAgrum below the best policy")
    assert theirs < solution.meu
    assert solution.meu == pytest.approx(
        brute_force_meu(model, solver.informed, evidence), abs=1e-9
    )


def test_an_idle_decision_leaves_the_others_alone():
    """pyAgrum 3.3.1 gives MEU 1/3 here (the first option of v0) once an idle decision v2,
    which reaches no utility, is in the diagram, and 0.998 without it; brute force says
    0.998. The property test above therefore gives pyAgrum the diagram without its barren
    nodes."""
    text = """name: idle
variables:
  v0: {decision: true, states: [s0, s1, s2]}
  v2: {decision: true, states: [s0, s1]}
  v3:
    states: [s0, s1, s2]
    parents: [v0]
    cpt:
      table:
        "v0=s0": [0.3333333333333333, 0.3333333333333333, 0.3333333333333334]
        "v0=s1": [0.3333333333333333, 0.3333333333333333, 0.3333333333333334]
        "v0=s2": [0.001, 0.001, 0.998]
utilities:
  u0: {parents: [v3], table: {"v3=s0": 0, "v3=s1": 0, "v3=s2": 1}}
"""
    model = parse_model(text, "idle.yaml")
    solver = DecisionSolver(model)
    solution = solver.solve()
    assert solution.meu == pytest.approx(0.998, abs=1e-12)
    assert solution.meu == pytest.approx(brute_force_meu(model, solver.informed, Evidence()))
    assert int(solution.policies["v0"].choice) == 2


BARREN = """name: barren
variables:
  v0: {decision: true, states: [s0, s1]}
  v1: {states: [s0, s1], cpt: [0.5, 0.5]}
  v2:
    states: [s0, s1]
    parents: [v0, v1]
    cpt: {table: {"v0=s0,v1=s0": [0.5, 0.5], "v0=s0,v1=s1": [0.5, 0.5],
                  "v0=s1,v1=s0": [0.5, 0.5], "v0=s1,v1=s1": [0.5, 0.5]}}
  v3: {decision: true, states: [s0, s1]}
  v4:
    states: [s0, s1]
    parents: [v0]
    cpt: {table: {"v0=s0": [0.5, 0.5], "v0=s1": [0.999, 0.001]}}
utilities:
  u0: {parents: [v4], table: {"v4=s0": 0, "v4=s1": -1}}
  u1: {parents: [v3], table: {"v3=s0": 0, "v3=s1": 1}}
"""


def test_a_barren_child_changes_nothing():
    """v2, a chance child of v0 that no utility depends on, cannot change the MEU: 0.999
    (v0=s1, v3=s1). pyAgrum 3.3.1 gives 0.5 here (v0=s0) while v2 is in the diagram, with or
    without a no-forgetting order v0, v3, and 0.999 once it is removed; the random diagrams
    above are handed to pyAgrum without their barren nodes."""
    model = parse_model(BARREN, "barren.yaml")
    solver = DecisionSolver(model)
    solution = solver.solve()
    assert solution.meu == pytest.approx(0.999, abs=1e-12)
    assert solution.meu == pytest.approx(brute_force_meu(model, solver.informed, Evidence()))
    assert int(solution.policies["v0"].choice) == 1
    without = relevant_part(model, Evidence())
    assert "v2" not in without.variables
    assert DecisionSolver(without).solve().meu == pytest.approx(solution.meu, abs=1e-12)


BELOW_THE_BEST = """name: below
variables:
  v0: {decision: true, states: [s0, s1]}
  v1: {states: [s0, s1], cpt: [0.5, 0.5]}
  v2: {decision: true, states: [s0, s1, s2], parents: [v0, v1]}
  v3: {states: [s0, s1], cpt: [0.5, 0.5]}
  v4:
    states: [s0, s1, s2]
    parents: [v3]
    cpt: {table: {"v3=s0": [0.3333333333333333, 0.3333333333333333, 0.3333333333333334],
                  "v3=s1": [0.001, 0.001, 0.998]}}
utilities:
  u0:
    parents: [v0, v1, v4]
    table: {"v0=s0,v1=s0,v4=s0": 0, "v0=s0,v1=s0,v4=s1": 0, "v0=s0,v1=s0,v4=s2": 0,
            "v0=s0,v1=s1,v4=s0": 0, "v0=s0,v1=s1,v4=s1": 0, "v0=s0,v1=s1,v4=s2": 0,
            "v0=s1,v1=s0,v4=s0": 0, "v0=s1,v1=s0,v4=s1": 0, "v0=s1,v1=s0,v4=s2": 0,
            "v0=s1,v1=s1,v4=s0": 0, "v0=s1,v1=s1,v4=s1": 2, "v0=s1,v1=s1,v4=s2": -1}
  u1: {parents: [v2], table: {"v2=s0": 0, "v2=s1": 0, "v2=s2": 0}}
"""


def test_pyagrum_can_stop_below_the_best():
    """v0=s0 is worth 0 whatever happens, v0=s1 about -0.166: the MEU is 0. pyAgrum 3.3.1
    chooses v0=s1 (MEU -0.166, with the no-forgetting order v0, v2) while v2, which knows
    v0 and v1 and is worth nothing either way, is in the diagram. Brute force over every
    policy says 0."""
    model = parse_model(BELOW_THE_BEST, "below.yaml")
    solver = DecisionSolver(model)
    solution = solver.solve()
    assert solver.method == "no-forgetting"
    assert solution.meu == pytest.approx(0.0, abs=1e-12)
    assert solution.meu == pytest.approx(brute_force_meu(model, solver.informed, Evidence()))
    assert int(solution.policies["v0"].choice) == 0


@SETTINGS
@given(diagrams(), st.data())
def test_meu_is_the_best_over_every_policy(model, data):
    """Brute force tries every deterministic policy on the enumerated joint. In a diagram
    with one order of decisions (no-forgetting) SPU is exact; in a LIMID it may stop at a
    local optimum, never above the best. Findings are on variables no decision causes."""
    solver = DecisionSolver(model)
    assume(policy_count(model, solver.informed) <= 3000)
    parents = {n: v.parents for n, v in model.variables.items()}
    caused = set().union(*(descendants(parents, d) for d in model.decisions))
    free = [n for n, v in model.variables.items() if n not in caused and not v.decision]
    evidence = Evidence()
    if free and data.draw(st.booleans()):
        name = data.draw(st.sampled_from(free))
        evidence = Evidence(hard={name: data.draw(st.sampled_from(model.variables[name].states))})
    best = brute_force_meu(model, solver.informed, evidence)
    assume(np.isfinite(best))
    meu = solver.solve(evidence).meu
    if solver.method == "no-forgetting":
        assert meu == pytest.approx(best, abs=1e-9)
    else:
        assert meu <= best + 1e-9


@SETTINGS
@given(diagrams(max_decisions=1), st.data())
def test_a_forced_option_is_what_do_gives(model, data):
    """A decision under --do keeps its option; every option's expected utility equals the
    MEU with the decision forced to it."""
    solver = DecisionSolver(model)
    assume(policy_count(model, solver.informed) <= 3000)
    (name,) = model.decisions
    solution = solver.solve()
    tables = {d: solution.table(d) for d in solution.policies}
    values = solver.option_values(None, name, tables)
    for k, option in enumerate(model.variables[name].states):
        forced = solver.solve(Evidence(do={name: option}))
        assert forced.policies == {} and forced.meu == pytest.approx(values[k], abs=1e-9)


def test_robustness_and_regret_equal_a_direct_computation():
    """The share of draws in which each option is best, and its mean regret, from the
    expected utilities computed draw by draw on a model holding that draw's tables."""
    model = load_model(DECISIONS)
    found = decide(model, Evidence(), draws=12, seed=3, information=False)
    from scenarios.analysis.uncertainty import sample_cpts

    drawn = sample_cpts(model, 12, np.random.default_rng(3))
    solver = DecisionSolver(model)
    solution = solver.solve()
    tables = {d: solution.table(d) for d in solution.policies}
    report = found.reports[0]
    per_draw = []
    for i in range(12):
        cpts = {n: a[i : i + 1] for n, a in drawn.items() if not model.variables[n].decision}
        per_draw.append(solver.option_values(None, report.decision, tables, cpts)[0])
    spread = np.array(per_draw)
    regret = spread.max(axis=1, keepdims=True) - spread
    for k, option in enumerate(report.options):
        assert report.robustness.best_share[option] == pytest.approx(np.mean(spread.argmax(1) == k))
        assert report.robustness.mean_regret[option] == pytest.approx(regret[:, k].mean(), abs=1e-9)


def test_evpi_is_the_meu_with_the_variable_known_less_the_meu():
    found = decide(load_model(UMBRELLA), Evidence())
    (worth,) = found.reports[0].information
    assert worth.variable == "weather"
    assert worth.value == pytest.approx(0.7 * 100 + 0.3 * 70 - 84.0, abs=1e-9)


def test_the_khorasan_decisions_keep_the_bundled_model():
    """Every variable the decisions do not reach directly is the bundled model's."""
    bundled, decided = load_model(), load_model(DECISIONS)
    moved = {"troop_drawdown", "is_funding", "digital_recruitment"}
    assert set(decided.names) == set(bundled.names) | set(decided.decisions)
    for name, var in bundled.variables.items():
        if name in moved:
            continue
        other = decided.variables[name]
        assert other.parents == var.parents and np.array_equal(other.cpt, var.cpt), name
    for name in moved:  # the status quo option keeps the bundled prior where it says so
        assert set(decided.variables[name].parents) <= set(decided.decisions)


def test_the_khorasan_decisions_model_answers_in_the_terminal():
    code, out, err = run_cli(["decide", str(DECISIONS), "--draws", "40", "--seed", "2"])
    assert code == 0, err
    assert "residual_force" in out and "no-forgetting" in out and "best in" in out
    code, out, err = run_cli(["decide", str(DECISIONS), "-f", "json", "--no-information"])
    data = json.loads(out)
    assert code == 0 and data["method"] == "no-forgetting"
    assert [d["decision"] for d in data["decisions"]] == [
        "residual_force",
        "counter_finance",
        "counter_messaging",
    ]


def test_scenarios_give_each_option_its_regret(tmp_path):
    (tmp_path / "umbrella.yaml").write_text(UMBRELLA.read_text())
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        "model: umbrella.yaml\nbaseline: dry\nscenarios:\n"
        "  dry: {evidence: {weather: dry}}\n  wet: {evidence: {weather: rain}}\n"
    )
    code, out, err = run_cli(["decide", "--scenarios", str(scenarios), "-f", "json"])
    assert code == 0, err
    rows = {s["scenario"]: s for s in json.loads(out)["decisions"][0]["scenarios"]}
    assert rows["dry"]["best"] == "leave" and rows["dry"]["regret"]["take"] == pytest.approx(20)
    assert rows["wet"]["best"] == "take" and rows["wet"]["regret"]["leave"] == pytest.approx(70)


def test_decisions_and_utilities_come_back_from_yaml():
    model = load_model(DECISIONS)
    back = parse_model(dumps_yaml(model), "back.yaml")
    assert back.decisions == model.decisions
    for name, utility in model.utilities.items():
        again = back.utilities[name]
        assert again.parents == utility.parents and np.array_equal(again.table, utility.table)
        assert (again.unit, again.assumption) == (utility.unit, utility.assumption)
    assert DecisionSolver(back).solve().meu == pytest.approx(DecisionSolver(model).solve().meu)


BASE = """name: m
variables:
  rain: {states: [no, yes], cpt: {no: 0.7, yes: 0.3}}
  act:
    decision: true
    states: [stay, go]
"""
ERRORS = [
    (
        BASE + "  wet:\n    states: [no, yes]\n    parents: [u]\n    cpt: {no: 0.5, yes: 0.5}\n"
        "utilities:\n  u: {parents: [rain], table: {'rain=no': 1, 'rain=yes': 0}}\n",
        "9:15",
        "'u' is a utility node, and a utility has no children",
    ),
    (BASE + "utilities:\n  u: {table: {}}\n", "8:3", "utility 'u': a utility needs parents"),
    (
        BASE + "utilities:\n  u: {parents: [rian], table: {'rain=no': 1}}\n",
        "8:17",
        "unknown parent 'rian'",
    ),
    (
        BASE + "utilities:\n  u: {parents: [rain], table: {'rain=no': 1, 'rain=yes': lots}}\n",
        "8:58",
        "not a number",
    ),
    (
        BASE + "utilities:\n  u: {parents: [rain], table: {'rain=no': 1}}\n",
        "8:31",
        "missing 1 row(s)",
    ),
    (BASE + "utilities:\n  u: {parents: [rain]}\n", "8:3", "missing 'table'"),
    (
        BASE + "utilities:\n  rain: {parents: [act], table: {'act=stay': 1, 'act=go': 0}}\n",
        "8:3",
        "both a variable and a utility",
    ),
    (
        "name: m\nvariables:\n  act: {decision: true, states: [only]}\n"
        "utilities:\n  u: {parents: [act], table: {'act=only': 1}}\n",
        "3:",
        "at least two options",
    ),
]


@pytest.mark.parametrize("text, where, says", ERRORS, ids=[e[2][:30] for e in ERRORS])
def test_bad_decisions_and_utilities_are_located(tmp_path, text, where, says):
    assert_located_error(tmp_path / "model.yaml", text, where, says)


@pytest.mark.parametrize(
    "argv, says",
    [
        (["decide"], "has no decision"),
        (["decide", str(UMBRELLA), "-e", "weather=snow"], "unknown state 'snow'"),
        (["decide", str(UMBRELLA), "--do", "umbrela=take"], "unknown variable 'umbrela'"),
    ],
)
def test_decide_refuses_what_it_cannot_answer(argv, says):
    code, out, err = run_cli(argv)
    assert code == 2 and says in err and "Traceback" not in err, err


FILE_ERRORS = {
    "m.xml": (
        '<BIF VERSION="0.3"><NETWORK><NAME>n</NAME>\n'
        '<VARIABLE TYPE="nature"><NAME>a</NAME><OUTCOME>x</OUTCOME><OUTCOME>y</OUTCOME>'
        '</VARIABLE>\n<VARIABLE TYPE="utility"><NAME>u</NAME><OUTCOME>0</OUTCOME></VARIABLE>\n'
        "<DEFINITION><FOR>a</FOR><TABLE>0.5 0.5</TABLE></DEFINITION>\n"
        "<DEFINITION><FOR>u</FOR><GIVEN>a</GIVEN><TABLE>1 2 3</TABLE></DEFINITION>\n"
        "</NETWORK></BIF>",
        ":5:",
        "utility 'u': has 3 values; its parents' states make 2 combinations",
    ),
    "m.net": (
        'net\n{\n}\nnode a\n{\n states = ("x" "y");\n}\nutility u\n{\n}\n'
        "potential (a) { data = (0.5 0.5); }\npotential (u | b) { data = (1 2); }\n",
        ":8:",
        "utility 'u': unknown parent 'b'",
    ),
    "m.xdsl": (
        '<smile id="n"><nodes><cpt id="a"><state id="x"/><state id="y"/>'
        "<probabilities>0.5 0.5</probabilities></cpt>\n"
        '<utility id="u"><parents>a</parents><utilities>1 two</utilities></utility>'
        "</nodes></smile>",
        ":2:",
        "'two' is not a number",
    ),
}


@pytest.mark.parametrize("name", FILE_ERRORS)
def test_bad_utility_nodes_in_other_formats_are_located(name, tmp_path):
    text, where, says = FILE_ERRORS[name]
    (tmp_path / name).write_text(text)
    code, _, err = run_cli(["validate", str(tmp_path / name)])
    assert code == 2 and f"{tmp_path / name}{where}" in err and says in err, err


def test_the_explorer_shows_the_options_under_the_evidence_on_screen():
    from scenarios.explore.session import Session
    from scenarios.explore.views import outcomes_pane

    session = Session(load_model(UMBRELLA))
    assert session.frame.meu == pytest.approx(84.0)
    assert session.frame.options["umbrella"] == pytest.approx({"leave": 70.0, "take": 77.0})
    session.set_finding("weather", "rain")
    assert session.frame.options["umbrella"] == pytest.approx({"leave": 0.0, "take": 70.0})
    pane = outcomes_pane(session).plain
    assert "Options" in pane and "best policy: 70.0 points" in pane and "take:70.0" in pane
    session.set_intervention("umbrella", "leave")  # decided: no longer listed
    assert session.frame.options == {} and session.frame.meu == pytest.approx(0.0)


def test_the_briefing_compares_the_options(tmp_path):
    code, _, err = run_cli(
        [
            "brief",
            str(ROOT / "examples" / "khorasan-scenarios.yaml"),
            "--model",
            "khorasan-decisions",
            "--draws",
            "100",
            "-o",
            str(tmp_path / "b.md"),
        ]
    )
    assert code == 0, err
    text = (tmp_path / "b.md").read_text()
    section = text.split("## Options compared", 1)[1].split("\n## ", 1)[0]
    assert "residual_force:" in section and "of 100 draws" in section
    assert "| option | expected utility | margin |" in section


def test_diff_and_convert_carry_decisions_and_utilities(tmp_path):
    code, out, err = run_cli(["diff", "khorasan", "khorasan-decisions", "-f", "json"])
    data = json.loads(out)
    assert code == 0, err
    assert set(data["utilities_added"]) == set(load_model(DECISIONS).utilities)
    assert {"parent": "defection_rate", "child": "defections"} in data["edges_added"]
    changed = load_model(DECISIONS)
    pact = changed.utilities["pact"]
    table = pact.table.copy()
    table[2] = -50.0
    changed.utilities["pact"] = type(pact)(pact.name, pact.parents, table, pact.unit)
    found = diff_models(load_model(DECISIONS), changed)
    assert [(c.variable, c.given, c.old, c.new) for c in found.cells] == [
        ("pact", "secret_pact=secret", -30.0, -50.0)
    ]
    assert any(t.variable == "pact" and t.what == "assumption" for t in found.texts)
    for suffix in (".xdsl", ".net", ".xml"):
        target = tmp_path / f"d{suffix}"
        code, out, err = run_cli(["convert", "khorasan-decisions", str(target)])
        assert code == 0, err
        assert "utility nodes" not in out  # these formats keep them
        assert load_model(target).utilities.keys() == changed.utilities.keys()
    code, out, err = run_cli(["convert", "khorasan-decisions", str(tmp_path / "d.bif")])
    assert code == 0 and "utility nodes" in out  # BIF has no place for them, and says so


@SETTINGS
@given(diagrams(max_decisions=3))
def test_policy_weights_are_the_information_states_probabilities(model):
    """P(information state) under the optimal policies, against the enumerated joint of the
    model in which each decision follows its policy (information as its parents)."""
    from dataclasses import replace as changed

    from enumeration import enumerate_joint, marginal

    solver = DecisionSolver(model)
    assume(policy_count(model, solver.informed) <= 3000)
    solution = solver.solve()
    variables = dict(model.variables)
    for name in solution.policies:
        variables[name] = changed(
            variables[name], parents=solver.informed[name], cpt=solution.table(name)
        )
    policy_model = changed(model, variables=variables)
    joint, _ = enumerate_joint(policy_model, Evidence())
    for policy in solution.policies.values():
        info = list(policy.informed_by)
        if info:
            expected = marginal(policy_model, joint, info)
            np.testing.assert_allclose(policy.weights, expected, rtol=0, atol=1e-12)


def test_a_belief_on_a_cause_weighs_the_options_by_jeffreys_rule():
    """A stated belief q on weather (a cause no decision moves) gives each option the
    q-weighted mix of its expected utilities under each weather: Jeffrey's rule."""
    solver = DecisionSolver(load_model(UMBRELLA))
    tables = {"umbrella": solver.solve().table("umbrella")}
    belief = Evidence(beliefs={"weather": {"dry": 0.4, "rain": 0.6}})
    dry = solver.option_values(Evidence(hard={"weather": "dry"}), "umbrella", tables)
    rain = solver.option_values(Evidence(hard={"weather": "rain"}), "umbrella", tables)
    mixed = solver.option_values(belief, "umbrella", tables)
    np.testing.assert_allclose(mixed, 0.4 * dry + 0.6 * rain, rtol=0, atol=1e-9)
    code, out, err = run_cli(["decide", str(UMBRELLA), "-e", "weather:=dry:0.4,rain:0.6"])
    assert code == 0 and "umbrella" in out, err


def test_an_idle_decision_and_mixed_units_are_warned_of(write_model):
    path = write_model(
        "name: idle\nvariables:\n  rain: {states: [no, yes], cpt: {no: 0.7, yes: 0.3}}\n"
        "  act: {decision: true, states: [stay, go]}\n"
        "  other: {decision: true, states: [a, b]}\n"
        "utilities:\n"
        "  u: {unit: points, parents: [act], table: {'act=stay': 1, 'act=go': 0}}\n"
        "  v: {unit: dollars, parents: [act], table: {'act=stay': 0, 'act=go': -1}}\n"
    )
    code, out, err = run_cli(["validate", str(path)])
    assert code == 0 and "2 warning(s)" in out, out
    assert f"{path}:5:3: variable 'other': is a decision that no utility values" in err
    assert "2 units (dollars: v; points: u)" in err


def test_a_decision_observed_is_a_decision_made():
    """-e on a decision takes the option as made (it has probability 0 under the default
    option otherwise): the same answer as --do."""
    solver = DecisionSolver(load_model(UMBRELLA))
    seen = solver.solve(Evidence(hard={"umbrella": "take"}))
    made = solver.solve(Evidence(do={"umbrella": "take"}))
    assert seen.policies == {} and seen.meu == pytest.approx(made.meu) == pytest.approx(77.0)
    code, out, err = run_cli(["decide", str(UMBRELLA), "-e", "umbrella=take"])
    assert code == 0 and "Not decided, the evidence sets them: umbrella." in out, err
