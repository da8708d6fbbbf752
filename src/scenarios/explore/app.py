"""The explorer's keys: ``ExplorerApp`` is :class:`~scenarios.explore.display.ExplorerDisplay`
with every action a key (or a click) runs, and the help screen that lists them."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, ProgressBar

from scenarios.core.errors import ScenariosError
from scenarios.explore.dialogs import ChoiceDialog, HelpScreen, TextDialog
from scenarios.explore.display import READING, ExplorerDisplay
from scenarios.explore.widgets import VariableList

KEYS_BOUND: list[Binding] = [
    Binding("enter", "finding", "Set", show=False),
    Binding("l", "numbers('~')", "Likelihoods"),
    Binding("b", "numbers(':=')", "Belief"),
    Binding("d", "intervene", "do()"),
    Binding("x,delete", "clear", "Clear"),
    Binding("X", "clear_all", "Clear all", show=False),
    Binding("u", "undo", "Undo"),
    Binding("U,ctrl+r", "redo", "Redo", show=False),
    Binding("i", "intervals", "Intervals", show=False),
    Binding("slash", "search", "Search", show=False),
    Binding("o", "load", "Load", show=False),
    Binding("w", "save", "Save", show=False),
    Binding("c", "baseline", "Baseline", show=False),
    Binding("R", "reload", "Reload", show=False),
    Binding("z", "zoom", "Zoom", show=False),
    Binding("right_square_bracket", "slice(1)", "Next slice", show=False),
    Binding("left_square_bracket", "slice(-1)", "Previous slice", show=False),
    Binding("j", "move('down')", "Down", show=False),
    Binding("k", "move('up')", "Up", show=False),
    Binding("question_mark,f1", "help", "Help"),
    Binding("q", "quit", "Quit"),
    *(Binding(str(n), f"pick({n - 1})", f"state {n}", show=False) for n in range(1, 10)),
]
# the actions of those keys, which wait while a dialog is open
EXPLORER_ACTIONS = frozenset(binding.action.partition("(")[0] for binding in KEYS_BOUND)


class ExplorerApp(ExplorerDisplay):
    BINDINGS = list[BindingType](KEYS_BOUND)
    KEYS = (
        ("↑ ↓ j k", "select a variable (PgUp, PgDn, Home, End too)"),
        ("click", "on a state: set it; on a name: pick its state"),
        ("Enter", "set a finding: pick the state it is in"),
        ("1 … 9", "set the selected variable to its 1st … 9th state"),
        ("l", "likelihoods of a report: P(report | state), e.g. high:0.8,low:0.2"),
        ("b", "set a belief: the probabilities you hold, e.g. high:0.7,low:0.3"),
        ("d", "do(): force the variable to a state, cut from its causes"),
        ("x / Del", "clear what is set on the selected variable"),
        ("X", "clear every finding"),
        ("u / U", "undo / redo (Ctrl+R redoes too)"),
        ("i", "credible intervals on or off (drawn in the background)"),
        ("/", "search variables by name or description (Esc clears)"),
        ("o", "load a scenario of the --scenarios file"),
        ("w", "save the evidence as a new scenario in that file"),
        ("c", "choose the baseline changes are read against"),
        ("R", "reload the model and scenario files from disk"),
        ("z", "the side panel full width, or back"),
        ("[ / ]", "a time-sliced model: the previous / next slice's variables"),
        ("Tab", "move between the list and the side panel (scroll it)"),
        ("? / F1", "this screen"),
        ("q", "quit"),
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The explorer's keys act on the main screen only: behind a dialog, a key is the
        dialog's (a digit in the state picker must not set a state of its own). Textual's
        own keys (Tab between fields) work everywhere."""
        return action not in EXPLORER_ACTIONS or not isinstance(self.screen, ModalScreen)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "variables":
            self.action_finding()

    def on_variable_list_state_clicked(self, event: VariableList.StateClicked) -> None:
        states = self.session.model.variables[event.variable].states
        self.attempt(lambda: self.session.set_finding(event.variable, states[event.index]))

    def _states(self, name: str) -> list[tuple[str, Text]]:
        posterior = self.session.frame.posteriors[name]
        return [
            (state, Text(f"{n:>{len(str(len(posterior)))}}  {state}  ({posterior[state]:.1%} now)"))
            for n, state in enumerate(posterior, 1)
        ]

    def action_finding(self) -> None:
        name = self.selected
        if name:
            dialog = ChoiceDialog(f"{name} is …", self._states(name), "Enter sets it; Esc cancels")
            self.push_screen(dialog, self.on_choice(lambda s: self.session.set_finding(name, s)))

    def action_pick(self, index: int) -> None:
        name = self.selected
        if name:
            states = self.session.model.variables[name].states
            if index >= len(states):
                self.notify(f"{name} has {len(states)} states", severity="warning")
                return
            self.attempt(lambda: self.session.set_finding(name, states[index]))

    def action_intervene(self) -> None:
        name = self.selected
        if name:
            dialog = ChoiceDialog(
                f"do({name} = …)",
                self._states(name),
                "forced to the state, cut from its causes; Esc cancels",
            )
            self.push_screen(
                dialog, self.on_choice(lambda s: self.session.set_intervention(name, s))
            )

    def action_numbers(self, kind: str) -> None:
        name = self.selected
        if not name:
            return
        posterior = self.session.frame.posteriors[name]
        if kind == "~":
            title = f"Likelihoods for {name}: how likely the report is under each state"
            start = ",".join(f"{s}:1" for s in posterior)
        else:
            title = f"Belief on {name}: the probability you hold for each state (sums to 1)"
            start = ",".join(f"{s}:{p:.2f}" for s, p in posterior.items())

        def check(text: str) -> str | None:
            try:
                self.session.set_numbers(name, kind, text)
            except ScenariosError as exc:
                return str(exc)
            self.refresh_values()
            if self.intervals_on:
                self._start_intervals()
            return None

        hint = "STATE:NUMBER,STATE:NUMBER,…  Enter sets it; Esc cancels"
        self.push_screen(TextDialog(title, check, hint, (("state:number,…", start),)))

    def action_clear(self) -> None:
        name = self.selected
        if name:
            self.attempt(lambda: self.session.clear(name))

    def action_clear_all(self) -> None:
        self.attempt(lambda: self.session.clear())

    def action_undo(self) -> None:
        self.attempt(self._undo)

    def _undo(self) -> None:
        if not self.session.undo():
            self.notify("nothing to undo", severity="warning")

    def action_redo(self) -> None:
        self.attempt(self._redo)

    def _redo(self) -> None:
        if not self.session.redo():
            self.notify("nothing to redo", severity="warning")

    def action_intervals(self) -> None:
        self.intervals_on = not self.intervals_on
        if self.intervals_on:
            self._start_intervals()
        else:
            self.workers.cancel_group(self, "intervals")
            self.query_one("#progress", ProgressBar).remove_class("running")
        self.refresh_values()

    # -- search, scenarios, baseline, reload, panel, help -------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.add_class("shown")
        search.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self._filter = event.value
            self._fill_list()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one("#variables", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        search = self.query_one("#search", Input)
        if event.key == "escape" and (search.has_focus or search.value):  # a filter left on
            search.value = ""  # after Enter is cleared from the list too
            search.remove_class("shown")
            self.query_one("#variables", OptionList).focus()

    def _scenario_choices(self) -> list[tuple[str, Text]]:
        scenarios = self.session.scenarios.scenarios if self.session.scenarios else {}
        return [
            (name, Text.assemble((name, "bold"), f"  {s.evidence.describe() or 'no evidence'}"))
            for name, s in scenarios.items()
        ]

    def action_load(self) -> None:
        choices = self._scenario_choices()
        if not choices:
            self.notify("no scenarios to load: start explore with --scenarios FILE")
            return
        self.push_screen(
            ChoiceDialog("Load a scenario (its evidence replaces what is set)", choices),
            self.on_choice(self.session.load_scenario, "loaded {}"),
        )

    def action_baseline(self) -> None:
        choices = [("", Text("no evidence (the model's priors)"))] + self._scenario_choices()
        self.push_screen(
            ChoiceDialog("Read changes against …", choices),
            self.on_choice(lambda name: self.session.set_baseline(name or None)),
        )

    def action_save(self) -> None:
        path = self.session.scenario_path
        if path is None:
            self.notify("start explore with --scenarios FILE to save scenarios", severity="error")
            return

        def check(text: str) -> str | None:
            name, _, description = text.partition("\n")
            try:
                self.session.save_scenario(name, description)
            except ScenariosError as exc:
                return str(exc)
            self.notify(f"saved '{name.strip()}' to {path.name}")
            return None

        fields = (("name, e.g. funding_surge", ""), ("description (optional)", ""))
        evidence = self.session.frame.evidence.describe() or "no evidence"
        hint = f"{evidence}\nTab: to the description. Enter saves; Esc cancels."
        self.push_screen(TextDialog(f"Save as a scenario in {path.name}", check, hint, fields))

    def action_reload(self) -> None:
        def reload() -> None:
            said = self.session.reload()
            self.intervals = None  # they were drawn from the old model's CPTs
            self.notify(said, timeout=8)

        if self.attempt(reload, refill=True):
            self._set_titles()

    def action_move(self, direction: str) -> None:
        listing = self.query_one("#variables", OptionList)
        if direction == "down":
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_slice(self, step: int) -> None:
        """A time-sliced model: list the variables of the next or previous slice."""
        if self.session.model.time is None:
            self.notify("this model has one slice (no 'time:' block)")
            return
        label = self.session.move_slice(step)
        self._fill_list()
        self.refresh_values()
        self.notify(f"slice {label} ({self.session.slice + 1} of {self.session.model.time.slices})")

    def action_zoom(self) -> None:
        self.query_one("#variables", OptionList).toggle_class("hidden")

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.KEYS, READING))
