"""The Khorasan model as a document: provenance, definitions, packaging and local links.

End-to-end claims (a driver against an outcome, with sizes and across draws) are in
tests/test_claims.py; these are the local links, one edge or one table at a time.
"""

from __future__ import annotations

import tomllib

from helpers import KHORASAN, ROOT
from scenarios.engine import Engine
from scenarios.io.bundled import bundled_folder, bundled_text, load_bundled
from scenarios.model.evidence import Evidence
from scenarios.model.provenance import SourceText, find_quote

ARTICLE = ROOT / "models" / "sources" / "khorasan-article.txt"
DESIGN_CARD = [
    "troop_drawdown",
    "taliban_revenue",
    "leadership_visibility",
    "peace_process",
    "pakistan_tolerance",
    "is_funding",
    "defection_rate",
    "secret_pact",
    "fata_relocation",
]
HIDDEN = ["secret_pact", "taliban_stance", "is_appeal", "disaffection"]


def p(engine, target, state, **forced):
    """P(target=state) under do(forced): a local link is a causal statement."""
    return engine.query(Evidence(do=forced), [target])[target][state]


def level(engine, target, **forced):
    dist = engine.query(Evidence(do=forced), [target])[target]
    return sum(i * value for i, value in enumerate(dist.values())) / (len(dist) - 1)


def test_the_bundled_model_is_the_file_modelers_edit():
    assert bundled_text("khorasan") == KHORASAN.read_text(encoding="utf-8")
    assert bundled_folder() in (ROOT / "models", ROOT / "src" / "scenarios" / "data")
    assert not (ROOT / "src" / "scenarios" / "data" / "khorasan.yaml").exists(), (
        "one copy: the wheel takes models/ through force-include, not a hand-made duplicate"
    )
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped == {
        "models/khorasan.yaml": "scenarios/data/khorasan.yaml",
        "models/khorasan-decisions.yaml": "scenarios/data/khorasan-decisions.yaml",
        "models/khorasan-quarterly.yaml": "scenarios/data/khorasan-quarterly.yaml",
        "models/sources": "scenarios/data/sources",
    }
    assert load_bundled().names == Engine(load_bundled()).model.names


def test_design_card_variables_roles_and_size(khorasan):
    for name in DESIGN_CARD:
        assert name in khorasan.variables
    assert len(khorasan.variables) >= 12
    roles = {v.role for v in khorasan.variables.values()}
    assert roles == {"driver", "mediator", "outcome", "indicator"}


def test_loads_without_warnings_and_names_its_source(khorasan):
    assert khorasan.warnings == ()
    assert load_bundled().warnings == ()  # the wheel's copy finds its article too
    assert [s.id for s in khorasan.sources] == ["azamy-weir-2015"]
    assert khorasan.sources[0].file == "sources/khorasan-article.txt"
    assert "twelve months" in khorasan.horizon


def test_every_variable_and_edge_has_a_quote_from_the_article_or_an_assumption(khorasan):
    article = [SourceText("article", ARTICLE.read_text(encoding="utf-8"))]
    assumptions = 0
    for var in khorasan.variables.values():
        assert var.basis and var.basis.kind == "quote", var.name
        assert find_quote(var.source, article), f"{var.name}: quote not in article"
        for parent in var.parents:
            basis = var.edge_basis(parent)
            assert basis, f"edge {parent} -> {var.name} has neither a quote nor an assumption"
            if basis.kind == "quote":
                assert find_quote(basis.text, article), f"edge {parent} -> {var.name}"
            else:
                assumptions += 1
                assert len(basis.text.split()) >= 6, f"say why: {parent} -> {var.name}"
    assert assumptions >= 10  # the links the article does not state say so


def test_every_state_of_every_variable_is_defined(khorasan):
    for var in khorasan.variables.values():
        assert set(var.definitions) == set(var.states), var.name


