"""The report of ``scenarios sweep``: one row per combination of the swept states, the targets'
posteriors beside P(evidence)."""

from __future__ import annotations

from scenarios.analysis.sweep import SweepRow
from scenarios.model.evidence import Evidence
from scenarios.model.schema import Model
from scenarios.render.cells import (
    given_text,
    probability_cell,
)
from scenarios.render.report import Report


def sweep_report(
    model: Model, vary: list[str], targets: list[str], rows: list[SweepRow], evidence: Evidence
) -> Report:
    """One row per combination: its states, P(combination | evidence), each target state."""
    columns = [*vary, "P(states)"] + [
        f"{t}={s}" for t in targets for s in model.variables[t].states
    ]
    table = []
    for row in rows:
        cells = [row.states[v] for v in vary] + [probability_cell(row.probability_of_evidence, 4)]
        for t in targets:
            for s in model.variables[t].states:
                cells.append(
                    probability_cell(row.posteriors[t][s])
                    if row.posteriors
                    else probability_cell(None)
                )
        table.append(cells)
    data = {
        "model": model.name,
        "vary": vary,
        "targets": targets,
        "evidence": evidence.to_dict(),
        "rows": [
            {
                "states": r.states,
                "probability_of_evidence": r.probability_of_evidence,
                "posteriors": r.posteriors,
            }
            for r in rows
        ],
    }
    return Report(
        f"Sweep over {', '.join(vary)}{given_text(evidence)}",
        columns,
        table,
        data,
        right_aligned=set(range(len(vary), len(columns))),
    )
