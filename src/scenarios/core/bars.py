"""Horizontal probability bars drawn with Unicode eighth blocks.

Example:
    >>> bar(0.5, width=4)
    '██  '
    >>> bar(0.0, width=3)
    '   '
"""

from __future__ import annotations

_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(probability: float, width: int = 20) -> str:
    """A bar ``width`` cells wide, filled in proportion to ``probability`` (clamped to [0, 1])."""
    p = min(max(probability, 0.0), 1.0)
    eighths = round(p * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def range_bar(low: float, high: float, point: float, width: int = 20) -> str:
    """An interval drawn on [0, 1]: ``━`` over [low, high], ``┃`` at the point, ``·`` elsewhere.

    >>> range_bar(0.25, 0.75, 0.5, width=8)
    '··━━┃━··'
    >>> range_bar(0.06, 0.52, 0.24999999999999994, width=8)  # 0.25 off by a rounding error
    '━━┃━━···'
    """
    # places in cells, rounded so that a probability off by a rounding error (0.25 computed as
    # 0.24999999999999994) is drawn where the exact one is
    at = min(int(round(point * width, 9)), width - 1)
    start, end = round(low * width, 9), round(high * width, 9)
    cells = []
    for i in range(width):
        if i == at:
            cells.append("┃")
        elif i + 1 > start and i < end:
            cells.append("━")
        else:
            cells.append("·")
    return "".join(cells)


SHOWN_CHANGE = 0.0005  # a change in probability smaller than this shows as 0.0 pp
NEGLIGIBLE = 0.02  # a change smaller than this (2 pp) is no meaningful change; --negligible


def is_negligible(change: float, negligible: float = NEGLIGIBLE) -> bool:
    """Whether a change in probability is too small to mean anything (the one home of it)."""
    return abs(change) < max(negligible, SHOWN_CHANGE)


def change_style(change: float, negligible: float = SHOWN_CHANGE) -> str:
    """The colour of a change in probability: green up, red down, dim when negligible.

    >>> change_style(0.01), change_style(-0.01), change_style(0.0001), change_style(0.01, 0.02)
    ('green', 'red', 'dim', 'dim')
    """
    if is_negligible(change, negligible):
        return "dim"
    return "green" if change > 0 else "red"


def change_text(change: float, negligible: float = NEGLIGIBLE) -> str:
    """A change as people should read it: signed points, or "negligible" under the threshold.

    >>> change_text(0.125), change_text(0.004)
    ('+12.5 pp', 'negligible')
    """
    return "negligible" if is_negligible(change, negligible) else signed_points(change)


def signed_points(change: float) -> str:
    """A change in probability as signed percentage points, e.g. ``+12.5 pp``; tiny ones are 0."""
    if abs(change) < SHOWN_CHANGE:
        return "0.0 pp"
    return f"{change * 100:+.1f} pp"


_LEVELS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float], span: float = 0.1) -> str:
    """One character per value, its height the value's place between the series' lowest and
    highest, on a scale at least ``span`` tall (10 points of probability) centred on the
    series, so that a change of a point or two stays a small step.

    >>> sparkline([0.2, 0.3, 0.6]), sparkline([0.5, 0.501]), sparkline([0.50, 0.55])
    ('▁▃█', '▄▅', '▃▆')
    """
    low, high = min(values, default=0.0), max(values, default=0.0)
    scale = max(high - low, span)
    bottom = low - (scale - (high - low)) / 2
    top = len(_LEVELS) - 1
    return "".join(_LEVELS[round((v - bottom) / scale * top)] for v in values)
