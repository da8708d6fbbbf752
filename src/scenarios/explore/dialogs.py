"""The explorer's dialogs, each a Textual modal screen that returns what was chosen (None on
Escape): a choice from a list (a state, a scenario, a baseline), numbers typed as on the
command line (likelihoods, a belief), a name and description to save a scenario under, a
message too long for a notification, and the help screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

Check = Callable[[str], str | None]  # the text typed -> an error message, or None when done

DIALOG_CSS = """
ModalScreen { align: center middle; }
ModalScreen > Vertical {
    width: 76; max-width: 100%; height: auto; max-height: 100%;
    border: round $accent; background: $surface; padding: 0 1;
}
ModalScreen Label { width: 100%; }
ModalScreen .title { text-style: bold; }
ModalScreen .hint { color: $text-muted; }
ModalScreen .error { color: $error; }
ModalScreen OptionList { height: auto; max-height: 16; }
ModalScreen VerticalScroll { height: auto; max-height: 20; }
"""


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one item: Enter or a click returns its id; Escape returns None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, RenderableType]], hint: str = ""):
        super().__init__()
        self._title, self._choices, self._hint = title, choices, hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="title")
            if self._hint:
                yield Label(self._hint, classes="hint")
            yield OptionList(*(Option(prompt, id=key) for key, prompt in self._choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class TextDialog(ModalScreen[str | None]):
    """Type one or more fields of text; Enter in any of them sends them all (one line each)
    to ``check``, which does what was asked or says what is wrong (the dialog stays open,
    the text kept, until it is done or Escape)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self,
        title: str,
        check: Check,
        hint: str = "",
        fields: Sequence[tuple[str, str]] = (("", ""),),
    ):
        super().__init__()
        self._title, self._check, self._hint, self._fields = title, check, hint, fields

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="title")
            if self._hint:
                yield Label(self._hint, classes="hint")
            for placeholder, value in self._fields:
                yield Input(value=value, placeholder=placeholder)
            error = Label("", classes="error")
            error.display = False
            yield error

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in any field submits them all (Tab moves between fields): keys typed or
        pasted quickly after an Enter must not land in a field about to lose the focus."""
        inputs = list(self.query(Input))
        error = self._check("\n".join(field.value for field in inputs))
        if error is None:
            self.dismiss("\n".join(field.value for field in inputs))
        else:
            said = self.query_one(".error", Label)
            said.update(Text(error))
            said.display = True


class MessageScreen(ModalScreen[None]):
    """A message too long for a notification (a model's located problems); any of Escape,
    Enter or q closes it."""

    BINDINGS = [Binding("escape,enter,q", "dismiss(None)", "Close")]

    def __init__(self, title: str, body: RenderableType):
        super().__init__()
        self._title, self._body = title, body

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self._title, classes="title error")
            with VerticalScroll():
                yield Static(self._body, id="message")
            yield Label("Esc closes; the explorer kept its previous state.", classes="hint")


class HelpScreen(ModalScreen[None]):
    """Every key, what it does, and how to read the screen."""

    BINDINGS = [Binding("escape,enter,q,question_mark,f1", "dismiss(None)", "Close")]

    def __init__(self, keys: Sequence[tuple[str, str]], reading: str):
        super().__init__()
        self._keys, self._reading = keys, reading

    def compose(self) -> ComposeResult:
        text = Table.grid(padding=(0, 2))
        text.add_column(justify="right", style="bold cyan", no_wrap=True)
        text.add_column(ratio=1)
        for key, what in self._keys:
            text.add_row(key, what)
        with Vertical():
            yield Label("Keys", classes="title")
            with VerticalScroll():
                yield Static(text, id="keys")
                yield Static(Text(self._reading, style="dim"))
            yield Label("Esc or ? closes this screen.", classes="hint")
