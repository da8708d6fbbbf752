"""Python's garbage collector while the command line starts.

Starting a command creates some 300,000 objects (numpy, click, rich, the project's modules,
the model) and frees almost none of them. Each collection those allocations trigger traces
every object made so far, for nothing, and the last collection, at exit, traces them all once
more: a third of ``scenarios query``'s own CPU time (0.245 s -> 0.205 s for the whole process,
issue 29). The command line's process therefore starts with collection paused and, once the
command's modules are imported, moves everything made so far to the collector's permanent
generation (:func:`gc.freeze`, never traced again) and collects as usual from there: a
command's own garbage is collected, during the command and at exit, as it would be otherwise.
A program that uses the library is left alone: only :func:`pause` starts this, and only the
console script calls it.

Example:
    >>> import gc
    >>> resume()  # nothing was paused: nothing changes
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import gc

_paused = [False]  # whether pause() turned collection off, for resume() to turn it on again


def pause() -> None:
    """Stop collecting until :func:`resume` (unless collection is already off)."""
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def resume() -> bool:
    """Where :func:`pause` stopped collecting: what exists now frozen, collection on again.
    Whether it did anything."""
    if not _paused[0]:
        return False
    _paused[0] = False
    gc.freeze()
    gc.enable()
    return True
