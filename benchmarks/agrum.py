"""What the benchmarks share: networks by name, possible evidence, and pyAgrum built from a model.

Networks are the nine bundled with the tests (tests/data/bnlearn) and the larger ones the
installed pgmpy ships (``pgmpy/utils/example_models/*.bif.gz``), read from there, not copied.
pyAgrum is pinned to one thread here: its default two threads collapse on a busy machine
(diabetes cold: 20 s wall for 2.9 s CPU), which overstated our lead. numpy's BLAS is pinned to
one thread too, as the command line runs it (:mod:`scenarios.core.blas`; import this module
before numpy, or set OPENBLAS_NUM_THREADS to compare otherwise).
"""

from __future__ import annotations

import random
import sys
from functools import cache
from pathlib import Path

from scenarios.core.blas import one_blas_thread

one_blas_thread()  # before numpy is imported, or it has no effect

import numpy as np  # noqa: E402

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))
from helpers import BNLEARN, BNLEARN_NETWORKS, pyagrum_net  # noqa: E402, F401  (re-exported)
from scenarios import load_model  # noqa: E402

try:
    import pyagrum as _gum

    _gum.setNumberOfThreads(1)
except ImportError:  # the scripts that need it say how to install it
    pass

LARGE_NETWORKS = [
    "water",
    "mildew",
    "barley",
    "diabetes",
    "pigs",
    "link",
    "munin1",
    "munin2",
    "munin3",
    "munin4",
    "munin",
]


def pgmpy_models() -> Path:
    """Where the installed pgmpy keeps its example networks (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("pgmpy")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pgmpy is not installed: .venv/bin/pip install -e '.[bench]'")
    return Path(next(iter(spec.submodule_search_locations))) / "utils" / "example_models"


@cache
def network(name: str):
    bundled = BNLEARN / f"{name}.bif.gz"
    return load_model(bundled if bundled.exists() else pgmpy_models() / f"{name}.bif.gz")


def forward_sample(model, rng: random.Random) -> dict[str, int]:
    """One joint sample, as state indices."""
    states: dict[str, int] = {}
    for name in topological(model):
        var = model.variables[name]
        row = var.cpt[tuple(states[p] for p in var.parents)]
        states[name] = rng.choices(range(var.cardinality), weights=row)[0]
    return states


@cache
def _order(model) -> tuple[str, ...]:
    done: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        for parent in model.variables[name].parents:
            visit(parent)
        done.append(name)

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for name in model.variables:
        visit(name)
    return tuple(done)


def topological(model) -> tuple[str, ...]:
    return _order(model)


def evidence_on(model, variables, rng: random.Random) -> dict[str, str]:
    """States of ``variables`` from one forward sample: always possible evidence."""
    states = forward_sample(model, rng)
    return {n: model.variables[n].states[states[n]] for n in variables}


def sampled_evidence(model, rng: random.Random, count: int) -> dict[str, str]:
    """``count`` random variables observed at the states of one forward sample."""
    return evidence_on(model, rng.sample(list(model.variables), count), rng)


def pyagrum_engine(model):
    import pyagrum as gum

    bn = pyagrum_net(model)
    return bn, gum.LazyPropagation(bn)


def read_posteriors(bn, inference) -> dict[str, list[float]]:
    """Every posterior, read out as Python lists (as a caller of either engine would)."""
    return {bn.variable(i).name(): inference.posterior(i).tolist() for i in bn.nodes()}


def pyagrum_posteriors(bn, inference, evidence) -> dict[str, list[float]]:
    inference.eraseAllEvidence()
    inference.setEvidence(evidence)
    inference.makeInference()
    return read_posteriors(bn, inference)


def largest_clique(bn, inference) -> int:
    """Cells of the largest clique of pyAgrum's junction tree for this network."""
    tree = inference.junctionTree()
    return max(
        int(np.prod([bn.variable(n).domainSize() for n in tree.clique(c)])) for c in tree.nodes()
    )


def agree(ours, theirs: dict[str, list[float]], bn, tolerance: float = 1e-9) -> float:
    """The largest difference between two engines' posteriors (asserted under ``tolerance``)."""
    worst = 0.0
    for target, dist in ours.posteriors.items():
        labels = [str(s) for s in bn.variable(target).labels()]
        ours_row = np.array([dist[s] for s in labels])
        worst = max(worst, float(np.max(np.abs(ours_row - theirs[target]))))
    assert worst <= tolerance, worst
    return worst
