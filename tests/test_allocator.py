"""Freed memory kept for reuse (glibc): a second query over the same large tables writes into
memory the process already has, instead of faulting fresh pages in."""

from __future__ import annotations

import subprocess
import sys

import pytest

from scenarios.core.allocator import keep_freed_memory

FAULTS = """
import resource, sys
import numpy as np
from scenarios.core.allocator import keep_freed_memory
if sys.argv[1] == "kept":
    assert keep_freed_memory()
def faults(rounds):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(rounds):
        table = np.ones(2**23)  # 64 MiB, as an intermediate table of a large network
        del table
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
faults(1)
print(faults(5))
"""


def _glibc() -> bool:
    return sys.platform.startswith("linux") and keep_freed_memory()


@pytest.mark.skipif(not _glibc(), reason="mallopt is glibc's; other C libraries keep their own")
def test_large_tables_freed_and_made_again_fault_no_new_pages():
    def faults(mode: str) -> int:
        run = subprocess.run(
            [sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, check=True
        )
        return int(run.stdout)

    released, kept = faults("released"), faults("kept")
    assert released >= 5 * 32  # each new table faulted in (at least per 2 MiB huge page)
    assert kept * 10 < released


def test_asking_twice_is_harmless():
    assert keep_freed_memory() == keep_freed_memory()
