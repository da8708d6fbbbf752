"""Functions and modules imported by name, when first used.

A registry that names its functions instead of importing them (the model file formats, the
output formats) can be listed, as the command line's help lists it, without loading the
modules that do the work, and numpy or rich with them. A module that only some uses of a
command need (the journal behind ``--journal``, the pooling behind ``--analysts``, progress
bars) is bound with :func:`lazy_module`: it is imported at the first use of one of its names,
so a command loads only what it runs (issue 29). The importing module names it under
``TYPE_CHECKING`` as well, so that mypy checks each use and import-linter sees the dependency::

    if TYPE_CHECKING:
        from scenarios.analysis import pool as pooling
    else:
        pooling = lazy_module("scenarios.analysis.pool")

The binding stands in for the module and hands every name on to it, imported by
:func:`importlib.import_module`: thread-safe as any import is (the standard library's
``LazyLoader`` is not, on Python 3.11), and a test that patches the module patches what the
binding hands on.

Example:
    >>> named("os.path:join")("a", "b")
    'a/b'
    >>> lazy_module("json").dumps([1])
    '[1]'
"""

from __future__ import annotations

import importlib
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
    """The module ``name`` where it is imported already, else a stand-in that imports it at
    the first use of one of its names and hands each name on to it."""
    return sys.modules.get(name) or _Deferred(name)


class _Deferred(ModuleType):
    """A module not imported yet: any name asked of it is the module's own, imported then."""

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy and pydoc probe these: not a use
            raise AttributeError(attribute)
        return getattr(importlib.import_module(self.__name__), attribute)
