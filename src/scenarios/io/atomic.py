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
- A file the user may not write (a read-only file, as ``echo >`` would find it) is refused,
  though replacing it would need only the folder's permission; its owner is kept where the
  process may keep it.
- An edit (read, change, write back: a journal entry appended, a scenario added) holds
  :func:`editing`'s lock, so that concurrent editors of the file each see the others' work.

Example:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> atomic_write_bytes(target, b"hello")
    >>> target.read_bytes()
    b'hello'
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock
    fcntl = None  # type: ignore[assignment]

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
    if info is not None and not os.access(target, os.W_OK, effective_ids=_EFFECTIVE):
        raise OutputError(
            f"cannot write '{path}': Permission denied (the file is read-only to you); make it "
            "writable or write the output to another file"
        )
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    owner = (info.st_uid, info.st_gid) if info is not None else None
    _replace(path, target, data, mode, owner)


_EFFECTIVE = os.access in os.supports_effective_ids  # a write checks the effective user
LOCK_WAIT = 30.0  # seconds an edit waits for another one in the same folder before refusing


@contextmanager
def editing(path: str | Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold, while a file is read, changed and written back, an exclusive lock on the
    folder that holds it (the file itself is replaced, so it cannot carry the lock): other
    edits through this function wait their turn, and none is lost. An OutputError when the
    lock is not had within ``wait`` seconds. Where the platform has no ``flock``, nothing
    is locked."""
    folder = Path(os.path.realpath(path)).parent
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None
    try:
        _lock(handle, path, wait)
        yield
    finally:
        os.close(handle)  # releases the lock


def _lock(handle: int, path: str | Path, wait: float) -> None:
    if fcntl is None:
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise OutputError(
                    f"cannot write '{path}': another process has been editing a file in its "
                    f"folder for {wait:g} s; try again when it has finished"
                ) from None
            time.sleep(0.01)


def _write_in_place(path: Path, target: Path, data: bytes) -> None:
    """A device or FIFO is written to, as ``open(path, "wb")`` would; a folder is refused."""
    if target.is_dir():
        raise OutputError(f"cannot write '{path}': it is a folder; name a file in it")
    try:
        with open(target, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None


def _replace(
    path: Path, target: Path, data: bytes, mode: int, owner: tuple[int, int] | None
) -> None:
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if owner is not None:
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.fchown(stream.fileno(), *owner)
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
