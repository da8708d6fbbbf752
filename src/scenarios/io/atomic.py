"""Atomic file writes: write a temporary file beside the target, then rename it over.

A failure midway leaves the old file as it was.

Example:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_bytes(target, b"hello")
    >>> target.read_bytes()
    b'hello'
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from scenarios.errors import OutputError


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename; the old file survives any failure, and a
    failure is an OutputError naming the file (no traceback for a full disk)."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=path.parent or ".")
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}; check that the "
                          "folder exists and is writable") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write '{path}': {exc.strerror or exc}; the old file, "
                              "if any, is unchanged") from None
        raise
