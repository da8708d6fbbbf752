"""Random influence diagrams, a brute-force solver that shares no code with the engine (every
deterministic policy tried on the enumerated joint), and the same diagram built in pyAgrum."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from hypothesis import strategies as st

from enumeration import enumerate_joint, marginal
from scenarios.model.evidence import Evidence
from scenarios.model.graph import ancestors
from scenarios.model.schema import Model, Utility

from strategies import networks


@st.composite
def diagrams(draw, max_nodes: int = 6, max_decisions: int = 2):
    """A random network in which some variables are decisions (their table: the first
    option) and one or two utility nodes over random parents."""
    model = draw(networks(max_nodes=max_nodes))
    count = draw(st.integers(1, min(max_decisions, len(model.names))))
    chosen = draw(
        st.lists(st.sampled_from(model.names), min_size=count, max_size=count, unique=True)
    )
    variables = dict(model.variables)
    for name in chosen:
        var = variables[name]
        table = np.zeros(var.cpt.shape)
        table[..., 0] = 1.0
        variables[name] = replace(var, decision=True, cpt=table)
    utilities = {}
    for u in range(draw(st.integers(1, 2))):
        parents = draw(st.lists(st.sampled_from(model.names), min_size=1, max_size=3, unique=True))
        shape = tuple(variables[p].cardinality for p in parents)
        raw = draw(
            st.lists(
                st.integers(-50, 100), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))
            )
        )
        utilities[f"u{u}"] = Utility(f"u{u}", tuple(parents), np.array(raw, float).reshape(shape))
    return replace(model, variables=variables, utilities=utilities)


def policy_count(model: Model, informed: dict[str, tuple[str, ...]]) -> int:
    """How many combinations of deterministic policies the brute force would try."""
    total = 1
    for name, info in informed.items():
        states = int(np.prod([model.variables[p].cardinality for p in info]))
        total *= model.variables[name].cardinality ** states
        if total > 10**7:
            break
    return total


def brute_force_meu(
    model: Model, informed: dict[str, tuple[str, ...]], evidence: Evidence
) -> float:
    """The best expected utility over every deterministic policy of every decision (each
    knowing ``informed[decision]``), by enumerating the joint for each combination."""
    decisions = [d for d in informed if d not in evidence.hard and d not in evidence.do]
    choices = []
    for name in decisions:
        cards = [model.variables[p].cardinality for p in informed[name]]
        states = list(itertools.product(*(range(c) for c in cards)))
        options = model.variables[name].cardinality
        choices.append(
            [
                dict(zip(states, c, strict=True))
                for c in itertools.product(range(options), repeat=len(states))
            ]
        )
    best = -np.inf
    for combo in itertools.product(*choices):
        variables = dict(model.variables)
        for name, rule in zip(decisions, combo, strict=True):
            var = model.variables[name]
            cards = [model.variables[p].cardinality for p in informed[name]]
            table = np.zeros((*cards, var.cardinality))
            for state, option in rule.items():
                table[(*state, option)] = 1.0
            variables[name] = replace(var, parents=informed[name], cpt=table)
        policy_model = replace(model, variables=variables)
        joint, mass = enumerate_joint(policy_model, evidence)
        if mass <= 1e-300:
            continue
        value = 0.0
        for utility in model.utilities.values():
            value += float(
                np.sum(marginal(policy_model, joint, list(utility.parents)) * utility.table)
            )
        best = max(best, value)
    return best


def relevant_part(model: Model, evidence: Evidence) -> Model:
    """The diagram without its barren nodes: only the ancestors of the utilities and of the
    findings stay. The MEU and every kept decision's best options are unchanged (a barren
    node sums out to one). pyAgrum 3.3.1 needs this: its LIMID solution of two unordered
    decisions, one of them with a barren chance child, depends on the order in which nodes
    were added and can be a worse policy (see test_a_barren_child_changes_nothing)."""
    parents = {n: v.parents for n, v in model.variables.items()}
    wanted = {p for u in model.utilities.values() for p in u.parents}
    kept = ancestors(parents, wanted | set(evidence.hard) | set(evidence.soft))
    variables = {n: v for n, v in model.variables.items() if n in kept}
    return replace(model, variables=variables)


def pyagrum_diagram(model: Model):
    """The same influence diagram built through pyAgrum's API."""
    import pyagrum as gum

    diagram = gum.InfluenceDiagram()
    for name, var in model.variables.items():
        label = gum.LabelizedVariable(name, name, list(var.states))
        (diagram.addDecisionNode if var.decision else diagram.addChanceNode)(label)
    for name in model.utilities:
        diagram.addUtilityNode(gum.LabelizedVariable(name, name, 1))
    for name, var in model.variables.items():
        for parent in var.parents:
            diagram.addArc(parent, name)
    for name, utility in model.utilities.items():
        for parent in utility.parents:
            diagram.addArc(parent, name)
    for name, var in model.variables.items():
        if var.decision:
            continue
        cards = [model.variables[p].cardinality for p in var.parents]
        for combo in itertools.product(*(range(c) for c in cards)):
            diagram.cpt(name)[dict(zip(var.parents, combo, strict=True))] = var.cpt[combo].tolist()
    for name, utility in model.utilities.items():
        cards = [model.variables[p].cardinality for p in utility.parents]
        for combo in itertools.product(*(range(c) for c in cards)):
            diagram.utility(name)[dict(zip(utility.parents, combo, strict=True))] = [
                float(utility.table[combo])
            ]
    return diagram


def assert_same_policies(solution, inference, decisions=None, tie: float = 1e-7) -> None:
    """Each decision's chosen option (of ``decisions``, default all) equals pyAgrum's in
    every information state that can occur, except where two options are tied within ``tie``
    (either is optimal)."""
    for name, policy in solution.policies.items():
        if decisions is not None and name not in decisions:
            continue
        theirs = inference.optimalDecision(name)
        for index in np.ndindex(*policy.choice.shape):
            row = policy.values[index]
            if np.isnan(row).any() or policy.weights[index] < 1e-9:
                continue
            top = np.sort(row)
            if len(row) > 1 and top[-1] - top[-2] < tie:
                continue
            at = {a: int(k) for a, k in zip(policy.informed_by, index, strict=True)}
            at = {a: k for a, k in at.items() if a in theirs.names}
            chosen = [theirs[{**at, name: k}] for k in range(len(row))]
            assert int(np.argmax(chosen)) == int(policy.choice[index]), (name, at)
