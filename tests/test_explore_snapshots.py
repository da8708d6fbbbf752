"""What the explorer looks like, pinned as SVG snapshots (pytest-textual-snapshot) at 80x24
and 120x40: the opening screen, findings against a scenario as baseline, intervals, a
dialog, the help screen. After a deliberate change of the screen, look at the new pictures
and accept them: ``pytest tests/test_explore_snapshots.py --snapshot-update``.

The pictures are Textual's rendering: the test extra pins the Textual version they were
taken with."""

from __future__ import annotations

import pytest

from helpers import ROOT
from scenarios.explore.app import ExplorerApp
from scenarios.explore.display import Draws
from scenarios.explore.session import Session
from scenarios.io.scenariofile import load_scenario_file

SCENARIOS = ROOT / "examples" / "khorasan-scenarios.yaml"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def explorer(intervals: bool = False) -> ExplorerApp:
    scenarios = load_scenario_file(SCENARIOS)
    session = Session(scenarios.model, scenarios, SCENARIOS)
    return ExplorerApp(session, Draws(2000, 0.9, seed=3), intervals)


async def settled(pilot) -> None:
    """Background draws done, and the layout they and the keys asked for drawn (Textual
    redraws on a timer: a screenshot taken at once can miss a change of height)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


def pressing(*keys: str):
    async def run(pilot) -> None:
        await pilot.press(*keys)
        await settled(pilot)

    return run


@pytest.mark.parametrize("size", SIZES)
def test_the_opening_screen(snap_compare, size):
    assert snap_compare(explorer(), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES)
def test_findings_against_a_scenario(snap_compare, size):
    async def setup(pilot):
        session = pilot.app.session
        session.set_baseline("status_quo")
        session.set_finding("is_funding", "high")
        session.set_intervention("taliban_stance", "confront")
        session.set_numbers("leadership_visibility", ":=", "low:0.9,high:0.1")
        pilot.app.refresh_values()
        listing = pilot.app.query_one("#variables")
        listing.highlighted = listing.get_option_index("is_funding")
        await settled(pilot)

    assert snap_compare(explorer(), terminal_size=size, run_before=setup)


@pytest.mark.parametrize("size", SIZES)
def test_credible_intervals(snap_compare, size):
    assert snap_compare(explorer(intervals=True), terminal_size=size, run_before=settled)


def test_the_state_picker(snap_compare):
    assert snap_compare(explorer(), terminal_size=(80, 24), run_before=pressing("down", "enter"))


def test_the_belief_dialog(snap_compare):
    assert snap_compare(explorer(), terminal_size=(80, 24), run_before=pressing("down", "b"))


def test_the_help_screen(snap_compare):
    assert snap_compare(explorer(), terminal_size=(80, 24), run_before=pressing("question_mark"))
