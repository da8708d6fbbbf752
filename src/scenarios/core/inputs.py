"""The files this process has read as inputs, so that no output replaces one of them.

``convert model.yaml model.yaml`` or ``query m.yaml -o m.yaml`` would otherwise overwrite the
model with its own output. Files are compared by device, inode and modification time, so a
second path, a symlink or a hard link to an input is recognised too, while a new file that
reuses a deleted input's inode is not mistaken for it. The CLI forgets the inputs of one
command before the next (:func:`forget_inputs`).

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "m.yaml"
    >>> _ = path.write_text("name: m")
    >>> remember_input(path); is_input(path)
    True
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_READ: set[tuple[int, int, int]] = set()


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_dev, info.st_ino, info.st_mtime_ns


def forget_inputs() -> None:
    """Start a new command: no file read so far counts as its input."""
    _READ.clear()


def remember_input(path: str | Path) -> None:
    """Note that ``path`` (a regular file) was read as an input."""
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        _READ.add(_identity(info))


def is_input(path: str | Path) -> bool:
    """Whether ``path`` is (or links to) a file this process read as an input."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return _identity(info) in _READ


def release_input(path: str | Path) -> None:
    """Let ``path`` be written after all: a file the command edits on purpose (``journal
    add`` appends to the journal it has just read)."""
    try:
        _READ.discard(_identity(os.stat(path)))
    except OSError:
        return
