"""Ask the Khorasan model three planning questions through the Python API.

Run: python examples/quickstart.py
"""

from pathlib import Path

from scenarios import Engine, QueryError, load_model

MODEL = Path(__file__).resolve().parents[1] / "models" / "khorasan.yaml"


def expected_level(distribution: dict[str, float]) -> float:
    """Mean position of an ordinal variable on a 0..1 scale."""
    step = 1 / (len(distribution) - 1)
    return sum(i * step * p for i, p in enumerate(distribution.values()))


def main() -> None:
    engine = Engine(load_model(MODEL))

    # 1. What does an IS funding surge do to defections?
    for funding in ("low", "medium", "high"):
        result = engine.query({"is_funding": funding}, ["defection_rate"])
        level = expected_level(result["defection_rate"])
        print(f"is_funding={funding:<6}  expected defection level {level:.3f}")

    # 2. If the Taliban confronts IS, where do pro-IS elements go?
    result = engine.query({"taliban_stance": "confront"}, ["fata_relocation", "secret_pact"])
    print(f"P(relocation to FATA | confront) = {result['fata_relocation']['yes']:.3f}")

    # 3. Diagnostic reasoning: we observe a senior defection. What changed upstream?
    result = engine.query({"senior_defection": "yes"}, ["leadership_grievance", "is_funding"])
    print(
        f"P(leadership grievance high | senior defection) = "
        f"{result['leadership_grievance']['high']:.3f}"
    )
    print(f"P(evidence) = {result.probability_of_evidence:.4f}")

    # Mistakes are errors that say what to do, never a wrong number.
    try:
        engine.query({"is_funding": "hihg"})
    except QueryError as exc:
        print(exc)


if __name__ == "__main__":
    main()
