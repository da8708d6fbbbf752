"""One entry of the format registry (:data:`scenarios.io.formats.FORMATS`): a file format's
name, its suffixes, the functions that read and write it, and what it cannot hold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from scenarios.model.schema import Model

Reader = Callable[[str, str], Model]  # (text, filename) -> model, ModelError located in filename
Writer = Callable[[Model], str]  # model -> the file's text


@dataclass(frozen=True)
class Format:
    """A file format: its name, file suffixes, reader and writer, and what it loses."""

    name: str
    suffixes: tuple[str, ...]
    read: Reader
    write: Writer
    writable: bool = True  # False: read only (write refuses, naming the format to use)
    keeps_names: bool = True
    keeps_notes: bool = True  # descriptions, sources, roles, edge quotes
    keeps_descriptions: bool = True  # descriptions and sources, of variables and the model
    lost: str = ""
