"""``scenarios explore``: the session's answers against enumeration under every kind of
finding and any sequence of changes, undos and redos; the Textual app driven by its Pilot
(what it shows equals Engine.query); saving and loading scenarios; bad input inside the app."""

from __future__ import annotations

import asyncio
import html
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enumeration import enumerate_joint, jeffrey_joint, marginal
from helpers import ROOT, SPRINKLER, run_cli
from scenarios import Engine, Evidence, load_model, parse_model, save_model
from scenarios.analysis.uncertainty import posterior_intervals
from scenarios.cli.explore import open_session
from scenarios.cli.options import Findings, ModelSource
from scenarios.core.errors import ImpossibleEvidenceError, ModelError, QueryError
from scenarios.explore.app import ExplorerApp
from scenarios.explore.dialogs import ChoiceDialog, MessageScreen, TextDialog
from scenarios.explore.display import Draws
from scenarios.explore.session import Session
from scenarios.io.scenariofile import load_scenario_file

from strategies import networks

SCENARIOS = ROOT / "examples" / "khorasan-scenarios.yaml"
# -- the session, against enumeration ------------------------------------------------------


def expected(model, evidence: Evidence) -> dict[str, np.ndarray]:
    if evidence.beliefs:
        joint = jeffrey_joint(model, evidence)
    else:
        joint, _ = enumerate_joint(model, evidence)
    return {n: marginal(model, joint, [n]) for n in model.names}


def assert_frame(session: Session, evidence: Evidence) -> None:
    assert session.frame.evidence == evidence
    want = expected(session.model, evidence)
    for name, posterior in session.frame.posteriors.items():
        assert np.allclose(list(posterior.values()), want[name], atol=1e-9), name


@st.composite
def steps(draw):
    """A network and changes a planner makes: findings of every kind, clears, undo, redo."""
    model = draw(networks(max_nodes=5))
    names, moves = model.names, []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["=", "do", "~", ":=", "clear", "undo", "redo"]))
        name = draw(st.sampled_from(names))
        states = model.variables[name].states
        if kind in ("=", "do"):
            moves.append((kind, name, draw(st.sampled_from(states))))
        elif kind in ("~", ":="):
            values = draw(st.lists(st.sampled_from([0.1, 0.3, 1.0]), min_size=len(states)))
            values = values[: len(states)]
            if kind == ":=":
                values = [v / sum(values) for v in values]
            moves.append(
                (kind, name, ",".join(f"{s}:{v!r}" for s, v in zip(states, values, strict=True)))
            )
        else:
            moves.append((kind, name, ""))
    return model, moves


def apply(session: Session, current: Evidence, kind: str, name: str, arg: str) -> Evidence:
    """Make the change in the session; return the evidence it should hold then."""
    if kind == "=":
        session.set_finding(name, arg)
        return current.with_finding(name, arg)
    if kind == "do":
        session.set_intervention(name, arg)
        return current.with_intervention(name, arg)
    if kind == "clear":
        session.clear(name)
        return current.without(name)
    session.set_numbers(name, kind, arg)
    numbers = {s: float(v) for s, v in (part.split(":") for part in arg.split(","))}
    given = Evidence(soft={name: numbers}) if kind == "~" else Evidence(beliefs={name: numbers})
    return current.merged(given)


@settings(max_examples=60, deadline=None)
@given(steps())
def test_every_change_undo_and_redo_gives_the_enumerated_posteriors(case):
    """The session follows a plain list of evidence (undo steps back, a change drops what
    could be redone); after each step every posterior equals enumeration to 1e-9, and a
    change the model cannot take leaves everything as it was."""
    model, moves = case
    session = Session(model)
    history, position = [Evidence()], 0
    for kind, name, arg in moves:
        if kind == "undo":
            assert session.undo() == (position > 0)
            position = max(position - 1, 0)
        elif kind == "redo":
            assert session.redo() == (position < len(history) - 1)
            position = min(position + 1, len(history) - 1)
        else:
            try:
                new = apply(session, history[position], kind, name, arg)
            except (ImpossibleEvidenceError, QueryError):
                pass  # refused: nothing changed (checked below)
            else:
                del history[position + 1 :]
                history.append(new)
                position += 1
        assert_frame(session, history[position])


