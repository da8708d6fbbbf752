"""The in-memory model: variables with ordered states, parents, sources and a CPT array.

A CPT is a numpy array of shape ``(*parent_cardinalities, cardinality)``: index it with the
parents' state indices (in ``parents`` order) and read the child's distribution.

Example:
    >>> import numpy as np
    >>> rain = Variable("rain", ("no", "yes"), (), np.array([0.8, 0.2]))
    >>> m = Model("weather", {"rain": rain})
    >>> m.variable("rain").state_index("yes")
    1
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from scenarios.core.errors import Diagnostic, QueryError
from scenarios.core.text import did_you_mean, quoted
from scenarios.model.fields import DEFAULT_CONFIDENCE, Role, Scale
from scenarios.model.records import Basis, Learning, Source, Splice, basis_of
from scenarios.model.time_axis import TimeAxis

_NAME = re.compile(r"^[^\s,=~:][^,=~:]*(?<!\s)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def is_valid_name(name: str) -> bool:
    """The rule for names of variables and states (one home): no ``,`` ``=`` ``~`` ``:``
    (they separate names in row keys and on the command line), no leading or trailing space,
    no control characters (they would reach a terminal raw or break XML).

    >>> is_valid_name("is_funding"), is_valid_name("rain\\n"), is_valid_name("a=b")
    (True, False, False)
    """
    return bool(_NAME.match(name)) and not _CONTROL.search(name)


@dataclass(frozen=True, eq=False)
class Variable:
    """One node of the network.

    ``source`` and ``edge_sources`` hold quotes from the model's sources; ``assumption`` and
    ``edge_assumptions`` what the modeler believes where no source states it. ``definitions``
    says what each state means (optional, per state).
    """

    name: str
    states: tuple[str, ...]
    parents: tuple[str, ...]
    cpt: np.ndarray
    description: str = ""
    source: str = ""
    edge_sources: dict[str, str] = field(default_factory=dict)
    role: Role | None = None
    scale: Scale = "ordinal"
    confidence: float | None = None  # equivalent sample size of each CPT row; None: model's
    assumption: str = ""
    edge_assumptions: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    state_labels: dict[str, str] = field(default_factory=dict)  # state -> phrase for readers
    observable: bool = False  # a planner can collect it (an indicator, a public fact)
    cost: float | None = None  # what collecting it costs, in the model's own units
    lead_time: float | None = None  # days from tasking collection to a report in hand
    headline: bool = False  # an outcome reports lead with
    label: str = ""  # its name in words for readers; "" : the name, underscores as spaces
    actionable: bool = False  # a planner can set it (a lever)
    decision: bool = False  # a planner chooses it: states are options, parents what is known
    changes: bool = False  # time-sliced models: a copy per slice (else fixed over the slices)
    lever: str = ""  # how a planner sets it, and why that is in their hands
    action_cost: float | None = None  # what setting it costs, in the model's own units
    learned: Learning | None = None  # set when cases changed the table (scenarios learn)
    builder: str = ""  # the parametric builder the CPT came from (YAML); "" for a table

    @property
    def basis(self) -> Basis | None:
        """The quote behind this variable, else its assumption, else None."""
        return basis_of(self.source, self.assumption)

    @property
    def words(self) -> str:
        """Its name as readers see it: its label, else its name with underscores as spaces."""
        return self.label or self.name.replace("_", " ")

    def edge_basis(self, parent: str) -> Basis | None:
        """The quote behind the edge ``parent -> self``, else its assumption, else None."""
        return basis_of(self.edge_sources.get(parent, ""), self.edge_assumptions.get(parent, ""))

    @property
    def cardinality(self) -> int:
        return len(self.states)

    def check_state(self, state: str) -> None:
        """QueryError listing the valid states when ``state`` is not one of them."""
        if state not in self.states:
            valid = ", ".join(self.states)
            raise QueryError(
                f"unknown state {quoted(state)} for variable '{self.name}'."
                f"{did_you_mean(state, self.states)} Valid states: {valid}"
            )

    def state_index(self, state: str) -> int:
        """Index of ``state``; QueryError listing the valid states if it is unknown."""
        self.check_state(state)
        return self.states.index(state)

    def distribution(self, values: Sequence[float] | np.ndarray) -> dict[str, float]:
        """``{state: value}`` for a vector over the states, in model order.

        >>> Variable("a", ("x", "y"), (), np.array([0.5, 0.5])).distribution([0.25, 0.75])
        {'x': 0.25, 'y': 0.75}
        """
        return dict(zip(self.states, np.asarray(values, dtype=float).tolist(), strict=True))

    def likelihoods(self, per_state: Mapping[str, object]) -> np.ndarray:
        """A soft finding as a vector over the states, scaled to sum to 1 (unlisted states
        get 0): the one home of the rule that likelihoods are numbers of 0 or more, not all 0,
        on known states. QueryError naming the variable otherwise.

        >>> Variable("a", ("x", "y"), (), np.array([0.5, 0.5])).likelihoods({"y": 3}).tolist()
        [0.0, 1.0]
        """
        vector = np.zeros(self.cardinality)
        for state, value in per_state.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise QueryError(
                    f"soft evidence on '{self.name}': likelihood of {quoted(state)} must be a "
                    "number of 0 or more"
                )
            vector[self.state_index(state)] = value
        if not np.isfinite(vector).all() or vector.max() <= 0:
            raise QueryError(
                f"soft evidence on '{self.name}' needs likelihoods of 0 or more, not all 0"
            )
        vector = vector / vector.max()  # first: two likelihoods of 1e308 must not sum to inf
        return np.asarray(vector / vector.sum())

    def belief(self, per_state: Mapping[str, object]) -> np.ndarray:
        """A set belief as a distribution over the states (unlisted states get 0): the one
        home of the rule that a stated belief is probabilities from 0 to 1 on known states,
        summing to 1 (within 1e-6; then divided by the sum). QueryError naming the variable.

        >>> Variable("a", ("x", "y"), (), np.array([0.5, 0.5])).belief({"y": 1}).tolist()
        [0.0, 1.0]
        """
        vector = np.zeros(self.cardinality)
        for state, value in per_state.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise QueryError(
                    f"the belief on '{self.name}': probability of {quoted(state)} must be a number "
                    "from 0 to 1"
                )
            vector[self.state_index(state)] = value
        total = float(vector.sum())
        if abs(total - 1.0) > 1e-6:
            example = ",".join(f"{s}:{1 / self.cardinality:.2g}" for s in self.states)
            if total > 0 and total < 1:
                rest = [s for s in self.states if s not in per_state]
                if rest:
                    share = (1 - total) / len(rest)
                    fill = {s: share for s in rest}
                    example = ",".join(
                        f"{s}:{per_state.get(s, fill.get(s, 0)):g}" for s in self.states
                    )
            raise QueryError(
                f"the belief on '{self.name}' sums to {total:g}, not 1: give every state its "
                f"probability ({example})"
            )
        return vector / total


@dataclass(frozen=True, eq=False)
class Utility:
    """A utility node: what outcomes are worth, as a table of values over its parents (chance
    variables and decisions; one axis per parent, in ``parents`` order) in ``unit``. It has no
    states and no children; several add up. Its values rest on a quote or, more often, the
    modeler's stated assumption."""

    name: str
    parents: tuple[str, ...]
    table: np.ndarray
    unit: str = ""
    description: str = ""
    source: str = ""
    assumption: str = ""
    edge_sources: dict[str, str] = field(default_factory=dict)
    edge_assumptions: dict[str, str] = field(default_factory=dict)

    @property
    def basis(self) -> Basis | None:
        """The quote behind the values, else their assumption, else None."""
        return basis_of(self.source, self.assumption)

    def edge_basis(self, parent: str) -> Basis | None:
        return basis_of(self.edge_sources.get(parent, ""), self.edge_assumptions.get(parent, ""))

    @property
    def words(self) -> str:
        return self.name.replace("_", " ")