def test_hidden_states_have_observable_indicators(khorasan):
    """No hidden state is beyond observation: each has an indicator among its descendants."""
    indicators = {n for n, v in khorasan.variables.items() if v.role == "indicator"}

    def descendants(name):
        out, stack = set(), [name]
        while stack:
            for child in khorasan.children(stack.pop()):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return out

    for hidden in HIDDEN:
        assert descendants(hidden) & indicators, hidden
    assert {"public_statement", "taliban_is_clashes"} <= set(khorasan.children("secret_pact"))


def test_confidence_follows_how_firmly_the_article_argues(khorasan):
    confidence = {n: v.confidence for n, v in khorasan.variables.items()}
    assert all(c is not None for c in confidence.values())
    drivers = [confidence[n] for n, v in khorasan.variables.items() if v.role == "driver"]
    assert max(drivers) <= 10  # the article is silent on the drivers' odds
    assert confidence["reprimands"] < confidence["commander_competition"]  # assumed vs quoted


# --- local links, one table at a time -----------------------------------------------------


def test_drawdown_dries_up_revenue_and_revenue_loss_sparks_competition(engine):
    assert p(engine, "taliban_revenue", "low", troop_drawdown="complete") > p(
        engine, "taliban_revenue", "low", troop_drawdown="limited"
    )
    assert level(engine, "commander_competition", taliban_revenue="low") > level(
        engine, "commander_competition", taliban_revenue="high"
    )


def test_peace_process_pushes_ideologues_more_while_troops_remain(engine):
    def rise(drawdown):
        return p(
            engine, "ideological_push", "high", peace_process="advancing", troop_drawdown=drawdown
        ) - p(engine, "ideological_push", "high", peace_process="stalled", troop_drawdown=drawdown)

    assert rise("limited") > rise("partial") > rise("complete") > 0


def test_fear_of_losing_supporters_weighs_on_the_talks(engine):
    assert p(engine, "peace_process", "stalled", is_appeal="high") > p(
        engine, "peace_process", "stalled", is_appeal="low"
    )


def test_confrontational_stance_raises_relocation_and_costs_legitimacy(engine):
    assert (
        p(engine, "fata_relocation", "yes", taliban_stance="confront")
        > 0.5
        > p(engine, "fata_relocation", "yes", taliban_stance="accommodate")
    )
    assert p(engine, "taliban_legitimacy", "low", taliban_stance="confront") > p(
        engine, "taliban_legitimacy", "low", taliban_stance="ambivalent"
    )


def test_lower_pakistani_tolerance_makes_any_pact_more_likely_secret(engine):
    def secret_share(tolerance):
        dist = engine.query(Evidence(do={"pakistan_tolerance": tolerance}), ["secret_pact"])[
            "secret_pact"
        ]
        return dist["secret"] / (dist["open"] + dist["secret"])

    shares = [secret_share(t) for t in ("low", "medium", "high")]
    assert shares[0] > shares[1] > shares[2]


def test_taliban_in_a_bind_ambivalence_is_the_most_likely_stance(engine):
    stance = engine.query({}, ["taliban_stance"])["taliban_stance"]
    assert max(stance, key=stance.get) == "ambivalent"


def test_observed_defections_point_back_to_their_causes(engine):
    """Diagnostic reasoning: high defections make high IS funding more likely."""
    assert (
        engine.query({"defection_rate": "high"}, ["is_funding"])["is_funding"]["high"]
        > engine.query({}, ["is_funding"])["is_funding"]["high"]
    )


def test_a_silent_leadership_is_evidence_of_a_secret_pact_a_welcoming_one_of_an_open_one(engine):
    prior = engine.query({}, ["secret_pact"])["secret_pact"]
    silent = engine.query({"public_statement": "silent"}, ["secret_pact"])["secret_pact"]
    welcomes = engine.query({"public_statement": "welcomes"}, ["secret_pact"])["secret_pact"]
    assert silent["secret"] > prior["secret"] and welcomes["open"] > 2 * prior["open"]
