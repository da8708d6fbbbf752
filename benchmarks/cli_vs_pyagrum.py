"""Whole-process time of the command line against a pyAgrum script doing the same query.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/cli_vs_pyagrum.py
     [--runs 9] [--json results.json]

Each command runs as a new process (median of --runs, after one untimed run to warm the disk
cache): ``scenarios --help``, ``scenarios query -e is_funding=high -t defection_rate`` on the
bundled model, and a pyAgrum script that loads the same model (written as BIF by ``scenarios
convert``) and asks the same posterior. For scale: an empty interpreter and ``import numpy``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = """
import pyagrum as gum
bn = gum.loadBN({path!r})
inference = gum.LazyPropagation(bn)
inference.setEvidence({{"is_funding": "high"}})
inference.makeInference()
print(inference.posterior("defection_rate"))
"""


def timed(argv: list[str], runs: int) -> float:
    subprocess.run(argv, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
        results = {name: timed(argv, args.runs) for name, argv in cases.items()}
    script_time = results["pyAgrum script (load BIF, query)"]
    print(f"{'command':<56}{'seconds':>9}{'/ script':>10}")
    for name, seconds in results.items():
        print(f"{name:<56}{seconds:>9.3f}{seconds / script_time:>10.2f}")
    if args.json:
        from scenarios.io.atomic import atomic_write_bytes

        atomic_write_bytes(args.json, json.dumps(results, indent=2).encode())


if __name__ == "__main__":
    main()
