"""The files this process has read as inputs, so that no output replaces one of them.

``convert model.yaml model.yaml`` or ``query m.yaml -o m.yaml`` would otherwise overwrite the
model with its own output. Files are compared by device and inode, so a second path, a
symlink or a hard link to an input is recognised too.

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

_READ: set[tuple[int, int]] = set()


def remember_input(path: str | Path) -> None:
    """Note that ``path`` (a regular file) was read as an input."""
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        _READ.add((info.st_dev, info.st_ino))


def is_input(path: str | Path) -> bool:
    """Whether ``path`` is (or links to) a file this process read as an input."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in _READ
