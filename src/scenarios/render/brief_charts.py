"""The briefing's charts as inline SVG (matplotlib, imported only here; text kept as text so
it can be selected and printed sharply)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from scenarios.analysis.track import TrackPoint
from scenarios.engine.result import QueryResult
from scenarios.model.schema import Model
from scenarios.render.plot import pyplot_for, track_chart

COLOURS = ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#8ab17d"]


def scenario_chart(model: Model, results: dict[str, QueryResult], target: str) -> str:
    """Each scenario a horizontal bar split into the target's states (stacked to 1)."""
    _, plt = pyplot_for(Path("chart.svg"))
    plt.rcParams["svg.fonttype"] = "none"
    names = list(results)
    states = model.variables[target].states
    figure, axes = plt.subplots(figsize=(7.2, 0.32 * len(names) + 1.1))
    left = [0.0] * len(names)
    for i, state in enumerate(states):
        widths = [results[n].posteriors[target][state] for n in reversed(names)]
        axes.barh(
            range(len(names)), widths, left=left, color=COLOURS[i % len(COLOURS)], label=state
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(range(len(names)), list(reversed(names)), fontsize=8)
    axes.set_xlim(0, 1)
    axes.set_xlabel(f"P({target})", fontsize=9)
    axes.legend(ncol=len(states), fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    axes.tick_params(axis="x", labelsize=8)
    figure.tight_layout()
    return _svg(plt, figure)


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
