"""Evidence conflict (Hugin's measure) against a direct computation by enumeration, under
hard and soft findings and interventions; its line in `query` and `track`."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings

from enumeration import enumerate_joint, mixed_evidence, possible
from helpers import run_cli
from scenarios import Engine
from scenarios.analysis.conflict import conflict
from scenarios.model.evidence import Evidence

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _log_p(model, evidence: Evidence) -> float:
    """log P(findings) in the network cut by the interventions, by enumeration (each soft
    finding's likelihoods scaled to sum to 1, as the engine enters them)."""
    soft = {n: _scaled(model, n, v) for n, v in evidence.soft.items()}
    _, mass = enumerate_joint(model, Evidence(evidence.hard, soft, evidence.do))
    return math.log(mass)


def _scaled(model, name, likelihood):
    total = sum(likelihood.values())
    return {s: v / total for s, v in likelihood.items()}


@SETTINGS
@given(mixed_evidence())
def test_the_measure_equals_a_direct_computation(case):
    assume(possible(case))
    model, evidence = case
    names = [*evidence.hard, *evidence.soft]
    found = conflict(Engine(model), evidence)
    if len(names) < 2:
        assert found is None
        return

    def only(keep):
        return Evidence(
            {n: s for n, s in evidence.hard.items() if n in keep},
            {n: v for n, v in evidence.soft.items() if n in keep},
            evidence.do,
        )

    whole = _log_p(model, only(names))
    alone = {n: _log_p(model, only([n])) for n in names}
    assert found.value == pytest.approx(sum(alone.values()) - whole, abs=1e-9)
    for label, part in found.parts:
        name = label.split("=")[0].split(" ")[0]
        rest = _log_p(model, only([m for m in names if m != name]))
        assert part == pytest.approx(alone[name] + rest - whole, abs=1e-9)
    assert [p for _, p in found.parts] == sorted((p for _, p in found.parts), reverse=True)


def test_query_warns_of_findings_that_pull_apart():
    argv = ["query", "-e", "public_statement=denounces", "-e", "taliban_is_clashes=rare"]
    code, out, err = run_cli([*argv, "-t", "defection_rate"])
    assert code == 0, err
    assert "Conflict: the findings conflict" in out
    data = json.loads(run_cli([*argv, "-f", "json"])[1])
    assert data["conflict"]["value"] > 0
    code, out, _ = run_cli(["query", "-e", "public_statement=denounces", "-f", "json"])
    assert "conflict" not in json.loads(out)  # one finding: nothing to conflict with
    code, out, _ = run_cli(["query", "-e", "is_funding=high", "-e", "is_appeal=high"])
    assert "Conflict" not in out  # findings that support each other


def test_track_warns_when_the_journal_pulls_apart(tmp_path):
    path = tmp_path / "j.yaml"
    path.write_text(
        "model: khorasan\nentries:\n"
        "  - {date: 2015-05-01, source: a, evidence: {public_statement: denounces}}\n"
        "  - {date: 2015-06-01, source: b, evidence: {taliban_is_clashes: rare}}\n"
    )
    code, out, err = run_cli(["track", str(path), "-t", "secret_pact"])
    assert code == 0, err
    assert "Conflict: the findings conflict" in " ".join(out.split())
