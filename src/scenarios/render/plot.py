"""Tornado chart of a sensitivity analysis (matplotlib, imported only here)."""

from __future__ import annotations

import io
from pathlib import Path

from scenarios.analysis.sensitivity import MODES, SensitivityRow
from scenarios.core.errors import ScenariosError

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
    fmt = PLOT_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ScenariosError(
            f"--plot writes PNG, PDF or SVG, chosen by the suffix; '{path}' "
            "has none of them: name the file .png, .pdf or .svg"
        )
    try:
        import matplotlib  # lazy: matplotlib is optional and slow to import

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # lazy: see above
        from matplotlib.patches import Patch  # lazy: see above
    except ImportError:
        raise ScenariosError(
            "--plot needs matplotlib: pip install 'scenarios[plot]' (or pip install matplotlib)"
        ) from None
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
    kind = "Levers" if mode == "lever" else "Signposts"
    axes.set_title(f"{kind} for {label}: {MODES[mode]}")
    axes.legend(
        handles=[
            Patch(color="#2a9d8f", label="raises it (state at the bar's end)"),
            Patch(color="#e76f51", label="lowers it (state at the bar's end)"),
        ],
        loc="best",
        fontsize=8,
    )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=120)
    plt.close(figure)
    return buffer.getvalue()
