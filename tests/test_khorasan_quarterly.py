"""The Khorasan model over quarters (models/khorasan-quarterly.yaml): its first quarter is the
bundled model, the loops the bundled model cut close across quarters with a size a reader
notices, the article's claims keep their direction in every quarter, and the example journal
reads through it, each report in its quarter."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import ROOT, run_cli
from scenarios import Engine, load_model
from scenarios.model.evidence import Evidence
from scenarios.model.time import sliced

QUARTERLY = ROOT / "models" / "khorasan-quarterly.yaml"


@pytest.fixture(scope="module")
def quarterly():
    return load_model(QUARTERLY)


@pytest.fixture(scope="module")
def engine(quarterly):
    return Engine(quarterly)


def first(model, name: str) -> str:
    return name if name in model.variables else sliced(name, model.time.labels[0])


def test_the_first_quarter_is_the_bundled_model(quarterly):
    bundled = load_model()
    assert sorted(quarterly.bases) == sorted(bundled.names)
    for name, var in bundled.variables.items():
        mine = quarterly.variables[first(quarterly, name)]
        assert tuple(p.partition("@")[0] for p in mine.parents) == var.parents, name
        np.testing.assert_array_equal(mine.cpt, var.cpt, err_msg=name)


def _p(engine, target: str, state: str, evidence: Evidence) -> float:
    return engine.query(evidence, [target])[target][state]


def test_losses_to_is_weigh_on_the_next_quarters_talks(quarterly, engine):
    """ "fear of losing their more radical or criminal supporters to IS likely weighs upon
    negotiations": the loop the bundled model cut, closed across quarters."""
    q1, q2 = quarterly.time.labels[:2]
    talks = sliced("peace_process", q2)
    high = _p(engine, talks, "advancing", Evidence(do={sliced("defection_rate", q1): "high"}))
    low = _p(engine, talks, "advancing", Evidence(do={sliced("defection_rate", q1): "low"}))
    assert low - high > 0.03


def test_recruitment_from_fata_feeds_the_next_quarters_defections(quarterly, engine):
    """ "from where they could gradually but easily recruit militants to operate in
    Afghanistan": recruitment in one quarter raises defections in the next."""
    q2, q3 = quarterly.time.labels[1:3]
    target = sliced("defection_rate", q3)
    high = _p(engine, target, "high", Evidence(do={sliced("fata_recruitment", q2): "high"}))
    low = _p(engine, target, "high", Evidence(do={sliced("fata_recruitment", q2): "low"}))
    assert high - low > 0.03


@pytest.mark.parametrize(
    "driver, low, high, outcome, state, sign",
    [
        ("is_funding", "low", "high", "defection_rate", "high", +1),
        ("leadership_visibility", "low", "high", "defection_rate", "high", -1),
        ("digital_recruitment", "low", "high", "defection_rate", "high", +1),
        ("pakistan_tolerance", "low", "high", "secret_pact", "open", +1),
    ],
)
def test_the_claims_hold_in_every_quarter(
    quarterly, engine, driver, low, high, outcome, state, sign
):
    """The fixed drivers' claims (tests/test_claims.py on the bundled model) keep their
    direction at the outcome in each quarter, by at least a point."""
    for label in quarterly.time.labels:
        target = sliced(outcome, label)
        up = _p(engine, target, state, Evidence(do={driver: high}))
        down = _p(engine, target, state, Evidence(do={driver: low}))
        assert sign * (up - down) > 0.01, (label, up, down)


def test_the_example_journal_reads_through_it():
    code, out, err = run_cli(
        [
            "forecast",
            str(QUARTERLY),
            "--journal",
            str(ROOT / "examples" / "khorasan-journal.yaml"),
            "-t",
            "defection_rate",
            "-f",
            "json",
        ]
    )
    assert code == 0, err
    evidence = __import__("json").loads(out)["evidence"]
    listed = str(evidence)
    assert "public_statement@2015Q2" in listed and "allegiance_announcements@2015Q1" in listed