def test_a_change_the_model_cannot_take_is_refused_and_nothing_moves(write_model):
    session = Session(load_model(write_model(SPRINKLER)))
    session.set_finding("rain", "no")
    session.set_finding("sprinkler", "off")
    before = session.frame
    with pytest.raises(ImpossibleEvidenceError):
        session.set_finding("wet", "wet")
    with pytest.raises(QueryError, match="unknown state 'damp'"):
        session.set_finding("wet", "damp")
    with pytest.raises(QueryError, match="sums to 1.5"):
        session.set_numbers("wet", ":=", "dry:0.5,wet:1")
    assert session.frame is before
    assert session.undo() and session.frame.evidence == Evidence({"rain": "no"})


def test_the_baseline_is_a_scenarios_answer():
    scenarios = load_scenario_file(SCENARIOS)
    session = Session(scenarios.model, scenarios)
    session.set_baseline("is_funding_surge")
    want = Engine(scenarios.model).query(scenarios.scenarios["is_funding_surge"].evidence)
    assert session.reference.posteriors == want.posteriors
    with pytest.raises(QueryError, match="no scenario 'nope'"):
        session.set_baseline("nope")
    assert session.baseline == "is_funding_surge"


# -- the app, driven by its Pilot ------------------------------------------------------------

PERCENT = re.compile(r"^  (\S.*?)\s+\S*\s+(\d+\.\d)%", re.M)


def shown(app: ExplorerApp) -> dict[str, dict[str, float]]:
    """The percentages each variable's block shows, read off the list's prompts."""
    listing = app.query_one("#variables")
    out = {}
    for index in range(listing.option_count):
        option = listing.get_option_at_index(index)
        if option.id:
            lines = str(option.prompt).splitlines()[1:]
            states = app.session.model.variables[option.id].states
            out[option.id] = {
                s: float(re.search(r"(\d+\.\d)%", line).group(1))
                for s, line in zip(states, lines, strict=True)
            }
    return out


def assert_shows(app: ExplorerApp, evidence: Evidence) -> None:
    """The screen shows Engine.query's answer to ``evidence`` (to its 0.1% rounding), and
    the session holds it exactly."""
    assert app.session.frame.evidence == evidence
    want = Engine(app.session.model).query(evidence).posteriors
    for name, per_state in shown(app).items():
        for state, percent in per_state.items():
            assert abs(percent - 100 * want[name][state]) <= 0.05 + 1e-9, (name, state)
    for name, posterior in app.session.frame.posteriors.items():
        assert np.allclose(list(posterior.values()), list(want[name].values()), atol=1e-12)


