"""Writing the files a user asks for, the way a careful ``open(path, "w")`` would.

- A regular file (new or existing) is replaced atomically: the data goes to a temporary file
  beside the target, which is renamed over it, so a failure or a signal midway leaves the old
  file as it was and no temporary file behind.
- The new file gets the mode a plain write would give: an existing file keeps its mode, a new
  one gets ``0o666`` less the umask (``mkstemp``'s ``0o600`` is not kept).
- A symlink is written through: its target is replaced, the link stays a link.
- A device, a FIFO or ``-`` (standard output) is written to directly, never replaced.
- A file this process read as an input (the model, a scenario file, a source text) is never
  overwritten: the output must go elsewhere.

Example:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_bytes(target, b"hello")
    >>> target.read_bytes()
    b'hello'
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from scenarios.core.errors import OutputError
from scenarios.core.inputs import is_input


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` as described above; an OutputError naming the file (and
    leaving any old file unchanged) on failure."""
    if str(path) == "-":
        binary = getattr(sys.stdout, "buffer", None)  # None: a text stream (a test's capture)
        if binary is None:
            sys.stdout.write(data.decode("utf-8", "replace"))
        else:
            binary.write(data)
            binary.flush()
        return
    path = Path(path)
    target = Path(os.path.realpath(path))  # through symlinks, to the file they name
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and is_input(target):
        raise OutputError(
            f"'{path}' is one of this command's input files; refusing to "
            "overwrite it: write the output to another file"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_in_place(path, target, data)
        return
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    _replace(path, target, data, mode)


def _write_in_place(path: Path, target: Path, data: bytes) -> None:
    """A device or FIFO is written to, as ``open(path, "wb")`` would; a folder is refused."""
    if target.is_dir():
        raise OutputError(f"cannot write '{path}': it is a folder; name a file in it")
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None


def _replace(path: Path, target: Path, data: bytes, mode: int) -> None:
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as exc:  # a signal turned into an exception cleans up too
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write '{path}': {exc.strerror or exc}; check that the "
                "folder exists and is writable; the old file, if any, is "
                "unchanged"
            ) from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
