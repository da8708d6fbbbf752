"""Scenario discovery (``scenarios discover``): in an ensemble's results, the box of driver
conditions under which an outcome of concern holds, found by PRIM (Friedman and Fisher's
patient rule induction, as RAND's robust decision making uses it) from ema-workbench.

The outcome of concern is a statement about a target's probability in each member
(``defection_rate=high>0.5``); the inputs are the drivers the ensemble varied (a state per
driver for a grid, a belief per driver state for sampled beliefs). PRIM peels the members
down to a box where the statement holds in a large share of them (density) while keeping as
many of the members where it holds as it can (coverage); the peeling trajectory is the
trade-off between the two. Members on draws of the tables count as members: a box is dense
only where the statement holds whatever the draw.
"""

from __future__ import annotations

import operator
import re
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from scenarios.core.errors import QueryError

STATEMENT = re.compile(r"^\s*([^=<>\s]+)\s*=\s*([^<>\s]+)\s*(<=|>=|<|>)\s*([0-9.eE+-]+)\s*$")
OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Concern:
    """``P(variable=state) OP threshold`` in a member."""

    variable: str
    state: str
    operator: str
    threshold: float

    @property
    def column(self) -> str:
        return f"{self.variable}={self.state}"

    @property
    def text(self) -> str:
        return f"P({self.column}) {self.operator} {self.threshold:g}"


@dataclass(frozen=True)
class Restriction:
    """One driver the box restricts: a range of a belief, or the states kept."""

    driver: str
    low: float | None = None
    high: float | None = None
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class Discovery:
    concern: Concern
    members: int  # rows PRIM saw (impossible ones left out)
    holds: int  # of which the statement holds
    coverage: float
    density: float
    mass: float
    box: list[Restriction]
    trajectory: list[dict[str, float]]  # coverage, density, mass, restricted drivers per step


def parse_concern(text: str) -> Concern:
    match = STATEMENT.match(text)
    if not match:
        raise QueryError(
            f"-t {text!r}: write the outcome of concern as VAR=STATE>NUMBER (or <, <=, >=), "
            "e.g. -t 'defection_rate=high>0.5'"
        )
    variable, state, op, number = match.groups()
    threshold = float(number)
    if not 0 <= threshold <= 1:
        raise QueryError(f"-t {text!r}: a probability's threshold lies in 0..1")
    return Concern(variable, state, op, threshold)


def discover(
    columns: dict[str, np.ndarray], drivers: list[str], concern: Concern, density: float = 0.8
) -> Discovery:
    """PRIM's box for ``concern`` over the ``drivers`` columns (see the module's docstring)."""
    if concern.column not in columns:
        known = sorted(c for c in columns if "=" in c and c.split("=")[0] not in drivers)
        raise QueryError(f"the ensemble records no {concern.column}; it has {', '.join(known)}")
    values = columns[concern.column]
    kept = ~np.isnan(values.astype(float))
    holds = OPERATORS[concern.operator](values[kept], concern.threshold)
    if not holds.any() or holds.all():
        where = "no" if not holds.any() else "every"
        raise QueryError(f"{concern.text} holds in {where} member: there is nothing to tell apart")
    box, trajectory = _prim(_inputs(columns, drivers, kept), holds, density)
    last = trajectory[-1]
    return Discovery(
        concern,
        int(kept.sum()),
        int(holds.sum()),
        last["coverage"],
        last["density"],
        last["mass"],
        box,
        trajectory,
    )


def _inputs(columns: dict[str, np.ndarray], drivers: list[str], kept: np.ndarray) -> Any:
    import pandas as pd  # lazy: pgmpy's dependency, on this path only

    frame = {}
    for name, values in columns.items():
        if name in drivers:
            frame[name] = pd.Categorical(values[kept].astype(str))
        elif name.split("=")[0] in drivers:
            frame[name] = values[kept].astype(float)
    return pd.DataFrame(frame)


def _prim(
    x: Any, y: np.ndarray, density: float
) -> tuple[list[Restriction], list[dict[str, float]]]:
    with warnings.catch_warnings():  # ema-workbench warns of optional parts it lacks
        warnings.simplefilter("ignore")
        try:
            from ema_workbench.analysis import prim  # lazy: seconds to import
        except ImportError:
            raise QueryError(
                "scenario discovery uses ema-workbench's PRIM: pip install 'scenarios[ensemble]'"
            ) from None
        found = prim.Prim(x, y, threshold=density).find_box()
    limits = found.box_lims
    box = [_restriction(name, limits[0][name], limits[-1][name]) for name in x.columns]
    trajectory = [
        {k: float(row[k]) for k in ("coverage", "density", "mass", "res_dim")}
        for _, row in found.peeling_trajectory.iterrows()
    ]
    return [r for r in box if r is not None], trajectory


def _restriction(name: str, before: Any, after: Any) -> Restriction | None:
    if isinstance(after.iloc[0], set):
        if after.iloc[0] == before.iloc[0]:
            return None
        return Restriction(name, states=tuple(sorted(str(s) for s in after.iloc[0])))
    low, high = float(after.iloc[0]), float(after.iloc[1])
    if low == float(before.iloc[0]) and high == float(before.iloc[1]):
        return None
    return Restriction(name, low, high)


@dataclass(frozen=True)
class OptionAcross:
    """One option of a decision over the ensemble's members: the share in which it is best,
    its mean and worst regret (the best option's expected utility less its own), and with a
    threshold the share of members in which its expected utility reaches it."""

    decision: str
    option: str
    best_share: float
    mean_regret: float
    worst_regret: float
    satisfies: float | None


UTILITY = re.compile(r"^EU\[(.+)=(.+)\]$")


def options_across(columns: dict[str, np.ndarray], satisfy: float | None) -> list[OptionAcross]:
    """Every option of every decision the ensemble recorded (``EU[DECISION=OPTION]``)."""
    by_decision: dict[str, list[tuple[str, np.ndarray]]] = {}
    for name, values in columns.items():
        match = UTILITY.match(name)
        if match:
            by_decision.setdefault(match[1], []).append((match[2], values.astype(float)))
    out = []
    for decision, options in by_decision.items():
        table = np.stack([v for _, v in options], axis=1)
        table = table[~np.isnan(table).any(axis=1)]
        if not len(table):
            continue
        regret = table.max(axis=1, keepdims=True) - table
        best = table.argmax(axis=1)
        for k, (option, _) in enumerate(options):
            reaches = None if satisfy is None else float(np.mean(table[:, k] >= satisfy))
            out.append(
                OptionAcross(
                    decision,
                    option,
                    float(np.mean(best == k)),
                    float(regret[:, k].mean()),
                    float(regret[:, k].max()),
                    reaches,
                )
            )
    return out
