"""The number of threads numpy's linear algebra library (BLAS) runs on.

OpenBLAS, the library numpy's wheels bring, starts a thread per core when numpy is imported;
on this project's work that costs more than it gives. Starting them takes 70 ms of CPU (half of
``import numpy``), more than a whole query on the bundled model, and on munin1, whose queries
multiply the largest matrices of the bundled benchmarks, two threads took 0.73 s of CPU for
0.52 s of wall time where one took 0.54 s for 0.54 s. The command line therefore asks for one
thread before numpy is imported, unless the user chose a number (``OPENBLAS_NUM_THREADS``,
``MKL_NUM_THREADS`` or ``OMP_NUM_THREADS`` set). It has no effect once numpy is loaded.

Example:
    >>> import os
    >>> environment = {"OMP_NUM_THREADS": "4"}
    >>> one_blas_thread(environment)
    False
    >>> environment
    {'OMP_NUM_THREADS': '4'}
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread(environment: MutableMapping[str, str] | None = None) -> bool:
    """Ask BLAS for one thread in ``environment`` (default: this process's) unless a thread
    count is already set there; whether it asked."""
    environment = os.environ if environment is None else environment
    if any(name in environment for name in THREAD_VARIABLES):
        return False
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment["MKL_NUM_THREADS"] = "1"
    return True
