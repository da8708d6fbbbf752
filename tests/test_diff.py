"""scenarios diff: the same model in another format is the same; a changed cell, a changed
quote, an edge or a variable added or removed are each found; parents in another order are
matched; answers under both models; every format; --exit-code."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, run_cli
from scenarios import load_model, save_model
from scenarios.analysis.diff import diff_models
from scenarios.model.schema import Variable

from strategies import networks

KHORASAN = ROOT / "models" / "khorasan.yaml"
SCENARIOS = ROOT / "examples" / "khorasan-scenarios.yaml"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(max_nodes=6), st.data())
def test_the_changed_cells_are_exactly_the_ones_changed(model, data):
    assert diff_models(model, model).is_empty
    name = data.draw(st.sampled_from(model.names))
    var = model.variables[name]
    cpt = var.cpt.copy()
    row = tuple(data.draw(st.integers(0, n - 1)) for n in cpt.shape[:-1])
    shift = data.draw(st.floats(0.01, 0.2))
    cpt[row] = np.roll(cpt[row], 1) if cpt.shape[-1] > 1 else cpt[row]
    cpt[row] = (1 - shift) * cpt[row] + shift / cpt.shape[-1]
    changed = replace(model, variables={**model.variables, name: replace(var, cpt=cpt)})
    found = diff_models(model, changed)
    expected = int(np.sum(np.abs(cpt[row] - var.cpt[row]) > 1e-9))
    assert len(found.cells) == expected
    assert all(c.variable == name for c in found.cells)
    assert [abs(c.change) for c in found.cells] == sorted(
        (abs(c.change) for c in found.cells), reverse=True
    )


def test_parents_in_another_order_are_the_same_table():
    model = load_model()
    var = model.variables["defection_rate"]
    swapped = replace(
        var,
        parents=tuple(reversed(var.parents)),
        cpt=np.transpose(var.cpt, [*reversed(range(len(var.parents))), len(var.parents)]),
    )
    other = replace(model, variables={**model.variables, "defection_rate": swapped})
    assert diff_models(model, other).is_empty


def test_structure_and_quotes_are_found():
    model = load_model()
    child = model.variables["allegiance_shifts"]
    extra = Variable("new_signal", ("no", "yes"), (), np.array([0.5, 0.5]))
    changed = replace(
        model,
        variables={
            **{n: v for n, v in model.variables.items() if n != "is_attacks"},
            "allegiance_shifts": replace(child, edge_assumptions={"group_realignment": "other"}),
            "new_signal": extra,
        },
    )
    found = diff_models(model, changed)
    assert found.added == ["new_signal"] and found.removed == ["is_attacks"]
    assert ("is_appeal", "is_attacks") in found.edges_removed
    assert [(t.variable, t.edge, t.what) for t in found.texts] == [
        ("allegiance_shifts", "group_realignment", "assumption")
    ]


def test_a_converted_model_is_the_same_and_a_changed_one_is_not(tmp_path):
    net = tmp_path / "k.net"
    save_model(load_model(KHORASAN), net)
    code, out, err = run_cli(["diff", str(KHORASAN), str(net), "--exit-code", "-f", "json"])
    data = json.loads(out)  # NET keeps every variable's fields; the model's own it cannot
    assert code == 1 and not data["cells"] and not data["not_comparable"], err
    assert {t["what"] for t in data["texts"]} == {
        "description",
        "source",
        "horizon",
        "version",
        "confidence",
        "sources",
    }
    assert all(t["variable"] is None for t in data["texts"])
    code, out, err = run_cli(["diff", str(net), str(net), "--exit-code", "-f", "json"])
    assert code == 0 and json.loads(out)["same"], err
    row = '"taliban_stance=ambivalent, pakistan_tolerance=high":    {none: 0.60, open: 0.28'
    assert row in KHORASAN.read_text()
    text = KHORASAN.read_text().replace(row, row.replace("0.60, open: 0.28", "0.40, open: 0.48"))
    changed = tmp_path / "khorasan.yaml"
    changed.write_text(text)
    (tmp_path / "sources").symlink_to(KHORASAN.parent / "sources")
    argv = ["diff", str(KHORASAN), str(changed), "--scenarios", str(SCENARIOS)]
    code, out, err = run_cli([*argv, "--exit-code", "-f", "json"])
    data = json.loads(out)
    assert code == 1 and not data["same"] and data["cells"], err
    assert any(abs(a["new"] - a["old"]) > 0.005 for a in data["answers"])
    code, out, _ = run_cli([*argv, "-f", "csv"])
    assert out.splitlines()[0] == "change,variable,detail,state,old,new,difference"
    assert out.splitlines()[1].startswith("cell,secret_pact,")
    code, out, _ = run_cli([*argv, "-f", "markdown"])
    assert "**The scenarios under both models" in out
    code, out, _ = run_cli(argv)
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["diff", "khorasan"], "Missing argument"),
        (["diff", "khorasan", "nope.yaml"], "no such file"),
    ],
)
def test_diff_bad_input_exits_2(argv, says):
    code, out, err = run_cli(argv)
    assert code == 2 and says in err and "Traceback" not in err
