"""The answer to a query: posteriors of the requested variables and P(evidence).

Results are plain data (``to_dict()``, ``result[variable]``) and render themselves as a rich
table in a terminal (``rich.print(result)``) or a notebook (``_repr_html_``).

Example:
    >>> r = QueryResult("m", {"a": "x"}, 0.5, {"b": {"lo": 0.25, "hi": 0.75}})
    >>> r.to_dict()["posteriors"]["b"]["hi"]
    0.75
    >>> "0.750" in r._repr_html_()
    True
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from scenarios.core.bars import bar
from scenarios.model.evidence import Evidence


@dataclass(frozen=True)
class QueryResult:
    """Posteriors keyed by variable then state (model order) and the probability of the evidence."""

    model: str
    evidence: dict[str, str]
    probability_of_evidence: float
    posteriors: dict[str, dict[str, float]]
    soft_evidence: dict[str, dict[str, float]] = field(default_factory=dict)
    interventions: dict[str, str] = field(default_factory=dict)
    log10_probability_of_evidence: float | None = None  # set when P(evidence) underflows to 0
    beliefs: dict[str, dict[str, float]] = field(default_factory=dict)  # as stated

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON shape used by ``scenarios query --format json``; the keys
        ``soft_evidence``, ``beliefs`` and ``interventions`` appear only when the query used
        them, and ``log10_probability_of_evidence`` only when P(evidence) is too small for a
        float."""
        data: dict[str, Any] = {"model": self.model, "evidence": dict(self.evidence)}
        if self.soft_evidence:
            data["soft_evidence"] = {k: dict(v) for k, v in self.soft_evidence.items()}
        if self.beliefs:
            data["beliefs"] = {k: dict(v) for k, v in self.beliefs.items()}
        if self.interventions:
            data["interventions"] = dict(self.interventions)
        data["probability_of_evidence"] = self.probability_of_evidence
        if self.log10_probability_of_evidence is not None:
            data["log10_probability_of_evidence"] = self.log10_probability_of_evidence
        data["posteriors"] = {v: dict(d) for v, d in self.posteriors.items()}
        return data

    @property
    def given(self) -> Evidence:
        """The evidence this result was answered under, as stated."""
        return Evidence(self.evidence, self.soft_evidence, self.interventions, self.beliefs)

    def __getitem__(self, variable: str) -> dict[str, float]:
        return self.posteriors[variable]

    def heading(self) -> Text:
        """The model, the evidence and P(evidence) on one line."""
        text = Text()
        text.append(f"Model {self.model}", style="bold")
        given = self.given
        if given.observed or given.do:
            text.append(f"   evidence: {given.describe()}")
        if given.observed and self.log10_probability_of_evidence is not None:
            text.append(f"   P(evidence) = 10^{self.log10_probability_of_evidence:.1f}")
        elif given.observed:
            text.append(f"   P(evidence) = {self.probability_of_evidence:.4g}")
        if not (given.observed or given.do):
            text.append("   no evidence: posteriors equal priors")
        return text

    def __rich__(self) -> Group:
        """The heading, then every state's posterior with a bar (``rich.print(result)``); with
        the prior beside it, ``scenarios.render.query.query_view`` shows more."""
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("variable")
        table.add_column("state")
        table.add_column("posterior", justify="right")
        table.add_column("")
        for name, dist in self.posteriors.items():
            for i, (state, p) in enumerate(dist.items()):
                table.add_row(name if i == 0 else "", state, f"{p:.3f}", bar(p))
        return Group(self.heading(), table)

    def _repr_html_(self) -> str:
        """The same table as HTML, for Jupyter notebooks."""
        console = Console(record=True, width=100, file=io.StringIO(), emoji=False)
        console.print(self.__rich__())
        return console.export_html(inline_styles=True, code_format="<pre>{code}</pre>")
