"""Freed memory kept for reuse by the process's allocator.

glibc's malloc hands blocks over 128 KiB to the kernel as soon as they are freed and maps
fresh ones for the next allocation, so every query over tables of tens of megabytes pays a page
fault per 4 KiB page it writes: a warm munin1 query took 13,700 of them and 290 ms of system
time (1.27 s in all). Serving large blocks from the heap and keeping what is freed there
removes them (18 faults, 0.93 s), for the price of a resident size that stays at the largest
query's instead of shrinking between queries. The command line asks for it; a program that
uses the library decides for its own process (it changes the allocator for everything in it).

Example:
    >>> isinstance(keep_freed_memory(), bool)  # False where the C library is not glibc
    True
"""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD = -1  # mallopt's parameters (glibc's malloc.h)
M_MMAP_THRESHOLD = -3
KEPT_BYTES = 2**31 - 1  # blocks below this come from the heap; freed memory up to it is kept


def keep_freed_memory(kept: int = KEPT_BYTES) -> bool:
    """Ask glibc's malloc to serve blocks up to ``kept`` bytes from its heap and to keep up to
    ``kept`` freed bytes for reuse. Whether it took effect (not on other C libraries)."""
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, the C library's among them
    except (OSError, TypeError):  # no such handle on Windows
        return False
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None or not hasattr(libc, "gnu_get_libc_version"):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, kept)) and bool(mallopt(M_TRIM_THRESHOLD, kept))
