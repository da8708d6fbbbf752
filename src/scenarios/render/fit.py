"""Tables that fit the terminal: a renderable that shows its wide layout when that fits the
width it is given, else its narrow one (rich measures both at render time, so the choice
follows the terminal, ``COLUMNS`` or a file's width).

Example:
    >>> from rich.console import Console
    >>> from rich.text import Text
    >>> fitted = Fitted(Text("a wide layout that needs room"), Text("narrow"))
    >>> Console(width=12).print(fitted)
    narrow
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement


@dataclass(frozen=True)
class Fitted:
    """``wide`` when its natural width fits, else ``narrow``."""

    wide: RenderableType
    narrow: RenderableType

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        needed = Measurement.get(console, options.update(width=10_000), self.wide).maximum
        yield self.wide if needed <= options.max_width else self.narrow

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.narrow)