def screen_text(app: ExplorerApp) -> str:
    """The characters on screen (from the SVG screenshot Textual takes), spaces as spaces."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def drive(app: ExplorerApp, script, size=(80, 24)) -> None:
    async def run():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(run())


def khorasan_app(**kwargs) -> ExplorerApp:
    scenarios = load_scenario_file(SCENARIOS)
    return ExplorerApp(Session(scenarios.model, scenarios, SCENARIOS), **kwargs)


def select(app: ExplorerApp, name: str) -> None:
    listing = app.query_one("#variables")
    listing.highlighted = listing.get_option_index(name)


def test_keys_set_clear_undo_redo_and_do_show_what_the_engine_answers():
    app = khorasan_app()

    async def script(pilot):
        assert_shows(app, Evidence())
        select(app, "is_funding")
        await pilot.press("3")  # the third state
        assert_shows(app, Evidence({"is_funding": "high"}))
        select(app, "peace_process")
        await pilot.press("enter")  # the state picker
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")
        assert_shows(app, Evidence({"is_funding": "high", "peace_process": "talks"}))
        select(app, "taliban_stance")
        await pilot.press("d", "down", "down", "enter")
        both = Evidence({"is_funding": "high", "peace_process": "talks"})
        assert_shows(app, both.with_intervention("taliban_stance", "confront"))
        await pilot.press("u")
        assert_shows(app, both)
        await pilot.press("U")
        assert_shows(app, both.with_intervention("taliban_stance", "confront"))
        select(app, "is_funding")
        await pilot.press("x")
        assert_shows(app, Evidence({"peace_process": "talks"}, do={"taliban_stance": "confront"}))
        await pilot.press("X")
        assert_shows(app, Evidence())
        await pilot.press("u")
        assert_shows(app, Evidence({"peace_process": "talks"}, do={"taliban_stance": "confront"}))
        await pilot.press("u")
        assert_shows(app, both.with_intervention("taliban_stance", "confront"))

    drive(app, script)


def test_likelihoods_and_beliefs_are_typed_as_on_the_command_line():
    app = khorasan_app()

    async def script(pilot):
        select(app, "peace_process")
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        field = dialog.query_one("Input")
        field.value = "stalled:0.2,talks:1,advancing:0.5"
        await pilot.press("enter")
        report = {"stalled": 0.2, "talks": 1.0, "advancing": 0.5}
        assert_shows(app, Evidence(soft={"peace_process": report}))
        select(app, "is_funding")
        await pilot.press("b")
        field = app.screen.query_one("Input")
        field.value = "low:0.5,medium:0.9"  # sums to 1.4: said in the dialog, which stays
        await pilot.press("enter")
        assert isinstance(app.screen, TextDialog)
        assert "sums to 1.4" in str(app.screen.query_one(".error").render())
        field.value = "low:0.5,medium:0.3,high:0.2"
        await pilot.press("enter")
        belief = {"low": 0.5, "medium": 0.3, "high": 0.2}
        assert_shows(app, Evidence(soft={"peace_process": report}, beliefs={"is_funding": belief}))
        assert np.isclose(app.session.frame.posteriors["is_funding"]["low"], 0.5, atol=1e-9)
        await pilot.press("escape")

    drive(app, script)


def test_impossible_evidence_is_said_in_the_app_and_the_screen_keeps_its_state(write_model):
    app = ExplorerApp(Session(load_model(write_model(SPRINKLER))))

    async def script(pilot):
        for name, key in (("rain", "1"), ("sprinkler", "1"), ("wet", "2")):
            select(app, name)
            await pilot.press(key)
        await pilot.pause()
        assert_shows(app, Evidence({"rain": "no", "sprinkler": "off"}))
        assert any("impossible" in n.message.lower() for n in app._notifications)
        select(app, "wet")
        await pilot.press("9")  # wet has two states
        assert_shows(app, Evidence({"rain": "no", "sprinkler": "off"}))

    drive(app, script)


def test_save_writes_a_scenario_keeping_the_files_comments_and_load_reads_it_back(tmp_path):
    path = tmp_path / "mine.yaml"
    shutil.copy(SCENARIOS, path)
    path.chmod(0o640)
    before = path.read_text(encoding="utf-8")
    scenarios = load_scenario_file(path)
    app = ExplorerApp(Session(scenarios.model, scenarios, path))
    evidence = Evidence({"is_funding": "high"}, do={"taliban_stance": "confront"})

    async def script(pilot):
        for name, key in (("is_funding", "3"), ("taliban_stance", "d")):
            select(app, name)
            await pilot.press(key)
        await pilot.press("down", "down", "enter")
        assert_shows(app, evidence)
        await pilot.press("w")
        first, second = app.screen.query("Input")
        first.value = "status_quo"  # taken: said in the dialog
        await pilot.press("enter")
        assert "already has a scenario 'status_quo'" in str(app.screen.query_one(".error").render())
        first.value, second.value = "surge and confront", "Money pours in; they fight."
        await pilot.press("enter")
        assert not isinstance(app.screen, TextDialog)
        await pilot.press("X")
        assert_shows(app, Evidence())
        await pilot.press("o")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("end", "enter")  # the scenario just saved is the last
        assert_shows(app, evidence)

    drive(app, script)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n"))  # every line kept, comments and order
    assert "  surge and confront:\n    description: Money pours in; they fight.\n" in text
    assert path.stat().st_mode & 0o777 == 0o640
    saved = load_scenario_file(path).scenarios["surge and confront"]
    assert saved.evidence == evidence


def test_saving_without_a_scenario_file_says_how():
    app = ExplorerApp(Session(load_model()))

    async def script(pilot):
        await pilot.press("w")
        assert "--scenarios FILE" in app._notifications.__iter__().__next__().message

    drive(app, script)


def test_a_new_scenario_file_is_created_on_the_first_save(tmp_path):
    path = tmp_path / "new.yaml"
    app = ExplorerApp(Session(load_model(), None, path))

    async def script(pilot):
        select(app, "is_funding")
        await pilot.press("1", "w")
        app.screen.query("Input").first().value = "starved"
        await pilot.press("enter")

    drive(app, script)
    assert path.read_text(encoding="utf-8") == (
        "model: khorasan\nscenarios:\n  starved:\n    evidence: {is_funding: low}\n"
    )


def test_the_baseline_changes_what_the_changes_are_read_against():
    app = khorasan_app()

    async def script(pilot):
        await pilot.press("c")
        names = [o.id for o in app.screen.query_one("OptionList")._options]
        assert names[0] == "" and "is_funding_surge" in names
        app.screen.query_one("OptionList").highlighted = names.index("is_funding_surge")
        await pilot.press("enter")
        assert app.session.baseline == "is_funding_surge"
        block = str(app.query_one("#variables").get_option("is_funding").prompt)
        assert "-" in block.splitlines()[3]  # high: 100% there, its prior here
        assert "vs is_funding_surge │" in str(app.query_one("#status").render())

    drive(app, script)


def test_intervals_are_drawn_in_the_background_and_equal_the_analysis():
    app = khorasan_app(draws=Draws(2000, 0.9, seed=7))

    async def script(pilot):
        select(app, "is_funding")
        await pilot.press("3", "i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        engine = Engine(app.session.model)
        want = posterior_intervals(
            engine, app.session.frame.evidence, app.session.model.names, 2000, 0.9, 7
        )
        assert app.intervals.intervals == want.intervals
        line = str(app.query_one("#variables").get_option("secret_pact").prompt).splitlines()[1]
        iv = want.intervals["secret_pact"]["none"]
        assert f"{iv.low * 100:.0f}–{iv.high * 100:.0f}%" in line
        await pilot.press("i")
        assert "–" not in str(app.query_one("#variables").get_option("secret_pact").prompt)

    drive(app, script)


def test_a_change_while_intervals_are_drawn_redraws_them_for_the_new_evidence():
    app = khorasan_app(draws=Draws(20_000, 0.9, seed=1), intervals=True)

    async def script(pilot):
        select(app, "is_funding")
        await pilot.press("3")  # while the first draws run
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app._intervals_for is app.session.frame.evidence
        assert app.intervals.point == app.session.frame.posteriors

    drive(app, script)


def test_search_keeps_the_matching_variables_and_escape_brings_all_back():
    app = khorasan_app()

    async def script(pilot):
        await pilot.press("slash", *"pact")
        ids = [o.id for o in app.query_one("#variables")._options if o.id]
        assert ids == ["secret_pact"]
        await pilot.press("enter", "2")  # back in the list: set it
        assert app.session.frame.evidence == Evidence({"secret_pact": "open"})
        await pilot.press("slash", "escape")
        ids = [o.id for o in app.query_one("#variables")._options if o.id]
        assert len(ids) == len(app.session.model.names)
        await pilot.press("slash", *"pact", "enter", "escape")  # from the list, too
        await pilot.pause()
        ids = [o.id for o in app.query_one("#variables")._options if o.id]
        assert len(ids) == len(app.session.model.names) and app._filter == ""
        await pilot.press("slash", *"zzz")
        assert "No variable matches" in str(app.query_one("#detail-head").render())
        await pilot.press("enter", "x", "3")  # nothing selected: nothing happens
        assert app.session.frame.evidence == Evidence({"secret_pact": "open"})

    drive(app, script)


def lawn_on_disk(tmp_path) -> tuple[Path, ExplorerApp]:
    """The lawn network in a file, and the explorer on it (for reloads)."""
    path = tmp_path / "model.yaml"
    path.write_text(SPRINKLER.lstrip(), encoding="utf-8")
    return path, ExplorerApp(Session(load_model(path)))


def test_a_model_that_no_longer_loads_is_shown_and_the_previous_one_kept(tmp_path):
    path, app = lawn_on_disk(tmp_path)

    async def script(pilot):
        select(app, "rain")
        await pilot.press("2")
        path.write_text(SPRINKLER.lstrip().replace("parents: [rain]", "parents: [rian]"), "utf-8")
        await pilot.press("R")
        assert isinstance(app.screen, MessageScreen)
        said = str(app.screen.query_one("#message").render())
        assert "model.yaml:6:15: variable 'sprinkler': unknown parent 'rian'" in said
        await pilot.press("escape")
        assert_shows(app, Evidence({"rain": "yes"}))
        path.write_text(SPRINKLER.lstrip().replace("[0.6, 0.4]", "[0.5, 0.5]"), "utf-8")
        await pilot.press("R")
        assert app.session.model.variables["sprinkler"].cpt[0].tolist() == [0.5, 0.5]
        assert_shows(app, Evidence({"rain": "yes"}))

    drive(app, script)


def test_help_zoom_and_a_click_work():
    app = khorasan_app()

    async def script(pilot):
        await pilot.press("question_mark")
        assert "undo / redo (Ctrl+R redoes too)" in screen_text(app)
        await pilot.press("escape", "z")
        assert not app.query_one("#variables").display
        await pilot.press("z")
        await pilot.click("#variables", offset=(4, 5))  # is_funding's name (line 0: a heading)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # a click on a name opens the picker
        await pilot.press("escape")
        await pilot.click("#variables", offset=(4, 8))  # its third state's line
        await pilot.pause()
        assert app.screen_stack == [app.screen] and app.selected == "is_funding"
        assert_shows(app, Evidence({"is_funding": "high"}))
        await pilot.click("#variables", offset=(4, 0))  # the heading: nothing
        assert_shows(app, Evidence({"is_funding": "high"}))
        await pilot.press("q")

    drive(app, script)


def test_behind_a_dialog_the_explorers_keys_do_nothing():
    app = khorasan_app()

    async def script(pilot):
        select(app, "is_funding")
        await pilot.press("enter", "3", "x", "u", "q")
        assert isinstance(app.screen, ChoiceDialog)
        assert app.session.frame.evidence == Evidence()
        await pilot.press("escape", "j", "k", "j", "2")
        assert app.session.frame.evidence == Evidence({"leadership_visibility": "high"})

    drive(app, script)


# -- the command, before the screen is taken over --------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["explore"], "explore is a full-screen app: run it in a terminal"),
        (["explore", "-e", "is_funding=huge"], "unknown state 'huge' for variable 'is_funding'"),
        (["explore", "nope.yaml"], "nope.yaml"),
        (["explore", "khorasan", "--scenarios", str(SCENARIOS)], "not both"),
        (["explore", "--as-of", "2015-07-01"], "--as-of reads an evidence journal"),
        (["explore", "--draws", "1"], "--draws"),
    ],
)
def test_bad_input_to_the_command_is_one_message_and_exit_2(argv, says):
    code, out, err = run_cli(argv)
    assert (code, out) == (2, "")
    assert says in err and "Traceback" not in err


def test_the_command_starts_the_session_from_the_scenario_file_and_the_journal():
    journal = ROOT / "examples" / "khorasan-journal.yaml"
    session = open_session(SCENARIOS, ModelSource(), Findings(("is_funding=low",), (), journal))
    assert session.scenarios is not None and session.scenario_path == SCENARIOS
    assert session.frame.evidence.hard["is_funding"] == "low"
    assert len(session.frame.evidence.observed) > 1  # the journal's findings too


def test_a_save_writes_through_a_symlink_and_tab_reaches_the_side_panel(tmp_path):
    real = tmp_path / "real.yaml"
    shutil.copy(SCENARIOS, real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    scenarios = load_scenario_file(link)
    app = ExplorerApp(Session(scenarios.model, scenarios, link))

    async def script(pilot):
        await pilot.press("tab")
        assert app.focused.id == "detail"
        await pilot.press("shift+tab", "2", "w")
        app.screen.query("Input").first().value = "through the link"
        await pilot.press("enter")

    drive(app, script)
    assert link.is_symlink()
    assert "through the link" in load_scenario_file(real).scenarios


def test_a_save_the_file_refuses_leaves_the_dialog_open_with_the_reason(tmp_path):
    path = tmp_path / "inline.yaml"
    path.write_text("model: khorasan\nscenarios: {a: {}}\n", encoding="utf-8")
    scenarios = load_scenario_file(path)
    app = ExplorerApp(Session(scenarios.model, scenarios, path))

    async def script(pilot):
        await pilot.press("w")
        app.screen.query("Input").first().value = "b"
        await pilot.press("enter")
        assert isinstance(app.screen, TextDialog)
        said = str(app.screen.query_one(".error").render())
        assert "inline.yaml:2: scenarios are added to a block 'scenarios:' mapping" in said

    drive(app, script)
    assert path.read_text(encoding="utf-8") == "model: khorasan\nscenarios: {a: {}}\n"


def test_reload_takes_a_model_whose_variables_changed_and_says_what_it_dropped(tmp_path):
    path, app = lawn_on_disk(tmp_path)

    async def script(pilot):
        select(app, "wet")
        await pilot.press("2")
        path.write_text(SPRINKLER.lstrip().replace("wet", "damp"), encoding="utf-8")
        await pilot.press("R")
        await pilot.pause()
        ids = [o.id for o in app.query_one("#variables")._options if o.id]
        assert ids == ["rain", "sprinkler", "damp"]
        assert_shows(app, Evidence())
        said = [n.message for n in app._notifications]
        assert any("the evidence was cleared: unknown variable 'wet'" in m for m in said)
        assert not app.session.undo()  # the history starts again with the new model

    drive(app, script)


def test_reload_reads_the_model_as_the_command_line_said(tmp_path):
    """--strict (and --from) hold for the files read again: a BIF row that sums to 1.00005,
    which a plain read divides by its sum, is refused."""
    path = tmp_path / "lawn.bif"
    save_model(parse_model(SPRINKLER), path)
    session = open_session(None, ModelSource(str(path), "bif", strict=True), Findings())
    assert "reloaded lawn" in session.reload()
    path.write_text(path.read_text("utf-8").replace("0.6, 0.4;", "0.6, 0.40005;"), "utf-8")
    assert load_model(path).variables["sprinkler"].cpt[0].sum() == 1  # divided, noted
    with pytest.raises(ModelError, match="1.00005"):
        session.reload()
    assert session.model.variables["sprinkler"].cpt[0].tolist() == [0.6, 0.4]


@pytest.mark.parametrize("size", [(80, 24), (160, 40)])
def test_the_headline_outcomes_stay_in_sight_while_a_driver_is_set(size):
    """The pinned pane shows each headline outcome's probabilities as the engine answers
    them, with the change against the baseline; the list widens with the terminal."""
    app = khorasan_app()

    async def script(pilot):
        select(app, "is_funding")
        await pilot.press("3")
        pane = str(app.query_one("#outcomes").render())
        model = app.session.model
        now = Engine(model).query({"is_funding": "high"}, model.headlines)
        before = Engine(model).query({}, model.headlines)
        for name in model.headlines:
            assert model.variables[name].words in pane
            for state, p in now[name].items():
                change = (p - before[name][state]) * 100
                moved = f"{change:+.0f}" if abs(change) >= 0.5 else ""
                assert f"{state}:{p:.0%}{moved}" in pane, (state, pane)
        width = app.query_one("#variables").size.width
        assert width == (46 if size[0] == 80 else 64)  # 40% of the screen, at least 46

    drive(app, script, size)


def test_a_time_sliced_model_is_listed_a_slice_at_a_time():
    """[ and ] move between slices; the list holds the fixed variables and the copies in the
    slice shown; the status line names it."""
    session = Session(load_model("khorasan-quarterly"))
    app = ExplorerApp(session)
    seen: dict[str, object] = {}

    async def script(pilot):
        seen["first"] = [n for _, names in session.groups() for n in names]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        seen["third"] = [n for _, names in session.groups() for n in names]
        seen["screen"] = screen_text(app)
        await pilot.press("left_square_bracket")
        seen["label"] = session.slice_label

    drive(app, script, size=(100, 30))
    assert "defection_rate@2015Q1" in seen["first"] and "is_funding" in seen["first"]
    assert "defection_rate@2015Q3" in seen["third"] and "defection_rate@2015Q1" not in seen["third"]
    assert "slice 2015Q3" in seen["screen"] and seen["label"] == "2015Q2"
