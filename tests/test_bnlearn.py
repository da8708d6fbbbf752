"""The engine on the bnlearn networks against pgmpy's VariableElimination, per target.

The BIF files are in tests/data/bnlearn (taken from the pgmpy 0.1.26 wheel, which shipped them;
pgmpy 1.x downloads them from a hub this project cannot reach).
"""

from __future__ import annotations

import gzip
import random
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from helpers import BNLEARN, BNLEARN_NETWORKS
from scenarios import load_model
from scenarios.engine import Engine
from scenarios.io.pgmpy_bridge import to_pgmpy

DATA = BNLEARN
NETWORKS = BNLEARN_NETWORKS


@cache
def network(name: str):
    return load_model(DATA / f"{name}.bif.gz")


def sampled_evidence(model, rng: random.Random, count: int) -> dict[str, str]:
    """States of ``count`` variables from one forward sample: always possible evidence."""
    states: dict[str, int] = {}
    pending = list(model.variables)
    while pending:
        for name in list(pending):
            var = model.variables[name]
            if all(p in states for p in var.parents):
                row = var.cpt[tuple(states[p] for p in var.parents)]
                states[name] = rng.choices(range(var.cardinality), weights=row)[0]
                pending.remove(name)
    chosen = rng.sample(list(model.variables), count)
    return {n: model.variables[n].states[states[n]] for n in chosen}


@pytest.mark.parametrize("name", NETWORKS)
def test_engine_matches_pgmpy_on_bnlearn_network(name):
    from pgmpy.inference import VariableElimination

    model = network(name)
    rng = random.Random(name)
    ve = VariableElimination(to_pgmpy(model))
    engine = Engine(model)
    for _ in range(2):
        evidence = sampled_evidence(model, rng, 3)
        result = engine.query(evidence)
        for target in (n for n in model.names if n not in evidence):
            factor = ve.query([target], evidence=evidence, show_progress=False)
            expected = [factor.get_value(**{target: s}) for s in model.variables[target].states]
            np.testing.assert_allclose(list(result[target].values()), expected, atol=1e-9)
        for dist in result.posteriors.values():
            assert abs(sum(dist.values()) - 1) < 1e-9


def test_bnlearn_networks_have_their_published_sizes():
    sizes = {
        "asia": 8,
        "child": 20,
        "insurance": 27,
        "alarm": 37,
        "hepar2": 70,
        "win95pts": 76,
        "hailfinder": 56,
        "andes": 223,
        "pathfinder": 109,
    }
    for name, size in sizes.items():
        assert len(network(name).variables) == size


@pytest.mark.parametrize("name", BNLEARN_NETWORKS)
def test_the_copies_are_the_networks_pgmpy_ships(name):
    """tests/data/bnlearn/README.md: the copies equal what the installed pgmpy ships, where it
    ships them (pgmpy 1.0 shipped none)."""
    shipped = Path(__import__("pgmpy").__file__).parent / "utils" / "example_models"
    theirs = shipped / f"{name}.bif.gz"
    if not theirs.exists():
        pytest.skip(f"the installed pgmpy ships no {name}.bif.gz")
    ours = BNLEARN / f"{name}.bif.gz"
    assert gzip.decompress(ours.read_bytes()) == gzip.decompress(theirs.read_bytes())
