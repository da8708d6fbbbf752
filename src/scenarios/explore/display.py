"""The explorer as a Textual app: the variables grouped by role, each with its posterior as
bars and its change against the baseline; keys to set, clear, undo and redo findings; a side
panel for the selected variable; credible intervals computed in a background thread.

Every change goes through :class:`~scenarios.explore.session.Session`, which answers it
before keeping it: a change the model cannot take is said in a notification (a model's
located problems on a screen of their own), and what was on screen stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from scenarios.analysis.uncertainty import IntervalResult, posterior_intervals
from scenarios.core.errors import ModelError, ScenariosError
from scenarios.engine import Engine
from scenarios.explore.dialogs import (
    DIALOG_CSS,
    MessageScreen,
)
from scenarios.explore.session import Session
from scenarios.explore.views import (
    detail_head,
    detail_key,
    detail_view,
    outcomes_pane,
    status_line,
    variable_block,
)
from scenarios.explore.widgets import VariableList
from scenarios.model.evidence import Evidence
from scenarios.render.model import ROLE_TITLES

READING = (
    "Each variable shows its probability per state under the evidence, as a bar and a "
    "percentage, then the change in points against the baseline (the model with no "
    "evidence, or the scenario chosen with c); · is no change. After a name: = a finding, "
    "~ likelihoods (a report), := a set belief, do() an intervention. With intervals on (i), "
    "the bar shows the credible interval (━) around the probability (┃) and its ends in %."
)


@dataclass(frozen=True)
class Draws:
    """How the credible intervals are drawn (the CLI's --draws, --level and --seed)."""

    draws: int = 10_000
    level: float = 0.9
    seed: int | None = None


class Cancelled(Exception):
    """The evidence changed while intervals were being drawn for the old one."""


class ExplorerDisplay(App[None]):
    """What the explorer shows, and how a change reaches it (the keys: ExplorerApp)."""

    TITLE = "scenarios explore"
    CSS = (
        DIALOG_CSS
        + """
    #search { dock: top; display: none; }
    #search.shown { display: block; }
    #variables { width: 40%; min-width: 46; max-width: 90; height: 1fr;
                 scrollbar-size-vertical: 1; border: none; padding: 0; }
    #outcomes { height: auto; max-height: 50%; padding: 0 1; border-left: vkey $primary;
                border-bottom: hkey $primary; }
    #variables:focus { border: none; }
    #detail { width: 1fr; height: 1fr; padding: 0 1; border-left: vkey $primary; }
    #variables.hidden { display: none; }
    #detail-head { margin-bottom: 1; }
    #status { height: 1; text-wrap: nowrap; text-overflow: ellipsis; background: $panel; }
    #progress { display: none; }
    #progress.running { display: block; }
    """
    )

    def __init__(self, session: Session, draws: Draws = Draws(), intervals: bool = False):
        super().__init__()
        self.session, self.draws = session, draws
        self.intervals_on = intervals
        self.intervals: IntervalResult | None = None
        self._intervals_for: Evidence | None = None
        self._filter = ""
        self._detail_shown: tuple[object, ...] = ()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="search: a variable's name or description", id="search")
        with Horizontal():
            yield VariableList(id="variables")
            with Vertical():
                yield Static(id="outcomes")
                with VerticalScroll(id="detail"):
                    yield Static(id="detail-head")
                    yield Static(id="detail-body")
        yield ProgressBar(id="progress", show_eta=False)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self._set_titles()
        self._fill_list()
        self.query_one("#variables", OptionList).focus()
        if self.intervals_on:
            self._start_intervals()

    # -- what is shown ----------------------------------------------------------------------

    def _set_titles(self) -> None:
        model = self.session.model
        version = f" {model.version}" if model.version else ""
        path = self.session.scenario_path
        self.sub_title = f"{model.name}{version}" + (f" · {path.name}" if path else "")

    def _fill_list(self) -> None:
        """The options: a heading per role, a block per variable (ids are the names)."""
        options: list[Option] = []
        for role, names in self.session.groups(self._filter):
            options.append(Option(Text(ROLE_TITLES[role], style="bold reverse"), disabled=True))
            options.extend(Option(self._block(name), id=name) for name in names)
        listing = self.query_one("#variables", OptionList)
        selected = self.selected
        listing.set_options(options)
        names = [o.id for o in options if o.id]
        if names:
            listing.highlighted = listing.get_option_index(
                selected if selected in names else names[0]
            )
        self._show_rest()

    def _block(self, name: str) -> Text:
        shown = self.intervals if self._intervals_current() else None
        return variable_block(self.session, name, shown)

    def _intervals_current(self) -> bool:
        return (
            self.intervals_on
            and self.intervals is not None
            and self._intervals_for is self.session.frame.evidence
        )

    def refresh_values(self) -> None:
        """Every block, the side panel and the status line, after a change."""
        listing = self.query_one("#variables", OptionList)
        for index in range(listing.option_count):
            option = listing.get_option_at_index(index)
            if option.id:
                listing.replace_option_prompt_at_index(index, self._block(option.id))
        self._show_rest()

    def _show_rest(self) -> None:
        """The side panel and the status line. The panel's body is drawn again only when
        what it shows changed (a large CPT costs more to lay out than the rest of a key)."""
        name = self.selected
        head = detail_head(self.session, name) if name else Text("No variable matches.")
        self.query_one("#detail-head", Static).update(head)
        shown = (self.session.model, name, detail_key(self.session, name) if name else None)
        if shown != self._detail_shown:
            body = detail_view(self.session, name) if name else Text("")
            self.query_one("#detail-body", Static).update(body)
            self._detail_shown = shown
        self.query_one("#outcomes", Static).update(outcomes_pane(self.session))
        self.query_one("#status", Static).update(status_line(self.session), layout=False)

    @property
    def selected(self) -> str | None:
        """The variable under the cursor (None when the search matches nothing)."""
        listing = self.query_one("#variables", OptionList)
        index = listing.highlighted
        return listing.get_option_at_index(index).id if index is not None else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "variables":
            self._show_rest()

    # -- changing the evidence --------------------------------------------------------------

    def on_choice(
        self, change: Callable[[str], object], said: str = ""
    ) -> Callable[[str | None], None]:
        """What to do with a dialog's answer: ``change`` it (through :meth:`attempt`) unless
        the dialog was cancelled (None)."""

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.attempt(lambda: change(choice), said.format(choice))

        return chosen

    def attempt(self, change: Callable[[], object], said: str = "", refill: bool = False) -> bool:
        """Run ``change`` (a session method call); on an error, say it and keep the screen as
        it was. After a change, redraw (and redraw the intervals when they are on)."""
        try:
            change()
        except ModelError as exc:
            self.push_screen(MessageScreen("The model did not load", Text(str(exc))))
            return False
        except ScenariosError as exc:
            self.notify(str(exc), title="Not changed", severity="error", timeout=8)
            return False
        if said:
            self.notify(said, timeout=4)
        if refill:  # the variables themselves may have changed
            self._fill_list()
        else:
            self.refresh_values()
        if self.intervals_on:
            self._start_intervals()
        return True

    # -- credible intervals -----------------------------------------------------------------

    def _start_intervals(self) -> None:
        evidence = self.session.frame.evidence
        if self._intervals_for is evidence and self.intervals is not None:
            return
        progress = self.query_one("#progress", ProgressBar)
        progress.update(total=self.draws.draws, progress=0)
        progress.add_class("running")
        self._draw_intervals(Engine(self.session.model), evidence)

    @work(thread=True, exclusive=True, group="intervals", exit_on_error=False)
    def _draw_intervals(self, engine: Engine, evidence: Evidence) -> None:
        """Draw the intervals for ``evidence`` off the event loop (with an engine of its own);
        a newer change cancels this one between chunks."""
        worker = get_current_worker()

        def advance(done: int) -> None:
            if worker.is_cancelled:
                raise Cancelled
            self.call_from_thread(self.query_one("#progress", ProgressBar).advance, done)

        try:
            result = posterior_intervals(
                engine,
                evidence,
                engine.model.names,
                self.draws.draws,
                self.draws.level,
                self.draws.seed,
                advance,
            )
        except Cancelled:
            return
        except ScenariosError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error")
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._intervals_done, evidence, result)

    def _intervals_done(self, evidence: Evidence, result: IntervalResult) -> None:
        if evidence is not self.session.frame.evidence or not self.intervals_on:
            return  # an answer to evidence no longer on screen
        self.intervals, self._intervals_for = result, evidence
        self.query_one("#progress", ProgressBar).remove_class("running")
        self.refresh_values()
