"""Files the tool writes: atomically, with the mode a plain write gives, through symlinks,
never replacing a device or an input, and no temporary file left by any catchable signal."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT, run_cli

KHORASAN = ROOT / "models" / "khorasan.yaml"


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def query_to(path: str) -> tuple[int, str, str]:
    return run_cli(["query", "-t", "secret_pact", "-f", "csv", "-o", path])


KINDS = [
    "new",
    "existing",
    "symlink",
    "dangling symlink",
    "fifo",
    "dev null",
    "stdout",
    "input",
    "link to input",
    "folder",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(KINDS), st.sampled_from([0o600, 0o640, 0o664, 0o644, 0o660]))
def test_every_kind_of_output_path_is_written_as_a_plain_write_would(tmp_path, kind, mode):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    model = folder / "m.yaml"
    shutil.copy(KHORASAN, model)
    shutil.copytree(ROOT / "models" / "sources", folder / "sources")
    before = model.read_bytes()
    out = folder / "out.csv"
    real = folder / "real.csv"
    reader = None
    if kind == "existing":
        out.write_text("old")
        out.chmod(mode)
    elif kind in ("symlink", "dangling symlink"):
        if kind == "symlink":
            real.write_text("old")
            real.chmod(mode)
        out.symlink_to(real.name)
    elif kind == "fifo":
        os.mkfifo(out)
        received = []
        reader = threading.Thread(target=lambda: received.append(out.read_bytes()))
        reader.start()
    elif kind == "link to input":
        out.symlink_to(model.name)
    elif kind == "folder":
        out.mkdir()
    target = {"dev null": "/dev/null", "stdout": "-", "input": str(model)}.get(kind, str(out))
    code, stdout, err = run_cli(
        ["query", str(model), "-t", "secret_pact", "-f", "csv", "-o", target]
    )
    if reader is not None:
        reader.join(10)
    assert "Traceback" not in err and leftovers(folder) == []
    assert model.read_bytes() == before  # an input is never overwritten
    if kind in ("input", "link to input", "folder"):
        assert code == 2 and ("error: " in err or "Error: " in err) and not stdout
        return
    assert code == 0, err
    if kind == "new":
        assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask()
    elif kind == "existing":
        assert stat.S_IMODE(out.stat().st_mode) == mode and "secret" in out.read_text()
    elif kind in ("symlink", "dangling symlink"):
        assert out.is_symlink() and "secret" in real.read_text()
        expected = mode if kind == "symlink" else 0o666 & ~umask()
        assert stat.S_IMODE(real.stat().st_mode) == expected
    elif kind == "fifo":
        assert stat.S_ISFIFO(out.lstat().st_mode) and b"secret" in received[0]
    elif kind == "dev null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    elif kind == "stdout":
        assert "secret" in stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["convert", "{m}", "{m}"],
        ["query", "{m}", "-o", "{m}"],
        ["check", "{s}", "-o", "{s}"],
        ["convert", "{m}", "{folder}/sources/khorasan-article.txt", "--to", "yaml"],
    ],
)
def test_an_output_that_is_an_input_is_refused(tmp_path, argv):
    shutil.copy(KHORASAN, tmp_path / "m.yaml")
    shutil.copytree(ROOT / "models" / "sources", tmp_path / "sources")
    (tmp_path / "s.yaml").write_text("model: m.yaml\nscenarios:\n  base: {}\n")
    files = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    args = [a.format(m=tmp_path / "m.yaml", s=tmp_path / "s.yaml", folder=tmp_path) for a in argv]
    code, _, err = run_cli(args)
    assert code == 2 and "input" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in files} == files


WRITER = """
import os, signal, sys
import scenarios.io.atomic as atomic
real = atomic.os.fdopen
def fdopen(*args, **kwargs):
    stream = real(*args, **kwargs)
    os.kill(os.getpid(), getattr(signal, sys.argv[1]))  # arrives in the middle of the write
    return stream
