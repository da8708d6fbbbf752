"""What the command line does to start quickly (issue 29): the garbage collector paused while
it starts (scenarios.core.collector) and modules bound to load at their first use
(scenarios.core.named.lazy_module)."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from scenarios.core import collector
from scenarios.core.named import lazy_module


def test_collection_paused_at_start_is_back_on_for_the_command():
    """The console script pauses collection; once the command is imported, what start-up made
    is frozen and collection is on again, for the command and at exit."""
    code = textwrap.dedent(
        """
        import atexit, gc, sys
        atexit.register(lambda: print(gc.isenabled(), gc.get_freeze_count() > 10_000))
        sys.argv = ["scenarios", "query", "-t", "defection_rate", "-f", "csv"]
        from scenarios.cli import run
        run()
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "True True"


def test_a_program_that_never_paused_is_left_alone():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    assert collector.resume() is False
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_pausing_where_collection_is_already_off_leaves_it_off(monkeypatch):
    monkeypatch.setattr(collector, "_paused", [False])
    gc.disable()
    try:
        collector.pause()
        assert collector.resume() is False and not gc.isenabled()
    finally:
        gc.enable()


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A module that says when its code runs."""
    (tmp_path / "lazily_bound_example.py").write_text("import sys\nsys.ran = True\nVALUE = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delattr(sys, "ran", raising=False)
    yield
    sys.modules.pop("lazily_bound_example", None)


def test_a_lazily_bound_module_runs_at_its_first_use(package):
    module = lazy_module("lazily_bound_example")
    assert not hasattr(sys, "ran")
    assert module.VALUE == 42 and sys.ran  # type: ignore[attr-defined]
    assert lazy_module("lazily_bound_example") is sys.modules["lazily_bound_example"]


def test_a_module_that_is_not_there_is_said_at_its_first_use():
    missing = lazy_module("no_such_module_here")
    with pytest.raises(ModuleNotFoundError, match="no_such_module_here"):
        missing.anything  # noqa: B018


def test_a_lazily_bound_module_is_imported_once_by_threads_at_the_same_moment(package):
    """Two threads using it first at once both see the whole module (Python 3.11's own
    LazyLoader could hand the second a module half run)."""
    bound = lazy_module("lazily_bound_example")
    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: bound.VALUE, range(64))) == {42}
