"""One entry of the format registry (:data:`scenarios.io.formats.FORMATS`): a file format's
name, its suffixes, the functions that read and write it, and what it cannot hold.

Readers and writers may be named (``"scenarios.io.bif:parse_bif"``) instead of given: a named
one is imported when a file is first read or written, so that listing the formats (the
command line's help) loads no reader, and numpy with it.

Example:
    >>> fmt = Format("TXT", (".txt",), "scenarios.io.bif:parse_bif", str)
    >>> fmt.write("a model")
    'a model'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scenarios.core.named import named

if TYPE_CHECKING:
    from scenarios.model.schema import Model

Reader = Callable[[str, str], "Model"]  # (text, filename) -> model, located ModelError
Writer = Callable[["Model"], str]  # model -> the file's text


@dataclass(frozen=True)
class Format:
    """A file format: its name, file suffixes, reader and writer (functions, or their
    ``"module:function"`` names), and what it loses."""

    name: str
    suffixes: tuple[str, ...]
    reader: Reader | str
    writer: Writer | str
    writable: bool = True  # False: read only (write refuses, naming the format to use)
    keeps_names: bool = True
    keeps_notes: bool = True  # descriptions, sources, roles, edge quotes
    keeps_descriptions: bool = True  # descriptions and sources, of variables and the model
    lost: str = ""

    def read(self, text: str, filename: str) -> Model:
        """The model in ``text``; a ModelError located in ``filename`` when it is not one."""
        reader = named(self.reader) if isinstance(self.reader, str) else self.reader
        return reader(text, filename)

    def write(self, model: Model) -> str:
        """``model`` as the text of a file in this format."""
        writer = named(self.writer) if isinstance(self.writer, str) else self.writer
        return writer(model)