LISTED_NAMES = 40  # an unknown name's message lists at most this many valid ones


@dataclass(frozen=True, eq=False)
class Model:
    """A validated causal Bayesian network (acyclic). Variables keep the file's order."""

    name: str
    variables: dict[str, Variable]
    description: str = ""
    source: str = ""
    path: str | None = None
    confidence: float | None = None  # default equivalent sample size of every CPT
    horizon: str = ""  # the period the model's states refer to
    starts: str = ""  # the horizon's first day, YYYY-MM-DD ("": not given)
    ends: str = ""  # the horizon's last day, YYYY-MM-DD
    version: str = ""  # the modeler's name for this version (YAML only)
    sources: tuple[Source, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()  # what a modeler should look at; not errors
    notes: tuple[Diagnostic, ...] = ()  # what the reader changed: rows normalised, format sniffed
    splices: tuple[Splice, ...] = ()  # quotes with an ellipsis and the passage each stands for
    utilities: dict[str, Utility] = field(default_factory=dict)  # values of outcomes, added up
    time: TimeAxis | None = None  # the slices of a time-sliced model (its variables unrolled)

    @property
    def names(self) -> list[str]:
        return list(self.variables)

    @property
    def outcomes(self) -> list[str]:
        """The variables declared ``role: outcome``, in file order (none for a model whose
        file declares no roles: callers choose what stands in for them)."""
        return [n for n, v in self.variables.items() if v.role == "outcome"]

    @property
    def observables(self) -> list[str]:
        """The variables marked ``observable``: what a planner can collect, in file order."""
        return [n for n, v in self.variables.items() if v.observable]

    @property
    def decisions(self) -> list[str]:
        """The variables marked ``decision``: what a planner chooses, in file order."""
        return [n for n, v in self.variables.items() if v.decision]

    @property
    def actionables(self) -> list[str]:
        """What a planner can set, in file order: the variables marked ``actionable`` and the
        decisions (a choice the planner makes is a lever too)."""
        return [n for n, v in self.variables.items() if v.actionable or v.decision]

    @property
    def headlines(self) -> list[str]:
        """The outcomes reports lead with: those marked ``headline``, else the first three
        outcomes (declared, else found from the graph), in file order; in a time-sliced
        model, their copies in the last slice."""
        names = self.names
        if self.time is not None:  # a time-sliced model: at its last slice (or fixed)
            last = self.time.labels[-1]
            names = [n for n in names if not self.variables[n].changes or n.endswith("@" + last)]
        marked = [n for n in names if self.variables[n].headline]
        return marked or [n for n in names if self.role_of(n) == "outcome"][:3]

    @property
    def levers(self) -> list[str]:
        """What a planner can set: the actionable variables, else (a model that marks none)
        the drivers, declared or found from the graph (see :meth:`role_of`)."""
        return self.actionables or [n for n in self.variables if self.role_of(n) == "driver"]

    @property
    def bases(self) -> list[str]:
        """The variables as the file names them: in a time-sliced model each variable that
        changes once (its copies are ``name@SLICE``), else every name."""
        if self.time is None:
            return self.names
        labels = set(self.time.labels)
        out = []
        for name, var in self.variables.items():
            base, _, label = name.rpartition("@")
            out.append(base if var.changes and label in labels else name)
        return list(dict.fromkeys(out))

    def check_variable(self, name: str) -> None:
        """QueryError listing the valid names when there is no variable called ``name`` (in a
        time-sliced model, the variables as the file names them, and how to name a slice)."""
        if name not in self.variables:
            known = self.bases
            valid = ", ".join(known[:LISTED_NAMES])
            if len(known) > LISTED_NAMES:  # munin's 1,041 names are no help in one message
                valid += f", and {len(known) - LISTED_NAMES} more ('scenarios show' lists all)"
            sliced = " (a variable that changes: VAR@SLICE, e.g. by its index, VAR@0)"
            raise QueryError(
                f"unknown variable {quoted(name)}.{did_you_mean(name, self.names)} "
                f"Valid variables: {valid}{sliced if self.time else ''}"
            )

    def variable(self, name: str) -> Variable:
        """The variable called ``name``; QueryError listing valid names if there is none."""
        self.check_variable(name)
        return self.variables[name]

    def confidence_of(self, name: str) -> float:
        """The variable's stated confidence, else the model's, else DEFAULT_CONFIDENCE."""
        own = self.variables[name].confidence
        if own is not None:
            return own
        return self.confidence if self.confidence is not None else DEFAULT_CONFIDENCE

    def row_confidence(self, name: str) -> np.ndarray:
        """The weight of each row of the variable's table, in cases (shape: the parents'
        cardinalities): its confidence plus the cases learning counted into that row.

        >>> a = Variable("a", ("x", "y"), (), np.array([0.5, 0.5]), learned=Learning(8, (8.0,)))
        >>> float(Model("m", {"a": a}, confidence=2).row_confidence("a"))
        10.0
        """
        var = self.variables[name]
        weights = np.full(var.cpt.shape[:-1], self.confidence_of(name))
        if var.learned is not None and var.learned.rows:
            weights = weights + np.reshape(var.learned.rows, weights.shape)
        return weights

    def children(self, name: str) -> list[str]:
        return [v.name for v in self.variables.values() if name in v.parents]

    def role_of(self, name: str) -> Role:
        """The variable's declared role, else the one its place in the graph gives: no
        parents a driver, no children an outcome, otherwise a mediator (files of other tools
        declare no roles).

        >>> rain = Variable("rain", ("no", "yes"), (), np.array([0.8, 0.2]))
        >>> Model("weather", {"rain": rain}).role_of("rain")
        'driver'
        """
        var = self.variable(name)
        if var.role is not None:
            return var.role
        if not var.parents:
            return "driver"
        return "mediator" if self.children(name) else "outcome"
