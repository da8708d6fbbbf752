"""Files other tools wrote (../shared/corpus/, with sources and licences in its README): each
loads, or is refused with its documented reason; answers match pyAgrum; each round-trips
through every format that can hold it; pyAgrum and pgmpy read every file we write.

pyAgrum's text readers (BIF, NET, DSL, UAI) keep probabilities in single precision and keep
rows that do not sum to 1 as they are, so its own reading is compared within 1e-6 after
normalising its tables; inference is compared within 1e-9 against a pyAgrum network built
through its API from what we read. pyAgrum's UAI and XDSL readers take the tables of nodes
with several parents with the first parent fastest, against both formats (see
docs/formats.md): on aGrUM's own asia.uai that gives P(dyspnoea=yes) = 0.3975 instead of the
published 0.436, which our reading reproduces; for those two formats the reference is the
network built through the API."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path

import numpy as np
import pytest

from helpers import run_cli
from influence import assert_same_policies
from scenarios import Engine, ModelError, load_model, save_model
from scenarios.io.braces import numbers_in, top_block
from scenarios.io.formats import FORMATS
from scenarios.io.names import encode_name

gum = pytest.importorskip("pyagrum")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SUFFIXES = {s for f in FORMATS for s in f.suffixes} - {".yaml", ".yml"}
REFUSED = {  # file -> what the refusal says
    "agrum/bif/BIFReader_file1.bif": "no variables found",  # an empty network
    "agrum/bifxml/BNBIFXMLReader_file1.bifxml": "no variables found",
    "agrum/bif/carpo.bif": "'N117': has no probability table",  # pyAgrum fills zeros
    "agrum/uai/markov_example.uai": "a MARKOV network",
}
NORMALIZE = {"more/xdsl/formed.xdsl"}  # GeNIe's rows at 0.998: read with --normalize only
FILES = sorted(
    str(p.relative_to(CORPUS))
    for p in (CORPUS.rglob("*") if CORPUS.is_dir() else [])
    if p.is_file() and p.suffix.lower() in SUFFIXES
)
ABSENT = pytest.mark.skip(reason="../shared/corpus/ is not beside the project (CI has it)")
CASES = FILES or [pytest.param("", marks=ABSENT)]
READ = [f for f in FILES if f not in REFUSED] or [pytest.param("", marks=ABSENT)]


@pytest.mark.parametrize("name", CASES)
def test_each_file_loads_or_is_refused_with_its_reason(name):
    code, out, err = run_cli(["validate", str(CORPUS / name)])
    assert "Traceback" not in err
    if name in REFUSED:
        assert code == 2 and REFUSED[name] in err, err
    elif name in NORMALIZE:
        assert code == 2 and "--normalize" in err, err
        code, out, err = run_cli(["validate", str(CORPUS / name), "--normalize"])
        assert code == 0 and out.startswith("ok:") and "(--normalize)" in err, err
    else:
        assert code == 0 and out.startswith("ok:"), err


def read_corpus(name: str):
    """A file of the corpus as the tests read it (--normalize where it needs it)."""
    return load_model(CORPUS / name, normalize=name in NORMALIZE)


def theirs(name: str):
    """pyAgrum's own reading, its tables normalised, and how its names map to ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bn = gum.loadBN(str(CORPUS / name))
    for node in bn.names():
        bn.cpt(node).normalizeAsCPT()
    if name.endswith(".xdsl"):  # pyAgrum names XDSL nodes by their titles, ids in descriptions
        return bn, {bn.variable(n).description(): n for n in bn.names()}
    if name.endswith(".uai"):
        return bn, {f"var_{i}": str(i) for i in range(bn.size())}
    return bn, {n: n for n in bn.names()}


def built(model) -> gum.BayesNet:
    """A pyAgrum network with our model's variables and tables, through its API; a variable of
    one state (pyAgrum needs two) is certain, so it is left out and its children's tables
    sliced at it: the same distribution over the rest."""
    kept = [v for v in model.variables.values() if v.cardinality > 1]
    bn = gum.BayesNet(encode_name(model.name))
    for var in kept:
        bn.add(gum.LabelizedVariable(encode_name(var.name), var.name, list(var.states)))
    for var in kept:
        for parent in var.parents:
            if model.variables[parent].cardinality > 1:
                bn.addArc(encode_name(parent), encode_name(var.name))
    for var in kept:
        parents = [p for p in var.parents if model.variables[p].cardinality > 1]
        table = var.cpt[
            tuple(0 if model.variables[p].cardinality == 1 else slice(None) for p in var.parents)
        ]
        cards = [range(model.variables[p].cardinality) for p in parents]
        for combo in itertools.product(*cards):
            where = {encode_name(p): i for p, i in zip(parents, combo, strict=True)}
            bn.cpt(encode_name(var.name))[where] = table[combo].tolist()
    return bn


