"""The explorer's list of variables: Textual's OptionList (a block per variable, headings per
role) where a click on a state's line sets that state, as in the GUI tools; a click on a
variable's name selects it (and opens the state picker)."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import OptionList


class VariableList(OptionList):
    """Options whose ids are variable names; line 0 of a block is the name, line k the
    k-th state."""

    class StateClicked(Message):
        """A state's line was clicked: set ``variable`` to its ``index``-th state."""

        def __init__(self, variable: str, index: int) -> None:
            super().__init__()
            self.variable, self.index = variable, index

    async def _on_click(self, event: events.Click) -> None:
        """A state's line: highlight the variable and say which state (OptionList's own
        handler, which selects, is then skipped). Elsewhere OptionList's handler runs
        (Textual calls each class's handler in turn)."""
        line = self._line_at(event.y)
        option = self.get_option_at_index(line[0]) if line else None
        if line and option and option.id and not option.disabled and line[1] > 0:
            event.prevent_default()
            self.highlighted = line[0]
            self.post_message(self.StateClicked(option.id, line[1] - 1))

    def _line_at(self, y: int) -> tuple[int, int] | None:
        """(option index, line within the option) under row ``y`` of the widget, from the
        list's own table of lines; None when there is no such line."""
        try:
            option, offset = self._lines[self.scroll_offset.y + y]
        except (AttributeError, IndexError, TypeError, ValueError):
            return None
        return option, offset
