"""The picture of ``scenarios explore`` in the README (docs/images/explore.svg): the explorer
run headless on the Khorasan scenarios, two findings set, read against the status quo, an
outcome selected. Run it again after changing what the explorer shows:

    .venv/bin/python examples/explore_capture.py [OUT.svg]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from scenarios.explore.app import ExplorerApp
from scenarios.explore.session import Session
from scenarios.io.scenariofile import load_scenario_file

ROOT = Path(__file__).resolve().parents[1]
PICTURE = ROOT / "docs" / "images" / "explore.svg"


async def capture(picture: Path) -> None:
    scenarios = load_scenario_file(ROOT / "examples" / "khorasan-scenarios.yaml")
    app = ExplorerApp(Session(scenarios.model, scenarios, Path("khorasan-scenarios.yaml")))
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        app.screen.query_one("OptionList").highlighted = 1  # status_quo
        await pilot.press("enter")
        for name, key in (("is_funding", "3"), ("peace_process", "1")):
            app.query_one("#variables").highlighted = app.query_one("#variables").get_option_index(
                name
            )
            await pilot.press(key)
        listing = app.query_one("#variables")
        listing.highlighted = listing.get_option_index("defection_rate")
        await pilot.pause(0.3)
        app.save_screenshot(picture.name, str(picture.parent))


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else PICTURE
    asyncio.run(capture(out))
    print(f"wrote {out}")