def posteriors(bn, names: dict[str, str], evidence: dict[str, int]) -> dict[str, np.ndarray]:
    inference = gum.LazyPropagation(bn)
    inference.setEvidence({names[k]: v for k, v in evidence.items()})
    inference.makeInference()
    return {ours: inference.posterior(name).toarray() for ours, name in names.items()}


def ours(model, evidence: dict[str, int]) -> dict[str, np.ndarray]:
    hard = {k: model.variables[k].states[v] for k, v in evidence.items()}
    result = Engine(model).query(hard, model.names)
    return {n: np.array([result[n][s] for s in model.variables[n].states]) for n in model.names}


def evidence_for(model) -> dict[str, int]:
    """A finding on the last variable (its first state), when that is possible."""
    last = model.names[-1]
    return {last: 0} if len(model.names) > 1 else {}


INFLUENCE_DIAGRAMS = {  # file -> its decisions, in the order they are taken
    "agrum/ID/Pinball.xdsl": ["BusinessDecision", "Location", "Setting"],
    "agrum/ID/decAsia.xml": ["H", "Ta"],
    "more/net/RegularID.net": ["D2", "D3", "D5", "D6"],
}
PYAGRUM_CANNOT_READ = {  # file -> why pyAgrum's own reader refuses it
    "agrum/ID/": "an influence diagram: loadBN takes no decision or utility node (loadID below)",
    "more/net/RegularID.net": "an influence diagram (and pyAgrum reads no NET one)",
    "more/bif/gold_alarm_javabayes.bif": "its BIF parser takes no quoted names",
    "more/xmlbif/dog-problem.xml": "it reads XMLBIF by the .bifxml suffix only",
    "more/net/Cardio7Final4.net": "its variables need two states; this file has one-state nodes",
    "more/dne/": "it has no DNE reader (Netica's saved beliefs are the reference instead)",
}


def pyagrum_reads(name: str) -> bool:
    return not any(name.startswith(prefix) for prefix in PYAGRUM_CANNOT_READ)


@pytest.mark.parametrize("name", READ)
def test_answers_match_pyagrum(name):
    model = read_corpus(name)
    evidence = evidence_for(model)
    mine = ours(model, evidence)
    certain = [n for n in model.names if model.variables[n].cardinality > 1]
    exact = posteriors(built(model), {n: encode_name(n) for n in certain}, evidence)
    for variable in certain:
        np.testing.assert_allclose(mine[variable], exact[variable], rtol=0, atol=1e-9)
    if Path(name).suffix in PYAGRUM_MISORDERS or not pyagrum_reads(name):
        return
    bn, names = theirs(name)
    assert set(names) == set(model.names)
    read = posteriors(bn, names, evidence)
    for variable in model.names:
        np.testing.assert_allclose(mine[variable], read[variable], rtol=0, atol=1e-6)


WRITTEN = [f for f in FORMATS if f.writable]
PYAGRUM_MISORDERS = {".uai", ".xdsl"}


def test_asia_in_uai_gives_the_published_marginal():
    """Lauritzen and Spiegelhalter's Asia: P(dyspnoea = yes) = 0.436 (var_6, state 0), exactly
    0.4359706 from its tables."""
    if not FILES:
        pytest.skip("../shared/corpus/ is not beside the project (CI has it)")
    model = load_model(CORPUS / "agrum/uai/asia.uai")
    assert Engine(model).query({}, ["var_6"])["var_6"]["0"] == pytest.approx(0.4359706, abs=1e-12)


@pytest.mark.parametrize("fmt", WRITTEN, ids=lambda f: f.name)
@pytest.mark.parametrize("name", READ)
def test_round_trip_through_every_format_and_other_readers_take_it(name, fmt, tmp_path):
    model = read_corpus(name)
    path = tmp_path / f"m{fmt.suffixes[-1]}"  # .bifxml: pyAgrum takes XMLBIF by that suffix
    save_model(model, path)
    back = load_model(path)
    assert len(back.variables) == len(model.variables)
    for mine, other in zip(model.variables.values(), back.variables.values(), strict=True):
        if fmt.keeps_names:
            assert (other.name, other.states, other.parents) == (
                mine.name,
                mine.states,
                mine.parents,
            )
        np.testing.assert_allclose(other.cpt, mine.cpt, rtol=0, atol=1e-12)
    one_state = any(v.cardinality == 1 for v in model.variables.values())  # pyAgrum needs 2
    if name in INFLUENCE_DIAGRAMS:  # see test_influence_diagrams_match_pyagrum
        return
    if fmt.name in ("BIF", "XMLBIF", "NET", "XDSL", "UAI") and not one_state:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert gum.loadBN(str(path)).size() == len(model.variables)


PGMPY_TEXT_READERS_VARIABLES = 40  # pgmpy's BIF and NET readers are slow beyond this


