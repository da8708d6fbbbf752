"""Counts of cases per CPT cell: exact for complete cases, expected (EM's E-step) for cases
with values missing, both under CPTs given at call time.

Cases are a matrix of state indices, one column per variable in model order, ``-1`` where a
value is missing. A complete case adds 1 to one cell of every table. A case with gaps adds its
posterior over each family (the variable and its parents) given what it shows, but only to the
tables of variables it informs: those it shows, or one of whose descendants it shows (for the
others the variable is barren in that case: the case's likelihood does not depend on its
table, and EM on each case's pruned network never counts it). The posterior is found by the
engine's contraction with a batch axis over cases: every variable's CPT and an evidence
vector per observed variable (one-hot, or ones where missing), one forward and one reverse
pass per chunk (Darwiche's differential approach: adjoint x CPT is the family's joint with
the case). The plans are compiled once per :class:`CaseCounter` and reused at every EM
iteration, only the CPTs change.

Example:
    >>> import numpy as np
    >>> from scenarios import parse_model
    >>> m = parse_model('''
    ... name: t
    ... variables:
    ...   a: {states: [x, y], cpt: {x: 0.5, y: 0.5}}
    ...   b: {states: [u, v], parents: [a], cpt: {table: {"a=x": [0.9, 0.1], "a=y": [0.2, 0.8]}}}
    ... ''')
    >>> counted = CaseCounter(m).count({n: v.cpt for n, v in m.variables.items()},
    ...                                np.array([[0, 1], [-1, 0]]))
    >>> counted.tables["a"].round(3).tolist()  # 1 for x, and P(a | b=u) = 0.818, 0.182
    [1.818, 0.182]
    >>> CaseCounter(m).count({n: v.cpt for n, v in m.variables.items()},
    ...                      np.array([[0, -1]])).tables["b"].tolist()  # b barren: no count
    [[0.0, 0.0], [0.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from scenarios.engine.contraction import BATCH, Contractor, Operand
from scenarios.model.graph import descendants
from scenarios.model.schema import Model

CASES_AT_ONCE = 8192  # cases with gaps given evidence vectors together: memory stays bounded


@dataclass(frozen=True)
class Counted:
    """Counts per CPT cell (each table the shape of its CPT) and the log-likelihood of each
    case under the CPTs used (``-inf`` for a case they make impossible)."""

    tables: dict[str, np.ndarray]
    log_likelihoods: np.ndarray


class CaseCounter:
    """Counts of the cases of one model's variables; ``count`` takes the CPTs to use."""

    def __init__(self, model: Model):
        self.model = model
        self._names = model.names
        parents = {n: v.parents for n, v in model.variables.items()}
        self._informed_by = [  # per variable: the columns whose values inform its table
            [self._names.index(d) for d in descendants(parents, n) | {n}] for n in model.names
        ]
        self._contractor = Contractor(
            model.names,
            [[*v.parents, n] for n, v in model.variables.items()],
            {n: v.cardinality for n, v in model.variables.items()},
        )

    def count(self, cpts: Mapping[str, np.ndarray], cases: np.ndarray) -> Counted:
        """Exact counts of the complete rows of ``cases`` plus expected counts of the rest."""
        cases = np.asarray(cases, dtype=np.int64).reshape(-1, len(self._names))
        tables = {n: np.zeros_like(cpts[n], dtype=float) for n in self._names}
        logs = np.zeros(len(cases))
        for start in range(0, len(cases), CASES_AT_ONCE):  # temporaries for a block only
            block = cases[start : start + CASES_AT_ONCE]
            complete = (block >= 0).all(axis=1)
            rows = np.flatnonzero(complete) + start
            logs[rows] = self._count_complete(cpts, cases[rows], tables)
            rows = np.flatnonzero(~complete) + start
            if len(rows):
                logs[rows] = self._count_gaps(cpts, cases[rows], tables)
        return Counted(tables, logs)

    def _count_complete(
        self, cpts: Mapping[str, np.ndarray], rows: np.ndarray, tables: dict[str, np.ndarray]
    ) -> np.ndarray:
        logs = np.zeros(len(rows))
        for name, var in self.model.variables.items():
            axes = [self._names.index(a) for a in (*var.parents, name)]
            cells = np.ravel_multi_index(tuple(rows[:, a] for a in axes), cpts[name].shape)
            flat = tables[name].reshape(-1)
            flat += np.bincount(cells, minlength=flat.size)
            with np.errstate(divide="ignore"):
                logs += np.log(cpts[name].reshape(-1)[cells])
        return logs

    def _count_gaps(
        self, cpts: Mapping[str, np.ndarray], rows: np.ndarray, tables: dict[str, np.ndarray]
    ) -> np.ndarray:
        operands: list[Operand] = [
            (np.asarray(cpts[n], dtype=float), (*v.parents, n))
            for n, v in self.model.variables.items()
        ]
        for column, (name, var) in enumerate(self.model.variables.items()):
            shown = rows[:, column] >= 0  # every variable gets a vector: one plan for all chunks
            vector = np.ones((len(rows), var.cardinality))
            vector[shown] = 0.0
            vector[np.flatnonzero(shown), rows[shown, column]] = 1.0
            operands.append((vector, (BATCH, name)))
        leaves = list(range(len(self._names)))
        shown = rows >= 0
        informed = [np.asarray(shown[:, columns].any(axis=1)) for columns in self._informed_by]
        log_z, families = self._contractor.family_posteriors(operands, leaves, informed)
        for name, family in zip(self._names, families, strict=True):
            tables[name] += family
        return log_z
