"""Functions named as ``"package.module:function"`` and imported when first used.

A registry that names its functions instead of importing them (the model file formats, the
output formats) can be listed, as the command line's help lists it, without loading the
modules that do the work, and numpy or rich with them.

Example:
    >>> named("os.path:join")("a", "b")
    'a/b'
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any


@cache
def named(path: str) -> Any:
    """The object that ``path`` (``"module:attribute"``) names, its module imported once."""
    module, attribute = path.split(":")
    return getattr(importlib.import_module(module), attribute)
