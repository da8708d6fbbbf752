"""Forecasts over many time slices: this engine against pyAgrum, same question.

Run: .venv/bin/python benchmarks/time_slices.py [--slices 10,100,1000] [--runs 5] [--json F]

The umbrella world (examples/umbrella-world.yaml) over N slices, the umbrella observed on
every other day: every slice's posterior of rain. Ours: read the model, unroll it, compile,
one query for all slices. pyAgrum: its 2-TBN template unrolled (``KTBN.unroll``) with
LazyPropagation, and its ``KTBNInference`` (no unrolling). Answers compared to 1e-9 first;
process CPU time, median, interleaved, one thread each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from agrum import _gum  # noqa: F401  (pins BLAS and pyAgrum to one thread)

from scenarios import Engine, parse_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORLD = (ROOT / "examples" / "umbrella-world.yaml").read_text()


def ours(slices: int) -> list[float]:
    text = WORLD.replace("slices: 4, starts: 2026-01-01", f"slices: {slices}")
    engine = Engine(parse_model(text, "world.yaml"))
    evidence = {f"umbrella@{t}": "yes" for t in range(0, slices, 2)}
    found = engine.query(evidence, [f"rain@{t}" for t in range(slices)])
    return [found[f"rain@{t}"]["yes"] for t in range(slices)]


def template():
    import pyagrum as gum
    import pyagrum.ktbn as ktbn

    model = ktbn.KTBN(2)
    for name in ("rain", "umbrella"):
        model.addTemporal(gum.LabelizedVariable(name, name, ["no", "yes"]))
    model.addArc("rain", 0, "rain", 1)
    for s in (0, 1):
        model.addArc("rain", s, "umbrella", s)
        model.fillCPT("umbrella", s, {("rain", s): 0}, [0.8, 0.2])
        model.fillCPT("umbrella", s, {("rain", s): 1}, [0.1, 0.9])
    model.fillCPT("rain", 0, {}, [0.5, 0.5])
    model.fillCPT("rain", 1, {("rain", 0): 0}, [0.7, 0.3])
    model.fillCPT("rain", 1, {("rain", 0): 1}, [0.3, 0.7])
    return model


def agrum_unrolled(slices: int) -> list[float]:
    import pyagrum as gum

    inference = gum.LazyPropagation(template().unroll(slices))
    inference.setEvidence({f"umbrella[{t}]": 1 for t in range(0, slices, 2)})
    inference.makeInference()
    return [inference.posterior(f"rain[{t}]")[1] for t in range(slices)]


def agrum_ktbn(slices: int) -> list[float]:
    import pyagrum.ktbn as ktbn

    model = template()
    inference = ktbn.KTBNInference(model)
    for t in range(0, slices, 2):
        inference.addObservation("umbrella", t, 1)
    inference.addTarget("rain")
    inference.makeInference(slices)
    return [inference.posterior("rain", t)[1] for t in range(slices)]


def cpu(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    print(
        f"{'slices':>7} {'ours ms':>9} {'unrolled':>9} {'k-TBN':>9} {'ratio u':>8} {'ratio k':>8}"
    )
    rows = []
    for slices in (int(s) for s in args.slices.split(",")):
        mine, theirs, kt = ours(slices), agrum_unrolled(slices), agrum_ktbn(slices)
        assert max(abs(a - b) for a, b in zip(mine, theirs, strict=True)) < 1e-9
        assert max(abs(a - b) for a, b in zip(mine, kt, strict=True)) < 1e-9
        times: dict[str, list[float]] = {"ours": [], "unrolled": [], "ktbn": []}
        for _ in range(args.runs):
            times["ours"].append(cpu(ours, slices))
            times["unrolled"].append(cpu(agrum_unrolled, slices))
            times["ktbn"].append(cpu(agrum_ktbn, slices))
        med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
        row = {"slices": slices, **{f"{k}_ms": v for k, v in med.items()}}
        row |= {
            "ratio_unrolled": med["ours"] / med["unrolled"],
            "ratio_ktbn": med["ours"] / med["ktbn"],
        }
        rows.append(row)
        print(
            f"{slices:>7} {med['ours']:>9.1f} {med['unrolled']:>9.1f} {med['ktbn']:>9.1f} "
            f"{row['ratio_unrolled']:>8.2f} {row['ratio_ktbn']:>8.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