@pytest.mark.parametrize("suffix", [".bif", ".xml", ".net", ".xdsl"])
@pytest.mark.parametrize("name", READ)
def test_pgmpy_reads_what_we_write(name, suffix, tmp_path):
    from pgmpy.readwrite import BIFReader, NETReader, XDSLReader, XMLBIFReader

    if name in INFLUENCE_DIAGRAMS:
        pytest.skip("pgmpy reads no influence diagram (decision and utility nodes)")
    model = read_corpus(name)
    if suffix in (".net", ".bif") and len(model.variables) > PGMPY_TEXT_READERS_VARIABLES:
        pytest.skip(
            f"pgmpy's {suffix} reader takes minutes on {len(model.variables)} variables (605 s "
            "on Pathfinder.net as NET); its XMLBIF and XDSL readers read the file here"
        )
    path = tmp_path / f"m{suffix}"
    save_model(model, path)
    reader = {".bif": BIFReader, ".xml": XMLBIFReader, ".net": NETReader, ".xdsl": XDSLReader}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        network = reader[suffix](str(path)).get_model()
    assert len(network.nodes()) == len(model.variables)


def test_a_refused_file_is_refused_by_the_api_too():
    if not FILES:
        pytest.skip("../shared/corpus/ is not beside the project (CI has it)")
    with pytest.raises(ModelError, match="MARKOV"):
        load_model(CORPUS / "agrum/uai/markov_example.uai")


SAVED_BELIEFS = [f for f in FILES if f.endswith(".dne")] or [pytest.param("", marks=ABSENT)]


@pytest.mark.parametrize("name", SAVED_BELIEFS)
def test_netica_files_match_the_beliefs_netica_saved_in_them(name):
    """Netica writes each node's beliefs (no findings in these files) as it computed them,
    in single precision: our priors agree to 1e-6 (coma.dne, with its title boxes left out,
    to 1e-15)."""
    text = (CORPUS / name).read_text(encoding="latin-1")
    net = top_block(text, name, "DNE", "bnet", "")
    model = read_corpus(name)
    engine = Engine(model)
    compared = 0
    for node in net.blocks("node"):
        saved = node.value("belief")
        if saved is None or node.name not in model.variables:
            continue
        prior = engine.query({}, [node.name])[node.name]
        np.testing.assert_allclose(
            list(prior.values()), [float(x) for x in numbers_in(saved)], rtol=0, atol=1e-6
        )
        compared += 1
    assert compared >= 5


def test_a_smile_noisy_max_node_is_its_expanded_table():
    """SMILE wrote the same network twice: with a noisy-MAX node, and with its table."""
    if not FILES:
        pytest.skip("../shared/corpus/ is not beside the project (CI has it)")
    gate = read_corpus("more/xdsl/CancerOR2.xdsl").variables["LungCancer"]
    table = read_corpus("more/xdsl/CancerOR2_CPT.xdsl").variables["LungCancer"]
    np.testing.assert_allclose(gate.cpt, table.cpt, rtol=0, atol=1e-15)


IDS = sorted(INFLUENCE_DIAGRAMS) if FILES else [pytest.param("", marks=ABSENT)]


@pytest.mark.parametrize("name", IDS)
def test_influence_diagrams_match_pyagrum(name, tmp_path):
    """MEU and policies of every influence diagram of the corpus equal pyAgrum's
    ShaferShenoyLIMIDInference (no-forgetting, in the decisions' order) to 1e-9: read by
    pyAgrum itself where it reads the format (decAsia.xml), else from the XMLBIF we write
    (pyAgrum reads no XDSL or NET influence diagram); the decisions keep their own files'
    utilities and information arcs in every format that holds them."""
    from scenarios.engine.decisions import DecisionSolver

    model = read_corpus(name)
    assert model.decisions == INFLUENCE_DIAGRAMS[name] and model.utilities
    solution = DecisionSolver(model).solve()
    path = CORPUS / name
    if not name.endswith(".xml"):
        path = tmp_path / "diagram.bifxml"
        save_model(model, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        diagram = gum.loadID(str(path))
    inference = gum.ShaferShenoyLIMIDInference(diagram)
    inference.addNoForgettingAssumption(INFLUENCE_DIAGRAMS[name])
    inference.makeInference()
    assert solution.meu == pytest.approx(inference.MEU()["mean"], abs=1e-9)
    assert_same_policies(solution, inference, tie=1e-9)
    for suffix in (".xml", ".net", ".xdsl", ".yaml"):
        save_model(model, tmp_path / f"again{suffix}")
        again = load_model(tmp_path / f"again{suffix}")
        assert again.decisions == model.decisions and set(again.utilities) == set(model.utilities)
        assert DecisionSolver(again).solve().meu == pytest.approx(solution.meu, abs=1e-9)
