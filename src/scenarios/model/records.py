"""What a model's nodes rest on and carry besides their tables: the documents quoted
(:class:`Source`), the basis of a node or an edge (a quote or an assumption), what learning
from cases did to a table, and the quotes with an ellipsis (:class:`Splice`). Plain records,
without numpy: :mod:`scenarios.model.schema` holds them on its variables and models.

Example:
    >>> basis_of("", "the modeler's view")
    Basis(kind='assumption', text="the modeler's view")
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

MAX_SOURCE_BYTES = 20_000_000  # a source text longer than this is not read


@dataclass(frozen=True)
class Source:
    """A document a model's quotes come from: an id, a citation and optionally its text file
    (a path relative to the model file), against which every quote is checked."""

    id: str
    citation: str
    file: str | None = None

    def to_dict(self) -> dict[str, str]:
        """The fields that are set (a source without a file has no ``file``)."""
        return {k: v for k, v in asdict(self).items() if v}

    def located(self, base_dir: Path) -> tuple[Path | None, str]:
        """Where its text file is, resolved in the model's folder ``base_dir``, and ''; or
        None and why, when it names no file or one outside the folder: a model someone sends
        must not make the tool read elsewhere on the machine."""
        if not self.file:
            return None, "it names no file"
        folder = base_dir.resolve()
        path = (folder / self.file).resolve()
        if not path.is_relative_to(folder):
            return None, f"its file '{self.file}' is outside the model's folder"
        return path, ""


@dataclass(frozen=True)
class Basis:
    """Why a variable or an edge is in the model: a quote from a source, or the modeler's
    stated assumption when the source does not state it."""

    kind: Literal["quote", "assumption"]
    text: str


@dataclass(frozen=True)
class Learning:
    """What learning from cases did to a variable's table (``scenarios learn``): the cases
    that gave the variable a value, the cases counted into each row of the table (in row
    order, parents' states as in the table; expected counts where values were missing, and
    only cases that say something about the variable: it or one of its descendants has a
    value), the case file, and the parametric builder a learned table replaced. Each row's
    weight is the variable's ``confidence`` plus its count (:meth:`Model.row_confidence`).
    ``rows`` is empty in files written before rows were recorded (their ``confidence`` is
    the whole weight)."""

    cases: float
    rows: tuple[float, ...] = ()
    source: str = ""
    replaced: str = ""

    def to_dict(self) -> dict[str, object]:
        """The fields that are set (no empty source, builder or rows)."""
        fields: dict[str, object] = {"cases": self.cases, "rows": list(self.rows)}
        fields |= {"source": self.source, "replaced": self.replaced}
        return {k: v for k, v in fields.items() if v != "" and v != []}


def basis_of(quote: str, assumption: str) -> Basis | None:
    """The quote, else the assumption, else None: what a node or an edge rests on."""
    if quote:
        return Basis("quote", quote)
    return Basis("assumption", assumption) if assumption else None


@dataclass(frozen=True)
class Splice:
    """A quote with an ellipsis, and the passage of its source it stands for: what a reviewer
    reads to judge whether the omitted words change the claim."""

    variable: str
    edge: str  # the parent of the edge it is quoted on; "" for the variable's own quote
    source: str
    passage: str  # the source's words from the quote's first piece to its last
    omitted: int  # characters of the passage that the quote leaves out
    line: int
    column: int

    def to_dict(self) -> dict[str, object]:
        return {
            "variable": self.variable,
            "edge": self.edge or None,
            "source": self.source,
            "passage": self.passage,
            "omitted": self.omitted,
            "line": self.line,
            "column": self.column,
        }
