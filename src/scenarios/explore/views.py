"""What the explorer draws, as rich renderables (no Textual here): a variable's block of
bars, the side panel of the selected variable and the status line.

Example:
    >>> from scenarios import load_model
    >>> from scenarios.explore.session import Session
    >>> session = Session(load_model())
    >>> print(variable_block(session, "fata_relocation").plain)
    fata_relocation
      no           ██████▊      66.9%      ·
      yes          ███▎         33.1%      ·
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from scenarios.analysis.uncertainty import IntervalResult
from scenarios.core.bars import bar, change_style, range_bar, signed_points
from scenarios.explore.session import Session, finding_of
from scenarios.render.cpt import cpt_report
from scenarios.render.model import basis_text, planner_lines

BAR = 10  # cells of a probability bar
LABEL = 12  # most characters of a state's name shown in a block
TAGS = {"=": ("= ", "bold cyan"), "~": ("~ ", "bold magenta"), ":=": (":= ", "bold yellow")}


def finding_tag(session: Session, name: str, short: bool = False) -> Text:
    """What the evidence says of ``name``: ``= high``, ``~ high:0.8,low:0.2``,
    ``:= high:0.7,low:0.3`` or ``do(high)`` (``short``: ``~ likelihoods``, ``:= belief``);
    empty when nothing."""
    found = finding_of(session.frame.evidence, name)
    if found is None:
        return Text()
    kind, text = found
    if kind == "do":
        return Text(f"do({text})", style="bold red")
    prefix, style = TAGS[kind]
    if short and kind != "=":
        text = "likelihoods" if kind == "~" else "belief"
    return Text(prefix + text, style=style)


def variable_block(session: Session, name: str, intervals: IntervalResult | None = None) -> Text:
    """The variable's name and finding, then a line per state: the posterior as a bar (an
    interval bar when ``intervals`` holds it), the probability, and the change against the
    baseline in points (``·`` when under 0.05 points)."""
    var = session.model.variables[name]
    now = session.frame.posteriors[name]
    before = session.reference.posteriors[name]
    text = Text().append(name, style="bold")
    tag = finding_tag(session, name, short=True)
    if tag:
        text.append("  ").append_text(tag)
    label = label_width(session)
    spread = intervals.intervals.get(name) if intervals else None
    for state in var.states:
        p, change = now[state], now[state] - before[state]
        text.append(f"\n  {_cut(state, label):<{label}} ")
        if spread:
            iv = spread[state]
            text.append(range_bar(iv.low, iv.high, p, BAR - 2), style="cyan")
            ends = f"{iv.low * 100:.0f}–{iv.high * 100:.0f}%"
            text.append(f" {p:6.1%} {ends:>8}")
        else:
            text.append(f" {bar(p, BAR)} ", style="cyan")
            text.append(f" {p:6.1%}")
        shown = "·" if abs(change) < 0.0005 else signed_points(change).removesuffix(" pp")
        text.append(f" {shown:>6}", style=change_style(change))
    return text


def outcomes_pane(session: Session) -> Text:
    """The headline outcomes, pinned above the side panel so that they stay in sight while
    drivers are set: per outcome its words, then each state's probability in percent and,
    where it moved half a point or more against the baseline, the change in points."""
    model = session.model
    text = Text().append("Outcomes", style="bold reverse")
    for name in model.headlines:
        now, before = session.frame.posteriors[name], session.reference.posteriors[name]
        text.append(f"\n{model.variables[name].words}\n ", style="bold")
        for state in model.variables[name].states:
            p, change = now[state], now[state] - before[state]
            text.append(f" {state}:{p:.0%}")  # no space inside: a wrap never splits them
            if abs(change) >= 0.005:
                text.append(f"{change * 100:+.0f}", style=change_style(change))
    if session.frame.meu is not None:
        text.append_text(options_lines(session))
    return text


def options_lines(session: Session) -> Text:
    """In a model with decisions: the maximum expected utility under the evidence on screen
    and, per decision left open, its options best first with their expected utilities (the
    other decisions at their best policies); a decision the evidence sets is not listed."""
    frame, model = session.frame, session.model
    unit = next((u.unit for u in model.utilities.values() if u.unit), "")
    text = Text().append("\nOptions", style="bold reverse")
    text.append(f"\nbest policy: {frame.meu:,.1f} {unit}".rstrip())
    for name, values in frame.options.items():
        text.append(f"\n{model.variables[name].words}\n ", style="bold")
        for k, (option, value) in enumerate(sorted(values.items(), key=lambda kv: -kv[1])):
            text.append(f" {option}:{value:,.1f}", style="bold green" if k == 0 else None)
    return text


def label_width(session: Session) -> int:
    """The width of the state column, the same for every variable (so that bars line up):
    the longest state's name, at most LABEL."""
    return min(max(len(s) for v in session.model.variables.values() for s in v.states), LABEL)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def detail_head(session: Session, name: str) -> Text:
    """The top of the side panel: the name, role and scale, what observing or setting it
    costs (and how it is set), and what the evidence says of it (redrawn at every change)."""
    model = session.model
    var = model.variables[name]
    text = Text().append(name, style="bold underline")
    role = model.role_of(name) + ("" if var.role else " (from the graph)")
    text.append(f"\n{role}, {var.scale}", style="dim")
    for line in planner_lines(var):
        text.append("\n").append_text(line)
    tag = finding_tag(session, name)
    text.append("\nevidence: ").append_text(tag or Text("none", style="dim"))
    return text


