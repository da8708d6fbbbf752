"""The shared fixtures: the Khorasan model (and an Engine on it), tiny models written to disk.
Helpers that are not fixtures live in ``helpers.py`` (imported as ``from helpers import``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers import KHORASAN
from scenarios import Model, load_model
from scenarios.engine import Engine


@pytest.fixture(scope="session")
def khorasan() -> Model:
    return load_model(KHORASAN)


@pytest.fixture(scope="session")
def engine(khorasan: Model) -> Engine:
    return Engine(khorasan)


@pytest.fixture
def write_model(tmp_path):
    """Write dedented YAML text to a file and return its path."""

    def write(text: str, name: str = "model.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
