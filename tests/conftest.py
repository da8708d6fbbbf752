"""The shared fixtures: the Khorasan model (and an Engine on it), tiny models written to disk.
Helpers that are not fixtures live in ``helpers.py`` (imported as ``from helpers import``)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from helpers import KHORASAN
from scenarios import Model, load_model
from scenarios.engine import Engine

# The command line keeps the models it reads (scenarios.io.model_cache). Tests that patch a
# reader, a registry or a limit must see their model read again, and no test writes to the
# user's cache: the cache is off here, and tests/test_model_cache.py turns it on in a folder
# of its own. Subprocesses started by tests inherit this.
os.environ["SCENARIOS_CACHE_DIR"] = ""


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
