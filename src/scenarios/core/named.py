"""Functions and modules imported by name, when first used.

A registry that names its functions instead of importing them (the model file formats, the
output formats) can be listed, as the command line's help lists it, without loading the
modules that do the work, and numpy or rich with them. A module that only some uses of a
command need (the journal behind ``--journal``, the pooling behind ``--analysts``, progress
bars) is bound with :func:`lazy_module`: its code runs at the first use of one of its names,
so a command loads only what it runs (issue 29). The importing module names it under
``TYPE_CHECKING`` as well, so that mypy checks each use and import-linter sees the dependency::

    if TYPE_CHECKING:
        from scenarios.analysis import pool as pooling
    else:
        pooling = lazy_module("scenarios.analysis.pool")

Example:
    >>> named("os.path:join")("a", "b")
    'a/b'
    >>> lazy_module("json").dumps([1])
    '[1]'
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from functools import cache
from types import ModuleType
from typing import Any


@cache
def named(path: str) -> Any:
    """The object that ``path`` (``"module:attribute"``) names, its module imported once."""
    module, attribute = path.split(":")
    return getattr(importlib.import_module(module), attribute)


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, its code run when one of its attributes is first used (the
    standard library's :class:`importlib.util.LazyLoader`); the module itself where it is
    already imported. Its package is imported now, as ``import`` would."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)
    return module
