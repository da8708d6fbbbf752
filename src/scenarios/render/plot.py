"""Charts (matplotlib, imported only here): the tornado of a sensitivity analysis, the
targets' probabilities over a journal's entries, and forecasts over time slices."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from scenarios.analysis.discover import Discovery
from scenarios.analysis.forecast import Trajectory
from scenarios.analysis.sensitivity import MODES, SensitivityRow
from scenarios.analysis.track import TrackPoint
from scenarios.core.errors import ScenariosError
from scenarios.render.sensitivity import TITLES

PLOT_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}


def tornado_chart(
    path: Path,
    label: str,
    current: float,
    rows: list[SensitivityRow],
    mode: str = "lever",
    limit: int = 15,
) -> bytes:
    """The ``limit`` widest swings drawn as horizontal bars around ``current``, each end
    labelled with the state that gives it, in the format the suffix of ``path`` names (PNG,
    PDF or SVG; anything else is refused before drawing)."""
    fmt, plt = pyplot_for(path)
    from matplotlib.patches import Patch  # lazy: matplotlib is imported only to draw

    shown = list(reversed(rows[:limit]))
    figure, axes = plt.subplots(figsize=(8, 0.4 * len(shown) + 1.5))
    for y, row in enumerate(shown):
        axes.barh(y, row.high - current, left=current, color="#2a9d8f")
        axes.barh(y, row.low - current, left=current, color="#e76f51")
        axes.annotate(f" {row.high_state}", (row.high, y), va="center", ha="left", fontsize=8)
        axes.annotate(f"{row.low_state} ", (row.low, y), va="center", ha="right", fontsize=8)
    axes.axvline(current, color="black", linewidth=1)
    axes.set_yticks(range(len(shown)), [r.variable for r in shown])
    axes.set_xlabel(label)
    axes.margins(x=0.25)
    axes.set_title(f"{TITLES[mode]} for {label}: {MODES[mode]}")
    axes.legend(
        handles=[
            Patch(color="#2a9d8f", label="raises it (state at the bar's end)"),
            Patch(color="#e76f51", label="lowers it (state at the bar's end)"),
        ],
        loc="best",
        fontsize=8,
    )
    return _saved(figure, fmt, plt)


def pyplot_for(path: Path) -> tuple[str, Any]:
    """The matplotlib format for ``path``'s suffix and pyplot (refusals before drawing)."""
    fmt = PLOT_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ScenariosError(
            f"--plot writes PNG, PDF or SVG, chosen by the suffix; '{path}' "
            "has none of them: name the file .png, .pdf or .svg"
        )
    try:
        import matplotlib  # lazy: matplotlib is optional and slow to import

        matplotlib.use("Agg")
        matplotlib.rcParams["text.parse_math"] = False  # names are drawn as written: a '$'
        # in a name or state is a dollar sign, not TeX (x^$ once failed the whole plot)
        import matplotlib.pyplot as plt  # lazy: see above
    except ImportError:
        raise ScenariosError(
            "--plot needs matplotlib: pip install 'scenarios[plot]' (or pip install matplotlib)"
        ) from None
    return fmt, plt


def track_chart(path: Path, points: list[TrackPoint], targets: list[str]) -> bytes:
    """Each target state's probability after each journal entry, as steps over the entries
    (x: the entries in date order, labelled with their dates)."""
    fmt, plt = pyplot_for(path)
    labels = ["start", *(str(p.entry.date) for p in points[1:] if p.entry)]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    x = list(range(len(points)))
    for target in targets:
        for state in points[0].posteriors[target]:
            y = [p.posteriors[target][state] for p in points]
            name = state if len(targets) == 1 else f"{target}={state}"
            axes.step(x, y, where="post", marker="o", markersize=3, label=name)
    axes.set_xticks(x, labels, rotation=30, ha="right", fontsize=8)
    axes.set_ylim(0, 1)
    axes.set_ylabel("probability")
    axes.set_title(f"{', '.join(targets)} as the journal's entries came in")
    axes.grid(axis="y", alpha=0.3)
    axes.legend(loc="best", fontsize=8)
    return _saved(figure, fmt, plt)


def forecast_chart(path: Path, found: list[Trajectory]) -> bytes:
    """Each target state's probability over the slices as a line, with its band over draws
    of the tables where there is one; 'reached by' dashed (one panel per target)."""
    fmt, plt = pyplot_for(path)
    figure, panels = plt.subplots(len(found), 1, figsize=(8, 3.2 * len(found)), squeeze=False)
    for axes, trajectory in zip(panels[:, 0], found, strict=True):
        x = list(range(len(trajectory.slices)))
        for k, state in enumerate(trajectory.states):
            (line,) = axes.plot(x, trajectory.probabilities[:, k], marker="o", markersize=3)
            line.set_label(state)
            if trajectory.low is not None and trajectory.high is not None:
                low, high = trajectory.low[:, k], trajectory.high[:, k]
                axes.fill_between(x, low, high, color=line.get_color(), alpha=0.15)
        if trajectory.reached is not None:
            axes.plot(x, trajectory.reached, "k--", label=f"{trajectory.state} by then")
        axes.set_xticks(x, list(trajectory.slices), rotation=30, ha="right", fontsize=8)
        axes.set_ylim(0, 1)
        axes.set_ylabel("probability")
        axes.set_title(trajectory.target)
        axes.grid(axis="y", alpha=0.3)
        axes.legend(loc="best", fontsize=8)
    return _saved(figure, fmt, plt)


def tradeoff_chart(path: Path, found: Discovery) -> bytes:
    """PRIM's peeling trajectory: each box's coverage against its density, coloured by the
    number of drivers it restricts; the chosen box ringed."""
    fmt, plt = pyplot_for(path)
    figure, axes = plt.subplots(figsize=(7, 4.5))
    coverage = [p["coverage"] for p in found.trajectory]
    density = [p["density"] for p in found.trajectory]
    restricted = [p["res_dim"] for p in found.trajectory]
    dots = axes.scatter(coverage, density, c=restricted, cmap="viridis", s=18)
    ticks = range(int(max(restricted, default=0)) + 1)
    figure.colorbar(dots, ax=axes, label="drivers restricted", ticks=list(ticks))
    axes.scatter([found.coverage], [found.density], s=120, facecolors="none", edgecolors="red")
    axes.set_xlim(0, 1.02)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel("coverage (of the members where it holds, the share in the box)")
    axes.set_ylabel("density (of the box's members, the share where it holds)")
    axes.set_title(f"Where {found.concern.text} holds: the peeling trade-off")
    axes.grid(alpha=0.3)
    return _saved(figure, fmt, plt)


def _saved(figure: Any, fmt: str, plt: Any) -> bytes:
    """The figure laid out and written in ``fmt``, then closed."""
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=120)
    plt.close(figure)
    return buffer.getvalue()
