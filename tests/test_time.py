"""Time-sliced models: the YAML format, the network unrolled over the slices against a direct
enumeration of the template's tables over every slice, a classic hidden Markov model with
published filtering and smoothing values, 'reached by' against enumeration, tied draws of the
tables, findings by slice label or index, and located errors."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, assert_located_error, run_cli
from scenarios import Engine, load_model, parse_model
from scenarios.analysis.forecast import forecast
from scenarios.analysis.uncertainty import sample_cpts
from scenarios.model.evidence import Evidence
from scenarios.model.time import sliced

UMBRELLA_WORLD = (ROOT / "examples" / "umbrella-world.yaml").read_text()


def test_the_umbrella_world_gives_the_published_values():
    """Russell and Norvig, Artificial Intelligence, 15.2: P(R1 | u1) = 0.818, filtering
    P(R2 | u1, u2) = 0.883, smoothing P(R1 | u1, u2) = 0.883."""
    engine = Engine(parse_model(UMBRELLA_WORLD, "u.yaml"))
    one = engine.query({"umbrella@2026-01-01": "yes"})
    two = engine.query({"umbrella@2026-01-01": "yes", "umbrella@2026-01-02": "yes"})
    assert one["rain@2026-01-01"]["yes"] == pytest.approx(0.8181818, abs=1e-6)
    assert two["rain@2026-01-02"]["yes"] == pytest.approx(0.8833570, abs=1e-6)
    assert two["rain@2026-01-01"]["yes"] == pytest.approx(0.8833570, abs=1e-6)


def _row(values: list[float]) -> list[float]:
    array = np.array(values) + 0.05
    return (array / array.sum()).round(6).tolist()


@st.composite
def timed_models(draw):
    """YAML text of a small time-sliced model: 1-3 changing binary variables (each maybe with
    its previous slice and an earlier variable of its slice as parents), 0-1 fixed one."""
    fixed = draw(st.booleans())
    count = draw(st.integers(1, 3))
    slices = draw(st.integers(1, 3))
    unit = st.floats(0, 1)
    lines = ["name: t", f"time: {{step: month, slices: {slices}}}", "variables:"]
    if fixed:
        lines.append(f"  f: {{states: [a, b], cpt: {_row([draw(unit), draw(unit)])}}}")
    for i in range(count):
        same = [f"x{j}" for j in range(i) if draw(st.booleans())]
        same += ["f"] if fixed and draw(st.booleans()) else []
        back = [f"x{j}@previous" for j in range(count) if draw(st.booleans())]
        parents = same + back
        lines += [f"  x{i}:", "    changes: true", "    states: [a, b]"]
        if parents:
            lines.append(f"    parents: [{', '.join(parents)}]")

        def table(over: list[str]) -> str:
            if not over:
                return str(_row([draw(unit), draw(unit)]))
            rows = {
                ", ".join(f"{p}={s}" for p, s in zip(over, combo, strict=True)): _row(
                    [draw(unit), draw(unit)]
                )
                for combo in itertools.product("ab", repeat=len(over))
            }
            return json.dumps({"table": rows})

        if back:
            lines.append(f"    cpt: {{first: {table(same)}, transition: {table(parents)}}}")
        else:
            lines.append(f"    cpt: {table(parents)}")
    return "\n".join(lines) + "\n"


def enumerate_slices(model, text: str) -> tuple[dict[str, np.ndarray], list[str]]:
    """Every assignment of every slice, weighed from the template's tables as the file writes
    them (no use of the unrolled network): the joint as {name: array over assignments}."""
    import yaml

    doc = yaml.safe_load(text)
    slices = doc["time"]["slices"]
    spec = doc["variables"]
    names = [n for n in spec if not spec[n].get("changes")]
    names += [f"{n}@{t}" for t in range(slices) for n in spec if spec[n].get("changes")]
    weights, values = [], {n: [] for n in names}
    for combo in itertools.product((0, 1), repeat=len(names)):
        at = dict(zip(names, combo, strict=True))
        weight = 1.0
        for name in names:
            base, _, t = name.partition("@")
            body = spec[base]
            parents = body.get("parents", [])
            cpt = body["cpt"]
            if isinstance(cpt, dict) and "first" in cpt:
                cpt = cpt["first"] if t == "0" else cpt["transition"]
                if t == "0":
                    parents = [p for p in parents if not p.endswith("@previous")]
            given = []
            for p in parents:
                if p.endswith("@previous"):
                    given.append(at[f"{p[:-9]}@{int(t) - 1}"])
                elif p in at:
                    given.append(at[p])
                else:
                    given.append(at[f"{p}@{t}"])
            if isinstance(cpt, dict) and "table" in cpt:
                key = ", ".join(f"{p}={'ab'[g]}" for p, g in zip(parents, given, strict=True))
                row = cpt["table"][key]
            else:  # a prior, written as a list
                row = cpt
            weight *= row[at[name]]
        weights.append(weight)
        for name in names:
            values[name].append(at[name])
    return {n: np.array(v) for n, v in values.items()} | {"": np.array(weights)}, names


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(timed_models(), st.data())
def test_unrolled_posteriors_and_reached_by_equal_enumeration(text, data):
    model = parse_model(text, "t.yaml")
    table, names = enumerate_slices(model, text)
    weights = table[""]
    observed = data.draw(st.lists(st.sampled_from(names), max_size=2, unique=True))
    evidence = {n: data.draw(st.sampled_from(["a", "b"])) for n in observed}
    mask = np.ones_like(weights, dtype=bool)
    for name, state in evidence.items():
        mask &= table[name] == "ab".index(state)
    assert weights[mask].sum() > 0
    engine = Engine(model)
    found = engine.query(evidence)
    for name in names:
        expected = weights[mask & (table[name] == 1)].sum() / weights[mask].sum()
        assert found[name]["b"] == pytest.approx(expected, abs=1e-9), name
    (trajectory,) = forecast(engine, engine.prepare(evidence), [("x0", "b")])
    for t, reached in enumerate(trajectory.reached):
        never = mask.copy()
        for s in range(t + 1):
            never &= table[f"x0@{s}"] == 0
        expected = 1 - weights[never].sum() / weights[mask].sum()
        assert reached == pytest.approx(expected, abs=1e-9)


def test_the_slices_share_their_tables_in_draws():
    model = parse_model(UMBRELLA_WORLD, "u.yaml")
    drawn = sample_cpts(model, 5, np.random.default_rng(1))
    labels = model.time.labels
    for later in labels[2:]:
        assert np.array_equal(drawn[sliced("rain", later)], drawn[sliced("rain", labels[1])])
    assert not np.array_equal(drawn[sliced("rain", labels[0])], drawn[sliced("rain", labels[1])])
    for label in labels[1:]:  # no previous-slice parent: one table for every slice
        assert np.array_equal(
            drawn[sliced("umbrella", label)], drawn[sliced("umbrella", labels[0])]
        )


def test_forecast_reads_slices_by_label_or_index(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(UMBRELLA_WORLD)
    by_label = ["-e", "umbrella@2026-01-01=yes", "-e", "umbrella@2026-01-02=yes"]
    by_index = ["-e", "umbrella@0=yes", "-e", "umbrella@1=yes"]
    answers = []
    for findings in (by_label, by_index):
        code, out, err = run_cli(["forecast", str(path), "-t", "rain=yes", *findings, "-f", "json"])
        assert code == 0, err
        answers.append(json.loads(out)["targets"][0])
    assert answers[0] == answers[1]
    assert answers[0]["slices"] == ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]
    assert answers[0]["probabilities"][1]["yes"] == pytest.approx(0.8833570, abs=1e-6)
    assert answers[0]["observed"] == []  # rain itself is not observed
    code, out, _ = run_cli(["forecast", str(path), "-t", "rain", "--intervals", "--draws", "50"])
    assert code == 0 and "rain: 2026-01-01 → 2026-01-04" in out


def test_a_static_model_has_one_slice():
    engine = Engine(
        parse_model("name: s\nvariables:\n  a: {states: [x, y], cpt: {x: 0.3, y: 0.7}}\n")
    )
    (found,) = forecast(engine, engine.prepare({}), [("a", "y")])
    assert found.slices == ("",) and found.reached.tolist() == pytest.approx([0.7])


ERRORS = [
    (
        "name: t\nvariables:\n  a: {changes: true, states: [x, y], cpt: {x: 0.5, y: 0.5}}\n",
        "3:7",
        "'changes' is given but the model has no 'time:' block",
    ),
    (
        "name: t\ntime: {step: fortnight, slices: 2}\nvariables:\n"
        "  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}\n",
        "2:14",
        "'time: step' is 'fortnight'",
    ),
    (
        "name: t\ntime: {step: month, slices: 0}\nvariables:\n"
        "  a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}\n",
        "2:29",
        "'time: slices' is 0",
    ),
    (
        "name: t\ntime: {step: month, slices: 2}\nvariables:\n"
        "  a: {states: [x, y], parents: [a@previous], cpt: {x: 0.5, y: 0.5}}\n",
        "4:33",
        "'a@previous' names the previous slice",
    ),
    (
        "name: t\ntime: {step: month, slices: 2}\nvariables:\n"
        "  a: {changes: true, states: [x, y], parents: [a@previous], cpt: {x: 0.5, y: 0.5}}\n",
        "4:",
        "needs 'cpt: {first: ..., transition: ...}'",
    ),
]


@pytest.mark.parametrize("text, where, says", ERRORS, ids=[e[2][:30] for e in ERRORS])
def test_time_mistakes_are_located(tmp_path, text, where, says):
    assert_located_error(tmp_path / "model.yaml", text, where, says)


def test_forecast_refuses_an_unknown_target(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(UMBRELLA_WORLD)
    code, _, err = run_cli(["forecast", str(path), "-t", "rian"])
    assert code == 2 and "unknown variable 'rian'. Did you mean 'rain'?" in err, err
    assert "Traceback" not in err
    code, _, err = run_cli(["forecast", str(path), "-e", "umbrella@9=yes"])
    assert code == 2 and "umbrella@9" in err, err


def test_evidence_at_a_slice_weighs_on_the_others():
    model = parse_model(UMBRELLA_WORLD, "u.yaml")
    engine = Engine(model)
    (found,) = forecast(
        engine, engine.prepare(Evidence({"rain@2026-01-02": "yes"})), [("rain", "")]
    )
    yes = found.probabilities[:, 1]
    assert yes[1] == 1.0 and found.observed == ("2026-01-02",)
    assert yes[0] > 0.5 and yes[2] > yes[3] > 0.5  # smoothing back, the transition forward


def test_journal_entries_go_to_the_slice_of_their_date(tmp_path):
    """A report that it rained on the 1st and one that it did not on the 3rd are findings on
    two slices, not a contradiction; a date outside the slices is a located error."""
    (tmp_path / "world.yaml").write_text(UMBRELLA_WORLD)
    journal = tmp_path / "journal.yaml"
    journal.write_text(
        "model: world.yaml\nentries:\n"
        "  - {date: 2026-01-01, source: a, evidence: {rain: 'yes'}}\n"
        "  - {date: 2026-01-03, source: b, evidence: {rain: 'no'}}\n"
    )
    world = str(tmp_path / "world.yaml")
    code, out, err = run_cli(
        ["forecast", world, "--journal", str(journal), "-t", "rain", "-f", "json"]
    )
    assert code == 0, err
    (found,) = json.loads(out)["targets"]
    assert found["observed"] == ["2026-01-01", "2026-01-03"]
    assert [p["yes"] for p in found["probabilities"]][0] == 1.0
    assert found["probabilities"][2]["yes"] == 0.0
    journal.write_text(
        "model: world.yaml\nentries:\n  - {date: 2026-02-01, source: a, evidence: {rain: 'yes'}}\n"
    )
    code, _, err = run_cli(["forecast", world, "--journal", str(journal), "-t", "rain"])
    assert code == 2 and f"{journal}:3:" in err and "falls in none of the model's slices" in err, (
        err
    )


def _ktbn(model):
    """The model as pyAgrum's 2-TBN template: each changing variable's first and second
    slice (their tables as read), each fixed variable once."""
    import pyagrum as gum
    import pyagrum.ktbn as ktbn

    labels = model.time.labels
    where = {}  # our name -> (base, slice) in the template
    template = ktbn.KTBN(2)
    for name, var in model.variables.items():
        base, _, label = name.rpartition("@")
        if var.changes and label == labels[0]:
            template.addTemporal(gum.LabelizedVariable(base, base, list(var.states)))
        elif not var.changes:
            template.addAtemporal(gum.LabelizedVariable(name, name, list(var.states)))
            where[name] = (name, ktbn.KTBN.ATEMPORAL)
        if var.changes and label in labels[:2]:
            where[name] = (base, labels.index(label))
    kept = [n for n in model.variables if n in where]
    for name in kept:
        for parent in model.variables[name].parents:
            template.addArc(*where[parent], *where[name])
    for name in kept:
        var = model.variables[name]
        cards = [range(model.variables[p].cardinality) for p in var.parents]
        for combo in itertools.product(*cards):
            given = {where[p]: int(c) for p, c in zip(var.parents, combo, strict=True)}
            template.fillCPT(*where[name], given, var.cpt[combo].tolist())
    return template


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(timed_models(), st.data())
def test_posteriors_equal_pyagrums_ktbn_inference_and_its_unrolling(text, data):
    gum = pytest.importorskip("pyagrum")
    import pyagrum.ktbn as ktbn

    model = parse_model(text, "t.yaml")
    labels = model.time.labels
    if len(labels) < 2:
        return  # a 2-TBN has two slices at least
    changing = [n for n, v in model.variables.items() if v.changes]
    observed = data.draw(st.lists(st.sampled_from(changing), max_size=2, unique=True))
    evidence = {n: data.draw(st.sampled_from(["a", "b"])) for n in observed}
    ours = Engine(model).query(evidence)
    template = _ktbn(model)
    inference = ktbn.KTBNInference(template)
    for name, state in evidence.items():
        base, _, label = name.rpartition("@")
        inference.addObservation(base, labels.index(label), "ab".index(state))
    inference.makeInference(len(labels))
    unrolled = gum.LazyPropagation(template.unroll(len(labels)))
    unrolled.setEvidence(
        {
            f"{n.rpartition('@')[0]}[{labels.index(n.rpartition('@')[2])}]": s
            for n, s in evidence.items()
        }
    )
    unrolled.makeInference()
    for name in changing:
        base, _, label = name.rpartition("@")
        slice_ = labels.index(label)
        theirs = inference.posterior(base, slice_).tolist()
        again = unrolled.posterior(f"{base}[{slice_}]").tolist()
        for k, state in enumerate(model.variables[name].states):
            assert ours[name][state] == pytest.approx(theirs[k], abs=1e-9), name
            assert ours[name][state] == pytest.approx(again[k], abs=1e-9), name


def test_forecast_draws_its_chart_and_writes_long_csv(tmp_path):
    path = tmp_path / "u.yaml"
    path.write_text(UMBRELLA_WORLD.replace("slices: 4", "slices: 60"))
    chart = tmp_path / "f.png"
    argv = ["forecast", str(path), "-t", "rain=yes", "-e", "umbrella@0=yes", "--plot", str(chart)]
    code, out, err = run_cli([*argv, "--intervals", "--draws", "30"])
    assert code == 0, err
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert max(len(line) for line in out.splitlines()) <= 80  # 60 slices: the sparkline shrinks
    code, out, err = run_cli(["forecast", str(path), "-t", "rain", "-f", "csv"])
    lines = out.strip().splitlines()
    assert code == 0 and lines[0].startswith("target,slice,state,probability,")
    assert len(lines) == 1 + 60 * 2


def test_show_and_futures_on_a_time_sliced_model():
    code, out, err = run_cli(["show", "khorasan-quarterly", "-f", "json"])
    assert code == 0, err
    assert json.loads(out)["time"] == {"step": "quarter", "slices": 6, "starts": "2015-01-01"}
    code, out, err = run_cli(
        ["futures", "khorasan-quarterly", "-k", "2", "--no-intervals", "-f", "json"]
    )
    assert code == 0, err  # the headline outcomes at the last slice, not at every one
    assert "defection_rate@2016Q2" in out and "defection_rate@2015Q1" not in out


def test_the_briefing_shows_how_it_unfolds(tmp_path):
    (tmp_path / "world.yaml").write_text(UMBRELLA_WORLD)
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        "model: world.yaml\nbaseline: none\ntargets: [rain@2026-01-04]\nscenarios:\n"
        "  none: {description: nothing seen}\n"
        "  wet_start: {description: umbrellas early, evidence: {umbrella@0: 'yes'}}\n"
    )
    code, _, err = run_cli(["brief", str(scenarios), "--draws", "50", "-o", str(tmp_path / "b.md")])
    assert code == 0, err
    section = (tmp_path / "b.md").read_text().split("## How it unfolds", 1)[1].split("\n## ")[0]
    assert "| outcome | 2026-01-01 | 2026-01-02 | 2026-01-03 | 2026-01-04 |" in section
    assert "| rain=yes | 50% | 50% | 50% | 50% |" in section


def test_yaml_writes_the_template_back_or_unrolls_when_the_slices_differ():
    from dataclasses import replace

    from scenarios.io.yaml_writer import dumps_yaml

    for model in (parse_model(UMBRELLA_WORLD, "u.yaml"), load_model("khorasan-quarterly")):
        text = dumps_yaml(model)
        back = parse_model(text, "back.yaml")
        assert "time:" in text and "@previous" in text and back.time == model.time
        assert back.names == model.names
        for name, var in model.variables.items():
            assert back.variables[name].parents == var.parents, name
            np.testing.assert_allclose(back.variables[name].cpt, var.cpt, rtol=0, atol=1e-12)
    model = parse_model(UMBRELLA_WORLD, "u.yaml")
    learned = replace(model.variables["rain@2026-01-03"], cpt=np.array([[0.6, 0.4], [0.2, 0.8]]))
    untied = replace(model, variables={**model.variables, "rain@2026-01-03": learned})
    text = dumps_yaml(untied)
    back = parse_model(text, "back.yaml")  # the slices differ: written as a static network
    assert back.time is None and "changes" not in text
    np.testing.assert_array_equal(back.variables["rain@2026-01-03"].cpt, learned.cpt)


@pytest.mark.parametrize(
    "argv",
    [
        ["query", "-t", "rain@2"],
        ["sensitivity", "-t", "rain@2=yes", "--mode", "signpost"],
        ["forecast", "-t", "rain@2=yes"],
    ],
)
def test_targets_name_a_slice_by_its_index_too(tmp_path, argv):
    """-t takes VAR@INDEX as -e does (the error message offers it): the same answer as the
    slice's label."""
    path = tmp_path / "u.yaml"
    path.write_text(UMBRELLA_WORLD)
    command, *rest = argv
    by_label = [a.replace("rain@2", "rain@2026-01-03") for a in rest]
    answers = []
    for spelled in (rest, by_label):
        code, out, err = run_cli(
            [command, str(path), *spelled, "-e", "umbrella@0=yes", "-f", "json"]
        )
        assert code == 0, err
        answers.append(out)
    assert answers[0] == answers[1]
