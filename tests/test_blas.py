"""The command line runs numpy's BLAS on one thread unless the user chose a number."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios.core.blas import THREAD_VARIABLES, one_blas_thread

# a query through the command line's entry, then the number of threads the process has
QUERY_THEN_THREADS = """
import contextlib, io, re
from pathlib import Path
from scenarios.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["query", "-e", "is_funding=high", "-t", "defection_rate"])
status = Path("/proc/self/status").read_text()
print(code, re.search(r"^Threads:\\s*(\\d+)", status, re.M).group(1))
"""


def threads_after_query(**variables: str) -> tuple[int, int]:
    environment = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    run = subprocess.run(
        [sys.executable, "-c", QUERY_THEN_THREADS],
        capture_output=True,
        text=True,
        check=True,
        env={**environment, **variables},
    )
    code, threads = run.stdout.split()
    return int(code), int(threads)


def test_asks_for_one_thread_only_where_no_count_is_set():
    for name in THREAD_VARIABLES:
        chosen = {name: "3"}
        assert not one_blas_thread(chosen) and chosen == {name: "3"}
    empty: dict[str, str] = {}
    assert one_blas_thread(empty)
    assert empty == {"OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_command_runs_blas_on_one_thread_unless_told_otherwise():
    assert threads_after_query() == (0, 1)
    if (os.cpu_count() or 1) >= 2:  # OpenBLAS starts a thread per core when allowed to
        code, threads = threads_after_query(OPENBLAS_NUM_THREADS="2")
        assert code == 0 and threads >= 2
