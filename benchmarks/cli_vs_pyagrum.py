"""Whole-process time of the command line against a pyAgrum script doing the same query.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/cli_vs_pyagrum.py
     [--runs 9] [--json results.json]

Each command runs as a new process, the commands interleaved run by run (so all see the same
machine load), after one untimed run each to warm the disk cache; reported: the median of
--runs of the child's CPU time (user + system) and of its wall time. Commands:
``scenarios --help``, ``scenarios query -e is_funding=high -t defection_rate`` on the
bundled model, and a pyAgrum script that loads the same model (written as BIF by ``scenarios
convert``) and asks the same posterior. For scale: an empty interpreter and ``import numpy``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = """
import pyagrum as gum
gum.setNumberOfThreads(1)
bn = gum.loadBN({path!r})
inference = gum.LazyPropagation(bn)
inference.setEvidence({{"is_funding": "high"}})
inference.makeInference()
print(inference.posterior("defection_rate"))
"""


def once(argv: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one run of ``argv`` as a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def interleaved(cases: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median CPU and wall seconds per case, the cases taking turns run by run."""
    for argv in cases.values():
        once(argv)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            times[name].append(once(argv))
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
    with tempfile.TemporaryDirectory() as tmp:
        bif = Path(tmp) / "khorasan.bif"
        subprocess.run(
            [scenarios, "convert", "khorasan", str(bif)], check=True, capture_output=True
        )
        script = Path(tmp) / "query.py"
        script.write_text(SCRIPT.format(path=str(bif)))
        cases = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import numpy'": [sys.executable, "-c", "import numpy"],
            "pyAgrum script (load BIF, query)": [sys.executable, str(script)],
            "scenarios --help": [scenarios, "--help"],
            "scenarios query -e is_funding=high -t defection_rate": [
                scenarios,
                "query",
                "-e",
                "is_funding=high",
                "-t",
                "defection_rate",
            ],
        }
        results = interleaved(cases, args.runs)
    script_cpu, script_wall = results["pyAgrum script (load BIF, query)"]
    print(f"{'command':<54}{'CPU s':>7}{'/ script':>9}{'wall s':>8}{'/ script':>9}")
    for name, (cpu, wall) in results.items():
        print(
            f"{name:<54}{cpu:>7.3f}{cpu / script_cpu:>9.2f}{wall:>8.3f}{wall / script_wall:>9.2f}"
        )
    if args.json:
        from scenarios.io.atomic import atomic_write_bytes

        data = {name: {"cpu_s": c, "wall_s": w} for name, (c, w) in results.items()}
        atomic_write_bytes(args.json, json.dumps(data, indent=2).encode())


if __name__ == "__main__":
    main()
