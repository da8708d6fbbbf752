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
    """
    cells = []
    for i in range(width):
        left, right = i / width, (i + 1) / width
        if left <= point < right or (i == width - 1 and point >= 1):
            cells.append("┃")
        elif right > low and left < high:
            cells.append("━")
        else:
            cells.append("·")
    return "".join(cells)


def signed_points(change: float) -> str:
    """A change in probability as signed percentage points, e.g. ``+12.5 pp``; tiny ones are 0."""
    points = change * 100
    if abs(points) < 0.05:
        return "0.0 pp"
    return f"{points:+.1f} pp"
