"""The models the command line keeps once read (scenarios.io.model_cache): a model taken from
the cache is the model a fresh reading gives, and anything its reading depends on that changes
(the file, its sources, the options, the limits) makes it read again; a damaged, foreign or
unsafe entry is never loaded."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import KHORASAN, ROOT, run_cli
from scenarios import ModelError, load_model, save_model
from scenarios.core.inputs import forget_inputs, is_input
from scenarios.engine import Engine
from scenarios.io import model_cache

from strategies import networks


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """The cache on, in a folder of this test's own; the folder of its entries."""
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "models"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The texts actually read (not taken from the cache), recorded as they are."""
    seen: list[str] = []
    kept = model_cache.kept

    def counting(text, how, base_dir, read):
        def counted():
            seen.append(text)
            return read()

        return kept(text, how, base_dir, counted)

    monkeypatch.setattr("scenarios.io.model_files.kept", counting)
    monkeypatch.setattr("scenarios.io.bundled.kept", counting)
    return seen


def same(a: object, b: object) -> None:
    """``a`` and ``b`` equal field by field, arrays cell by cell (same dtype)."""
    assert type(a) is type(b)
    if dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            same(getattr(a, f.name), getattr(b, f.name))
    elif isinstance(a, dict):
        assert list(a) == list(b)  # type: ignore[call-overload]
        for key in a:
            same(a[key], b[key])  # type: ignore[index]
    elif isinstance(a, tuple | list):
        assert len(a) == len(b)  # type: ignore[arg-type]
        for x, y in zip(a, b, strict=True):  # type: ignore[call-overload]
            same(x, y)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and np.array_equal(a, b)  # type: ignore[union-attr]
    else:
        assert a == b


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(model=networks(), suffix=st.sampled_from([".yaml", ".bif", ".net", ".xdsl", ".dne"]))
def test_a_kept_model_is_the_model_read(tmp_path, cache, reads, model, suffix):
    path = tmp_path / f"m{len(reads)}{suffix}"
    save_model(model, path)
    before = len(reads)
    first = load_model(path, cache=True)
    again = load_model(path, cache=True)
    assert len(reads) == before + 1  # the second came from the cache
    same(first, again)
    names = list(first.names)
    fresh, kept = Engine(first).query({}, names), Engine(again).query({}, names)
    for name in names:
        assert fresh[name] == kept[name]


def test_the_bundled_and_time_sliced_models_are_kept_whole(cache, reads):
    for reference in (
        None,
        str(ROOT / "models" / "khorasan-quarterly.yaml"),
        str(ROOT / "examples" / "umbrella-world.yaml"),
    ):
        first, again = load_model(reference, cache=True), load_model(reference, cache=True)
        same(first, again)
    assert len(reads) == 3
    assert len(list(cache.glob("*.pickle"))) == 3


def test_the_command_line_says_the_same_from_the_cache(cache, reads):
    argv = ["query", "--all", "-e", "is_funding=high", "-f", "json"]
    first, again = run_cli(argv), run_cli(argv)
    assert first == again and first[0] == 0
    assert len(reads) == 1


def copied_khorasan(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "models" / "sources", tmp_path / "sources")
    shutil.copy(KHORASAN, tmp_path / "k.yaml")
    return tmp_path / "k.yaml"


def test_a_changed_source_text_is_read_again_and_its_quotes_checked(tmp_path, cache, reads):
    path = copied_khorasan(tmp_path)
    assert not load_model(path, cache=True).warnings
    article = tmp_path / "sources" / "khorasan-article.txt"
    article.write_text(article.read_text()[:200])  # the quotes are no longer in it
    with pytest.raises(ModelError, match="not in the sources"):
        load_model(path, cache=True)
    article.unlink()  # no source text: read again, with a warning that quotes go unchecked
    assert any("not checked" in w.message for w in load_model(path, cache=True).warnings)
    assert len(reads) == 3


def test_a_changed_file_option_or_limit_is_read_again(tmp_path, cache, reads, monkeypatch):
    path = copied_khorasan(tmp_path)
    load_model(path, cache=True)
    load_model(path, cache=True, strict=True)
    load_model(path, cache=True, normalize=True)
    monkeypatch.setenv("SCENARIOS_MAX_CPT_CELLS", "4")
    with pytest.raises(ModelError, match="SCENARIOS_MAX_CPT_CELLS"):
        load_model(path, cache=True)  # a model kept under a higher limit is not taken
    monkeypatch.delenv("SCENARIOS_MAX_CPT_CELLS")
    path.write_text(path.read_text().replace("name: khorasan", "name: changed", 1))
    assert load_model(path, cache=True).name == "changed"
    load_model(path, cache=True)
    assert len(reads) == 5


def test_a_kept_model_still_makes_its_files_inputs(tmp_path, cache):
    path = copied_khorasan(tmp_path)
    load_model(path, cache=True)
    forget_inputs()
    load_model(path, cache=True)  # from the cache: its file and source text are inputs all the same
    assert is_input(path) and is_input(tmp_path / "sources" / "khorasan-article.txt")
    code, _, err = run_cli(["query", str(path), "-o", str(path)])
    assert code == 2 and "input" in err


def the_entry(cache: Path) -> Path:
    (entry,) = cache.glob("*.pickle")
    return entry


def test_a_damaged_entry_is_read_again_and_replaced(cache, reads):
    load_model(cache=True)
    the_entry(cache).write_bytes(b"\x80\x05 not a pickle")
    load_model(cache=True)
    load_model(cache=True)
    assert len(reads) == 2


class Planted:
    """What a hostile entry holds: unpickled, it would create a file."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_an_entry_naming_anything_but_a_model_is_never_run(tmp_path, cache, reads):
    load_model(cache=True)
    entry, marker = the_entry(cache), tmp_path / "ran"
    layout, origin, sources, _ = pickle.loads(entry.read_bytes())
    entry.write_bytes(pickle.dumps((layout, origin, sources, Planted(marker))))
    assert load_model(cache=True).name == "khorasan"
    assert not marker.exists()
    assert len(reads) == 2


