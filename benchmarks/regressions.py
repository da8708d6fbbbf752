"""Run the headline benchmarks again and print every ratio that got worse than the recorded one.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/regressions.py
     [--record] [--spread 1.3] [--networks child,alarm]

The recorded ratios (ours / pyAgrum's, CPU time, pyAgrum on one thread) live in
``benchmarks/recorded.json`` with the date and commit they were measured at; ``--record``
measures and writes them. Without it, each ratio measured now is set beside the recorded one,
and a ratio more than ``--spread`` times the recorded one (the run-to-run spread of a shared
2-core machine is up to 1.3x) is listed as a regression: exit 1 if there is any. Run by hand
before a release, on a quiet machine; never in the unit tests (they do not assert on time).
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RECORDED = HERE / "recorded.json"
SHAPES = [  # engines.py keys: ours, theirs
    ("cold", "ours_cold", "agrum_cold"),
    ("warm", "ours_warm", "agrum_warm_set"),
    ("new-vars", "ours_new_vars", "agrum_new_vars"),
]  # no-evidence queries are left out: ours copies kept answers in microseconds, so the ratio
# is the timer's noise


def _run(script: str, *args: str) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        subprocess.run(
            [sys.executable, str(HERE / script), *args, "--json", str(out)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return json.loads(out.read_text())


def measure(networks: str) -> dict[str, float]:
    """Every headline ratio, by name: '<network>/k=<k>/<shape>', 'cli/query', 'sweep'."""
    ratios: dict[str, float] = {}
    rows = _run("engines.py", "--networks", networks, "--repeat", "9")
    assert isinstance(rows, list)
    for row in rows:
        for shape, ours, theirs in SHAPES:
            if ours in row and theirs in row:
                key = f"{row['network']}/k={row['findings']}/{shape}"
                ratios[key] = row[ours] / row[theirs]
    cli = _run("cli_vs_pyagrum.py", "--runs", "9")
    assert isinstance(cli, dict)
    script = cli["pyAgrum script, one BLAS thread"]["cpu_s"]
    ratios["cli/query"] = (
        cli["scenarios query -e is_funding=high -t defection_rate"]["cpu_s"] / script
    )
    sweep = _run("khorasan_sweep.py", "--pgmpy", "5")
    assert isinstance(sweep, dict)
    ratios["sweep/batch vs pyAgrum loop"] = sweep["ours_s"] / sweep["pyagrum_s"]
    return ratios


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE
    )
    return done.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="write benchmarks/recorded.json")
    parser.add_argument("--spread", type=float, default=1.3)
    parser.add_argument("--networks", default="asia,child,insurance,alarm,hailfinder,andes")
    args = parser.parse_args()
    ratios = measure(args.networks)
    if args.record:
        data = {"date": datetime.date.today().isoformat(), "commit": _commit(), "ratios": ratios}
        RECORDED.write_text(json.dumps(data, indent=2) + "\n")
        print(f"recorded {len(ratios)} ratios at {data['commit']}")
        return
    recorded = json.loads(RECORDED.read_text())
    print(f"against {recorded['commit']} ({recorded['date']}): ratio now / recorded")
    worse = []
    for key, now in ratios.items():
        before = recorded["ratios"].get(key)
        if before is None:
            print(f"{key:<40}{now:>8.2f}   (not recorded)")
            continue
        flag = "  WORSE" if now > before * args.spread else ""
        print(f"{key:<40}{now:>8.2f}{before:>8.2f}{flag}")
        if flag:
            worse.append(key)
    print(
        f"{len(worse)} regressions beyond {args.spread}x"
        + (": " + ", ".join(worse) if worse else "")
    )
    sys.exit(1 if worse else 0)


if __name__ == "__main__":
    main()