def detail_key(session: Session, name: str) -> tuple[object, ...]:
    """What the body of the side panel depends on besides the variable: the findings on its
    parents (the CPT rows they leave possible)."""
    evidence = session.frame.evidence
    return tuple(finding_of(evidence, p) for p in session.model.variables[name].parents)


def detail_view(session: Session, name: str) -> RenderableType:
    """The body of the side panel: the variable's description and the quote behind it, its
    states and what they mean, each parent with the quote or assumption behind the edge,
    and its CPT as ``scenarios cpt`` prints it."""
    var = session.model.variables[name]
    parts: list[RenderableType] = []
    if var.description:
        parts.append(Text(var.description))
    if var.basis:
        parts.append(basis_text(var.basis))
    parts.append(Text("\nStates", style="bold"))
    for state in var.states:
        meaning = var.definitions.get(state, "")
        parts.append(Text.assemble(f"  {state}", (f": {meaning}" if meaning else "", "dim")))
    parts.append(Text("\nParents", style="bold") if var.parents else Text("\nNo parents"))
    for parent in var.parents:
        parts.append(Text(f"  ← {parent}", style="cyan"))
        basis = var.edge_basis(parent)
        parts.append(basis_text(basis) if basis else Text("  (no quote, no assumption)", "dim"))
    assessed = [a for a in session.analysts if name in a.reasons]
    if assessed:
        parts.append(Text("\nAssessed by (the table shown is their pool)", style="bold"))
        for a in assessed:
            parts.append(Text.assemble(f"  {a.analyst}: ", (a.reasons[name], "dim")))
    parts.append(cpt_view(session, name))
    return Group(*parts)


WIDE = 5  # most states a CPT shows as columns; a variable with more lists them down
SHOWN_LINES = 60  # lines of a CPT the side panel shows; all of them: scenarios cpt VAR


def cpt_view(session: Session, name: str) -> RenderableType:
    """The CPT as ``scenarios cpt`` has it, narrow enough for a side panel: a row per
    combination of the parents' states (in the parents' order, the first slowest), a column
    per state (a line per state when there are more than WIDE); the rows the evidence on the
    parents leaves possible in bold; at most SHOWN_LINES lines."""
    model = session.model
    var = model.variables[name]
    report = cpt_report(model, var)
    fixed = {**session.frame.evidence.hard, **session.frame.evidence.do}
    narrowed = bool(fixed.keys() & set(var.parents))
    count = len(var.parents)
    wide = var.cardinality <= WIDE
    table = Table(box=None, padding=(0, 1), show_edge=False, show_header=wide)
    table.add_column("", overflow="fold")
    for state in var.states if wide else ["P"]:
        table.add_column(Text(state), justify="right", overflow="fold")
    lines = 0
    for row in report.rows:
        labels = [str(label) for label in row[:count]]
        possible = all(fixed.get(p, s) == s for p, s in zip(var.parents, labels, strict=True))
        style = "bold" if narrowed and possible else ""
        numbers = [Text(cell.text.removeprefix("0") or "0", style=style) for cell in row[count:]]
        if wide:
            table.add_row(Text(" ".join(labels), style=style), *numbers)
        else:
            if labels:
                table.add_row(Text(" ".join(labels), style=style or "underline"))
            for state, number in zip(var.states, numbers, strict=True):
                table.add_row(Text(f"  {state}", style=style), number)
        lines += 1 if wide else var.cardinality + bool(labels)
        if lines >= SHOWN_LINES:
            break
    parts: list[RenderableType] = [Text(""), Text(report.title, style="bold")]
    if var.parents:
        parts.append(Text(f"rows: {', '.join(var.parents)}", style="dim"))
    parts.append(table)
    shown = report.rows.index(row) + 1
    if shown < len(report.rows):
        parts.append(Text(f"… {len(report.rows) - shown} more rows: scenarios cpt {name}", "dim"))
    return Group(*parts)


def status_line(session: Session) -> Text:
    """What the changes are read against, the evidence in the command line's syntax and
    P(evidence)."""
    evidence = session.frame.evidence
    text = Text.assemble(("vs ", "dim"), (session.baseline or "no evidence", "bold"))
    if session.slice_label:
        text.append(" │ slice ", style="dim").append(session.slice_label, style="bold")
    text.append(" │ evidence: ", style="dim")
    text.append(evidence.describe() or "none")
    if evidence.observed:
        text.append(f"  P(e)={session.frame.probability:.3g}", style="dim")
    return text