def test_an_entry_or_folder_others_may_write_is_not_used(cache, reads):
    load_model(cache=True)
    entry = the_entry(cache)
    entry.chmod(0o666)
    load_model(cache=True)  # read again, and kept anew
    assert len(reads) == 2
    cache.chmod(0o777)
    assert model_cache.cache_folder() is None
    load_model(cache=True)
    assert len(reads) == 3


def test_nothing_is_kept_when_asked_not_to_or_where_it_cannot_be(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", "")
    assert model_cache.cache_folder() is None
    monkeypatch.setenv("SCENARIOS_CACHE_DIR", str(tmp_path / "a-file" / "below"))
    (tmp_path / "a-file").write_text("")
    assert model_cache.cache_folder() is None
    assert load_model(cache=True).name == "khorasan"
    monkeypatch.delenv("SCENARIOS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert model_cache.cache_folder() == tmp_path / "xdg" / "scenarios" / "models"
    assert oct(os.stat(tmp_path / "xdg" / "scenarios" / "models").st_mode & 0o777) == "0o700"


def test_the_least_recently_used_entries_are_dropped(tmp_path, cache, reads, monkeypatch):
    monkeypatch.setattr(model_cache, "MAX_ENTRIES", 2)
    shutil.copytree(ROOT / "models" / "sources", tmp_path / "sources")
    paths = [tmp_path / f"m{i}.yaml" for i in range(3)]
    for i, path in enumerate(paths):
        path.write_text(KHORASAN.read_text().replace("name: khorasan", f"name: m{i}", 1))
        load_model(path, cache=True)
        for entry in cache.glob("*.pickle"):  # the older entries were used longer ago
            os.utime(entry, ns=(entry.stat().st_mtime_ns - 10**9,) * 2)
    assert len(list(cache.glob("*.pickle"))) == 2
    load_model(paths[2], cache=True)
    load_model(paths[0], cache=True)  # dropped: read again
    assert len(reads) == 4


def test_the_code_stamp_covers_every_module_that_reads_or_makes_a_model():
    stamped = model_cache._code()
    package = ROOT / "src" / "scenarios"
    for part in ("io", "model", "cpt", "core"):
        for module in (package / part).glob("*.py"):
            assert f"/{module.name}:" in stamped


def test_an_entry_that_is_a_link_is_neither_loaded_nor_written_through(tmp_path, cache, reads):
    load_model(cache=True)
    entry, elsewhere = the_entry(cache), tmp_path / "elsewhere"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert load_model(cache=True).name == "khorasan"
    assert len(reads) == 2 and elsewhere.read_bytes() == before and entry.is_symlink()


def test_a_bad_limit_setting_is_the_command_s_to_report_not_the_cache_s(cache, monkeypatch):
    monkeypatch.setenv("SCENARIOS_MAX_JOINT_CELLS", "lots")
    assert load_model(cache=True).name == "khorasan"


def test_the_cache_keeps_at_most_its_size_in_all(tmp_path, cache, reads, monkeypatch):
    load_model(cache=True)
    size = the_entry(cache).stat().st_size
    monkeypatch.setattr(model_cache, "MAX_CACHE_BYTES", size + size // 2)
    path = copied_khorasan(tmp_path)
    load_model(path, cache=True)  # the bundled model's entry, used longer ago, is dropped
    assert len(list(cache.glob("*.pickle"))) == 1
    load_model(path, cache=True)
    assert len(reads) == 2


def test_the_model_of_a_scenario_file_or_a_journal_is_kept_too(cache, reads):
    scenarios, journal = (
        ROOT / "examples" / "khorasan-scenarios.yaml",
        ROOT / "examples" / "khorasan-journal.yaml",
    )
    for argv in (
        ["compare", str(scenarios)],
        ["track", str(journal)],
        ["query", "--journal", str(journal)],
    ):
        first, again = run_cli(argv), run_cli(argv)
        assert first == again and first[0] == 0, first[2]
    assert len(reads) == 1  # all three name the bundled model