atomic.os.fdopen = fdopen
from scenarios.cli import main
sys.exit(main(["sweep", "--vary", "is_funding", "--vary", "troop_drawdown", "-f", "csv",
               "-o", sys.argv[2]]))
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_no_temporary_file_survives_a_signal_during_a_write(tmp_path, name):
    out = tmp_path / "sweep.csv"
    out.write_text("old")
    done = subprocess.run(
        [sys.executable, "-c", WRITER, name, str(out)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 128 + getattr(signal, name), done.stderr
    assert "Traceback" not in done.stderr
    assert leftovers(tmp_path) == [] and out.read_text() == "old"


def test_an_input_is_known_by_its_identity_not_a_reused_inode(tmp_path):
    """A file read as input is protected; a file that later takes its place (same inode,
    another modification time) is not, and the CLI starts each command afresh."""
    from scenarios.core.inputs import forget_inputs, is_input, remember_input

    path = tmp_path / "m.yaml"
    path.write_text("name: m")
    remember_input(path)
    assert is_input(path) and is_input(tmp_path / "." / "m.yaml")
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    assert not is_input(path)
    remember_input(path)
    forget_inputs()
    assert not is_input(path)


# -- edits that run at once, and files the user may not write --------------------------------


def all_at_once(commands: list[list[str]]) -> None:
    """Start every command, then wait for all: each must succeed."""
    runs = [
        subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for argv in commands
    ]
    errors = [p.communicate(timeout=120)[1] for p in runs]
    assert all(p.returncode == 0 for p in runs), errors


def test_concurrent_journal_appends_all_land(tmp_path):
    journal = tmp_path / "j.yaml"
    shutil.copy(ROOT / "examples" / "khorasan-journal.yaml", journal)
    before = journal.read_text().count("source:")
    argv = [sys.executable, "-m", "scenarios", "journal", "add", str(journal), "-e"]
    all_at_once(
        [[*argv, "is_funding=high", "-s", f"report {i}", "--date", "2015-07-01"] for i in range(12)]
    )
    text = journal.read_text()
    assert text.count("source:") == before + 12
    assert all(f"report {i}" in text for i in range(12))
    assert not leftovers(tmp_path)


def test_concurrent_scenario_saves_all_land(tmp_path):
    """What the explorer's save does (add_scenario), from twelve processes at once."""
    target = tmp_path / "s.yaml"
    code = (
        "import sys; from scenarios import load_model; "
        "from scenarios.io.scenario_writer import add_scenario; "
        "from scenarios.model.evidence import Evidence; "
        "add_scenario(sys.argv[1], sys.argv[2], '', Evidence({'is_funding': 'high'}), "
        "load_model())"
    )
    all_at_once([[sys.executable, "-c", code, str(target), f"saved{i}"] for i in range(12)])
    text = target.read_text()
    assert all(f"saved{i}:" in text for i in range(12)), text


NOBODY = 65534


@contextlib.contextmanager
def as_nobody():
    """Run the block as an unprivileged user when the tests run as root (root may write any
    file, as a plain write would let it); the effective user is restored after."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
@pytest.mark.parametrize("what", ["output", "journal"])
def test_a_read_only_file_is_refused_as_a_plain_write_would_refuse_it(what):
    """In a folder the user may write, a 0444 file is not replaced: a plain write says
    Permission denied, so does this tool."""
    folder = Path(tempfile.mkdtemp(dir="/tmp" if os.path.isdir("/tmp") else None))
    try:
        folder.chmod(0o777)
        target = folder / ("out.csv" if what == "output" else "j.yaml")
        if what == "journal":
            shutil.copy(ROOT / "examples" / "khorasan-journal.yaml", target)
            argv = ["journal", "add", str(target), "-e", "is_funding=high", "-s", "x"]
        else:
            target.write_text("old\n")
            argv = ["query", "-f", "csv", "-o", str(target)]
        run_cli([*argv[:-2], *argv[-2:]] if what == "output" else ["journal", "show", str(target)])
        target.chmod(0o444)  # (the run above loaded every module the command needs)
        before = target.read_bytes()
        with as_nobody():
            code, out, err = run_cli(argv)
            with pytest.raises(PermissionError):  # what a plain write meets
                target.open("w")
        assert code == 2 and "Permission denied" in err, err
        assert target.read_bytes() == before and stat.S_IMODE(target.stat().st_mode) == 0o444
        assert not leftovers(folder)
    finally:
        shutil.rmtree(folder)
