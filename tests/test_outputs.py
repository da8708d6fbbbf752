"""Files the tool writes: atomically, with the mode a plain write gives, through symlinks,
never replacing a device or an input, and no temporary file left by any catchable signal."""

from __future__ import annotations

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

from conftest import ROOT, run_cli

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
    assert done.returncode in (128 + getattr(signal, name), 1, 130), done.stderr
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
