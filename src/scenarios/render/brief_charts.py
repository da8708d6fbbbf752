"""The briefing's charts as inline SVG (matplotlib, imported only here; text kept as text so
it can be selected and printed sharply)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from scenarios.analysis.track import TrackPoint
from scenarios.render.plot import pyplot_for, track_chart


def track_svg(points: list[TrackPoint], targets: list[str]) -> str:
    """The journal chart of ``track --plot`` as inline SVG with its text kept as text."""
    _, plt = pyplot_for(Path("chart.svg"))
    plt.rcParams["svg.fonttype"] = "none"
    text = track_chart(Path("chart.svg"), points, targets).decode("utf-8")
    return text[text.index("<svg") :]


def _svg(plt: Any, figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # inline: no XML declaration or doctype
