"""The real ``scenarios explore`` binary in a real terminal (tmux, 80x24): it draws, takes a
key, quits on q, and leaves the terminal as it was (the shell's earlier output back, input
echoed). With NO_COLOR set, as a user with a monochrome terminal would run it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parents[1] / "examples" / "khorasan-scenarios.yaml"
BINARY = Path(sys.executable).parent / "scenarios"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (apt-get install -y tmux)"
)


class Terminal:
    """A tmux session of its own (own server socket), running bash without rc files."""

    def __init__(self, width: int = 80, height: int = 24):
        self.socket = f"scenarios-{uuid.uuid4().hex[:8]}"
        self.tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height), "bash --norc --noprofile"
        )
        self.tmux("set-option", "-g", "status", "off")

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def send(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, times: int = 1, timeout: float = 30) -> str:
        """The screen once ``text`` shows on it (``times`` times); AssertionError with the
        screen after ``timeout`` seconds."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            shown = self.screen()
            if shown.count(text) >= times:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal():
    term = Terminal()
    yield term
    term.close()


def test_the_binary_draws_takes_keys_and_leaves_the_terminal_as_it_was(terminal, tmp_path):
    scenarios = tmp_path / "scenarios.yaml"
    shutil.copy(SCENARIOS, scenarios)
    terminal.send(
        f"PS1='$ '; echo before-explore; NO_COLOR=1 {BINARY} explore --scenarios {scenarios}",
        "Enter",
    )
    shown = terminal.wait_for("Drivers")
    assert "troop_drawdown" in shown and "khorasan 1.5" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    terminal.send("3")
    shown = terminal.wait_for("= complete")
    assert "100.0%" in shown and "evidence: troop_drawdown=complete" in shown
    terminal.send("u")
    terminal.wait_for("evidence: none")
    terminal.send("2", "w")  # troop_drawdown=partial, saved under a name typed at once
    terminal.wait_for("Save as a scenario")
    terminal.send("-l", "typed fast")
    terminal.wait_for("typed fast")
    terminal.send("Tab")
    time.sleep(0.5)  # the focus moves to the description on the next turn of the loop
    terminal.send("-l", "in one go\r")  # Enter in any field saves
    end = time.monotonic() + 30
    while "typed fast" not in scenarios.read_text(encoding="utf-8"):
        assert time.monotonic() < end, terminal.screen()
        time.sleep(0.2)
    terminal.send("q")
    shown = terminal.wait_for("before-explore")
    assert "Drivers" not in shown
    terminal.send("echo typed-after", "Enter")
    shown = terminal.wait_for("typed-after", times=2)  # echoed as typed, then printed
    assert "$ echo typed-after\ntyped-after\n$" in shown
    saved = scenarios.read_text(encoding="utf-8")
    assert saved.endswith(
        "  typed fast:\n    description: in one go\n    evidence: {troop_drawdown: partial}\n"
    )
