"""The Khorasan model says what the article says: quotes, structure and qualitative claims."""

from __future__ import annotations

import re

import pytest

from scenarios.engine import Engine
from scenarios.model.bundled import bundled_text, load_bundled

from conftest import KHORASAN, ROOT

ARTICLE = ROOT / "models" / "sources" / "khorasan-article.txt"
DESIGN_CARD = ["troop_drawdown", "taliban_revenue", "leadership_visibility", "peace_process",
               "pakistan_tolerance", "is_funding", "defection_rate", "secret_pact",
               "fata_relocation"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def engine(khorasan):
    return Engine(khorasan)


def p(engine, target, state, **evidence):
    return engine.query(evidence, [target])[target][state]


def expected_level(engine, target, **evidence):
    dist = engine.query(evidence, [target])[target]
    return sum(i * value for i, value in enumerate(dist.values()))


def test_bundled_copy_is_identical_to_the_file_modelers_edit():
    assert bundled_text("khorasan") == KHORASAN.read_text(encoding="utf-8"), (
        "src/scenarios/data/khorasan.yaml differs from models/khorasan.yaml: "
        "cp models/khorasan.yaml src/scenarios/data/khorasan.yaml"
    )
    assert load_bundled().names == Engine(load_bundled()).model.names


def test_design_card_variables_and_size(khorasan):
    for name in DESIGN_CARD:
        assert name in khorasan.variables
    assert len(khorasan.variables) >= 12
    roles = {v.role for v in khorasan.variables.values()}
    assert roles == {"driver", "mediator", "outcome"}


def test_every_variable_and_edge_quotes_the_article(khorasan):
    article = normalise(ARTICLE.read_text(encoding="utf-8"))
    for var in khorasan.variables.values():
        assert var.source, f"{var.name} has no source quote"
        assert normalise(var.source) in article, f"{var.name}: quote not in article"
        for parent in var.parents:
            quote = var.edge_sources.get(parent, "")
            assert quote, f"edge {parent} -> {var.name} has no quote"
            assert normalise(quote) in article, f"edge {parent} -> {var.name}: not in article"


# --- the article's qualitative claims ------------------------------------------------------

def test_more_is_funding_raises_expected_defection_rate(engine):
    levels = [expected_level(engine, "defection_rate", is_funding=s)
              for s in ("low", "medium", "high")]
    assert levels[0] < levels[1] < levels[2]


def test_confrontational_stance_raises_relocation_to_fata(engine):
    confront = p(engine, "fata_relocation", "yes", taliban_stance="confront")
    accommodate = p(engine, "fata_relocation", "yes", taliban_stance="accommodate")
    assert confront > 0.5 > accommodate


def test_lower_pakistani_tolerance_makes_any_pact_more_likely_secret(engine):
    def secret_share(tolerance):
        dist = engine.query({"pakistan_tolerance": tolerance}, ["secret_pact"])["secret_pact"]
        return dist["secret"] / (dist["open"] + dist["secret"])

    shares = [secret_share(t) for t in ("low", "medium", "high")]
    assert shares[0] > shares[1] > shares[2]


def test_drawdown_dries_up_revenue_and_sparks_competition(engine):
    assert (p(engine, "taliban_revenue", "low", troop_drawdown="complete")
            > p(engine, "taliban_revenue", "low", troop_drawdown="limited"))
    assert (expected_level(engine, "commander_competition", troop_drawdown="complete")
            > expected_level(engine, "commander_competition", troop_drawdown="limited"))


def test_leader_invisibility_raises_defections(engine):
    assert (expected_level(engine, "defection_rate", leadership_visibility="low")
            > expected_level(engine, "defection_rate", leadership_visibility="high"))


def test_peace_process_pushes_ideologues_to_is_more_while_troops_remain(engine):
    def rise(drawdown):
        advancing = expected_level(engine, "defection_rate", peace_process="advancing",
                                   troop_drawdown=drawdown)
        stalled = expected_level(engine, "defection_rate", peace_process="stalled",
                                 troop_drawdown=drawdown)
        return advancing - stalled

    assert rise("limited") > rise("complete") > 0


def test_grievances_and_is_pull_drive_senior_defection(engine):
    assert (p(engine, "senior_defection", "yes", leadership_grievance="high")
            > p(engine, "senior_defection", "yes", leadership_grievance="low"))
    assert (p(engine, "senior_defection", "yes", is_funding="high")
            > p(engine, "senior_defection", "yes", is_funding="low"))


def test_a_senior_defection_triggers_realignment_of_smaller_groups(engine):
    assert (p(engine, "group_realignment", "yes", senior_defection="yes")
            > 1.5 * p(engine, "group_realignment", "yes", senior_defection="no"))


def test_taliban_in_a_bind_ambivalence_is_the_most_likely_stance(engine):
    stance = engine.query({}, ["taliban_stance"])["taliban_stance"]
    assert max(stance, key=stance.get) == "ambivalent"


def test_digital_recruitment_makes_joining_easier(engine):
    assert (expected_level(engine, "defection_rate", digital_recruitment="high")
            > expected_level(engine, "defection_rate", digital_recruitment="low"))


def test_observed_defections_point_back_to_their_causes(engine):
    """Diagnostic reasoning: high defections make high IS funding more likely."""
    assert (p(engine, "is_funding", "high", defection_rate="high")
            > p(engine, "is_funding", "high"))
