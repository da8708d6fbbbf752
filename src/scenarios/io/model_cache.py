"""Models kept once read, so that the next command reading the same model skips the reading.

Reading a model parses its file, checks every field and quote, and builds its tables: for the
bundled Khorasan model 35 ms of the 0.2 s a ``scenarios query`` takes (PyYAML's import
included), for a large BIF file hundreds of milliseconds, on every command. The command line
keeps each model it reads, as read, in a cache folder and loads it from there (under a
millisecond for Khorasan) when nothing the reading depends on has changed:

- the file's text, the name it is read under (messages and notes quote it), and its folder;
- how it was read: the format asked for, ``--strict``, ``--normalize``;
- the limits in force (``SCENARIOS_MAX_*``);
- the code that read it: Python's and numpy's versions, and the size and time of change of
  every module of the packages that read and make models (READERS), so that an upgrade or an
  edit reads the file again;
- the text of every source the model's quotes were checked against (checked on each use).

A model that fails to read is not kept: its errors are reported afresh each time.

The folder is ``$SCENARIOS_CACHE_DIR``, else ``$XDG_CACHE_HOME/scenarios``, else
``~/.cache/scenarios``; ``SCENARIOS_CACHE_DIR=`` (empty) keeps nothing. An entry is a pickle,
and a pickle may say to run anything: an entry is loaded by an unpickler that builds nothing
but the model's own record classes and numpy arrays (:class:`_ModelUnpickler`; anything else
and the entry is read as damaged), from a folder made readable by its owner alone; a folder or
an entry that another user owns or may write is not used. At most MAX_ENTRIES models, and
MAX_CACHE_BYTES in all, are kept, the least recently used dropped first. A folder that cannot
be made or written (read-only, full) is passed over in silence: a cache never makes a read
fail.

Library calls keep nothing unless asked (``load_model(..., cache=True)``): a program decides
what its process writes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import pickle
import stat
import sys
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scenarios.core import limits
from scenarios.core.errors import OutputError
from scenarios.core.inputs import remember_input
from scenarios.core.named import lazy_module
from scenarios.model.records import MAX_SOURCE_BYTES
from scenarios.model.schema import Model

if TYPE_CHECKING:  # imported when a model is kept, not when one is taken (scenarios.core.named)
    from scenarios.io import atomic
else:
    atomic = lazy_module("scenarios.io.atomic")

CACHE_VARIABLE = "SCENARIOS_CACHE_DIR"
MAX_ENTRIES = 64
MAX_ENTRY_BYTES = 2**27  # a model larger than this as a pickle is read each time
MAX_CACHE_BYTES = 2**29  # the entries kept, in all
LAYOUT = 1  # of an entry: (LAYOUT, what it was read from, its sources' contents, the model)
_PRIVATE = 0o022  # mode bits that let others write: a folder or an entry with them is not used


def kept(text: str, how: tuple[str, ...], base_dir: Path, read: Callable[[], Model]) -> Model:
    """``read()``'s model of ``text``, or the one it gave before for the same text, read the
    same way (``how``: the name and options it was read with) from the same folder
    ``base_dir`` (where its sources are) by the same code."""
    folder = cache_folder()
    if folder is None:
        return read()
    origin = _origin(text, how, base_dir)
    entry = folder / f"{_name(origin)}.pickle"
    model = _load(entry, origin)
    if model is None:
        model = read()
        _store(folder, entry, origin, model, base_dir)
    return model


def cache_folder() -> Path | None:
    """The folder models are kept in, made if need be; None where nothing is kept (the
    variable set empty, no home, a folder that cannot be made or another user's)."""
    configured = os.environ.get(CACHE_VARIABLE)
    if not hasattr(os, "geteuid"):  # no owner to check an entry against (Windows)
        return None
    if configured is not None:
        if not configured.strip():
            return None
        root = Path(configured)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")  # a relative one is ignored, as the
        try:  # XDG Base Directory specification says
            root = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "scenarios"
        except RuntimeError:  # no home to find
            return None
    folder = root / "models"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.stat(folder)
    except OSError:
        return None
    return folder if stat.S_ISDIR(info.st_mode) and _own(info) else None


class _ModelUnpickler(pickle.Unpickler):
    """An unpickler that builds only what a model is made of: the dataclasses of MODEL_MODULES
    and numpy's arrays and dtypes (what the pickle of a model names, for every format read)."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) in NUMPY_PARTS or module in MODEL_MODULES:
            found = super().find_class(module, name)
            if (module, name) in NUMPY_PARTS or (
                isinstance(found, type) and dataclasses.is_dataclass(found)
            ):
                return found  # type: ignore[no-any-return]
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a model")


MODEL_MODULES = frozenset(
    {
        "scenarios.core.errors",
        "scenarios.model.records",
        "scenarios.model.schema",
        "scenarios.model.time_axis",
    }
)
NUMPY_PARTS = frozenset(
    {
        ("numpy", "dtype"),
        ("numpy", "ndarray"),
        ("numpy._core.numeric", "_frombuffer"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "scalar"),
    }
)


def _own(info: os.stat_result) -> bool:
    """Whether a file or folder is this user's, and only this user may write it."""
    return info.st_uid == os.geteuid() and not info.st_mode & _PRIVATE


def _origin(text: str, how: tuple[str, ...], base_dir: Path) -> tuple[str, ...]:
    """Everything the reading of ``text`` depends on but its sources: an entry is used only
    where the one it keeps is equal, not merely its digest."""
    in_force = (os.environ.get(limits.env_name(name), "") for name in limits.DEFAULTS)
    return (str(LAYOUT), *how, str(base_dir.resolve()), _code(), *in_force, text)


def _name(origin: tuple[str, ...]) -> str:
    """An entry's file name: two 32-bit checksums of ``origin`` (a clash costs a reading,
    never a wrong model: the entry keeps its origin whole)."""
    data = "\0".join(origin).encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


@cache
def _code() -> str:
    """What identifies the code that reads a model: Python's and numpy's versions and the
    size and time of change of each module of the packages that read and make models."""
    package = Path(__file__).resolve().parents[1]
    stamps = [sys.version, np.__version__]
    for part in READERS:
        for folder, subfolders, files in os.walk(package / part):
            subfolders[:] = sorted(s for s in subfolders if s != "__pycache__")
            for name in sorted(f for f in files if f.endswith(".py")):
                info = os.stat(os.path.join(folder, name))
                stamps.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(stamps)


READERS = ("core", "cpt", "io", "model")  # the packages a model's reading and its classes are in


def _load(entry: Path, origin: tuple[str, ...]) -> Model | None:
    """The model kept in ``entry`` when it is there, this user's, whole, read from ``origin``,
    and its sources are as they were; None otherwise."""
    try:
        handle = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with open(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not (stat.S_ISREG(info.st_mode) and _own(info)) or info.st_size > MAX_ENTRY_BYTES:
            return None
        data = stream.read()
    try:
        layout, stored, sources, model = _ModelUnpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged entry (a full disk, another version's): read the model again
        return None
    if (layout, stored) != (LAYOUT, origin) or not isinstance(model, Model):
        return None
    if any(_content(Path(path)) != content for path, content in sources):
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # used now: the last to be dropped
    return model


def _store(
    folder: Path, entry: Path, origin: tuple[str, ...], model: Model, base_dir: Path
) -> None:
    """Keep ``model`` in ``entry`` with its origin and its sources' contents, unless it is
    too large or the folder cannot be written; then drop the least recently used entries."""
    found = (source.located(base_dir)[0] for source in model.sources)
    sources = tuple((str(path), _content(path)) for path in found if path is not None)
    try:
        data = pickle.dumps((LAYOUT, origin, sources, model), protocol=pickle.HIGHEST_PROTOCOL)
    except (MemoryError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return  # the model is read again next time; nothing else depends on its being kept
    if len(data) > MAX_ENTRY_BYTES or entry.is_symlink():  # a write would follow the link
        return
    try:
        atomic.atomic_write_bytes(entry, data)
        os.chmod(entry, 0o600)
    except (OutputError, OSError):
        return
    _drop_old(folder)


def _content(path: Path) -> bytes | str:
    """The bytes at ``path`` (remembered as an input, as reading the source is), or what
    stands there instead: nothing, something other than a file, a file that cannot be read."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO must not block
    except FileNotFoundError:
        return "absent"
    except OSError:
        return "unreadable"
    with open(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            return "not a file"
        remember_input(path)
        try:
            return stream.read(MAX_SOURCE_BYTES + 1)
        except OSError:
            return "unreadable"


def _drop_old(folder: Path) -> None:
    """Delete the least recently used entries beyond MAX_ENTRIES or MAX_CACHE_BYTES in all
    (other processes may be deleting them too)."""
    entries = []
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for item in found:
            with contextlib.suppress(OSError):  # gone meanwhile
                info = item.stat()
                if item.name.endswith(".pickle"):
                    entries.append((info.st_mtime_ns, info.st_size, item.path))
    total = 0
    for count, (_, size, path) in enumerate(sorted(entries, reverse=True), 1):
        total += size
        if count > MAX_ENTRIES or total > MAX_CACHE_BYTES:
            with contextlib.suppress(OSError):
                os.unlink(path)
