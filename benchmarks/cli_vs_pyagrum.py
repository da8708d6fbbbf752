"""Whole-process time of the command line against a pyAgrum script doing the same query.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/cli_vs_pyagrum.py
     [--runs 9] [--json results.json]

Each command runs as a new process, the commands interleaved run by run (so all see the same
machine load), after one untimed run each to warm the disk cache (and the command line's cache
of models read); reported: the median of --runs of the child's CPU time (user + system) and of
its wall time, and their ratios to the pyAgrum script on one BLAS thread (issue 29: both
single-threaded). Commands: ``scenarios --help``, ``scenarios query -e is_funding=high -t
defection_rate`` on the bundled model (taken from the cache of models read, as every query
after a model's first is; and read afresh, the cache off), and a pyAgrum script that loads the
same model (written as BIF by ``scenarios convert``) and asks the same posterior. For scale:
an empty interpreter and ``import numpy``. The command line runs OpenBLAS on one thread unless
told otherwise (scenarios.core.blas), a script on as many as there are cores: both are also
run the other way, to show what that choice is worth. The thread variables of the shell it runs
from are not passed on (with OPENBLAS_NUM_THREADS=1 exported, the script's row was the
one-thread row). The package's bytecode is compiled first, as pip does for an installed wheel:
with PYTHONDONTWRITEBYTECODE set, every run would compile the modules changed since.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scenarios.core.blas import THREAD_VARIABLES

SCRIPT_ROW = "pyAgrum script, one BLAS thread"
QUERY_ROW = "scenarios query -e is_funding=high -t defection_rate"

SCRIPT = """
import pyagrum as gum
gum.setNumberOfThreads(1)
bn = gum.loadBN({path!r})
inference = gum.LazyPropagation(bn)
inference.setEvidence({{"is_funding": "high"}})
inference.makeInference()
print(inference.posterior("defection_rate"))
"""


Case = tuple[list[str], dict[str, str]]  # argv, and the variables set in its environment


def once(case: Case) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run of ``argv`` as a new process."""
    argv, variables = case
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    inherited = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    subprocess.run(argv, check=True, capture_output=True, env={**inherited, **variables})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def interleaved(cases: dict[str, Case], runs: int) -> dict[str, tuple[float, float]]:
    """Median CPU and wall seconds per case, the cases taking turns run by run."""
    for case in cases.values():
        once(case)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            times[name].append(once(case))
    return {
        name: (statistics.median(c for c, _ in t), statistics.median(w for _, w in t))
        for name, t in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    scenarios = str(bin_dir / "scenarios")
    package = Path(str(importlib.util.find_spec("scenarios").origin)).parent  # type: ignore[union-attr]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        results = interleaved(_cases(scenarios, Path(tmp)), args.runs)
    script_cpu, script_wall = results[SCRIPT_ROW]
    print(f"{'command':<54}{'CPU s':>7}{'/ script':>9}{'wall s':>8}{'/ script':>9}")
    for name, (cpu, wall) in results.items():
        print(
            f"{name:<54}{cpu:>7.3f}{cpu / script_cpu:>9.2f}{wall:>8.3f}{wall / script_wall:>9.2f}"
        )
    if args.json:
        from scenarios.io.atomic import atomic_write_bytes

        data = {name: {"cpu_s": c, "wall_s": w} for name, (c, w) in results.items()}
        atomic_write_bytes(args.json, json.dumps(data, indent=2).encode())


def _cases(scenarios: str, tmp: Path) -> dict[str, Case]:
    """The commands, each with the variables set in its environment."""
    bif = tmp / "khorasan.bif"
    subprocess.run([scenarios, "convert", "khorasan", str(bif)], check=True, capture_output=True)
    script = tmp / "query.py"
    script.write_text(SCRIPT.format(path=str(bif)))
    query = [scenarios, "query", "-e", "is_funding=high", "-t", "defection_rate"]
    one, kept = {"OPENBLAS_NUM_THREADS": "1"}, {"SCENARIOS_CACHE_DIR": str(tmp / "cache")}
    return {
        "python -c pass": ([sys.executable, "-c", "pass"], {}),
        "python -c 'import numpy'": ([sys.executable, "-c", "import numpy"], {}),
        SCRIPT_ROW: ([sys.executable, str(script)], one),
        "the same, BLAS threads as many as cores": ([sys.executable, str(script)], {}),
        "scenarios --help": ([scenarios, "--help"], kept),
        QUERY_ROW: (query, kept),
        "the same, the model read afresh (cache off)": (query, {"SCENARIOS_CACHE_DIR": ""}),
        "the same, OPENBLAS_NUM_THREADS=2": (query, {**kept, "OPENBLAS_NUM_THREADS": "2"}),
    }


if __name__ == "__main__":
    main()
