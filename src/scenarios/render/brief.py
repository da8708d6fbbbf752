"""A briefing laid out once as sections of paragraphs, tables and charts
(:func:`brief_sections`), then written as a self-contained HTML page (inline CSS and SVG, no
network, A4 print styles) or as Markdown with the same text and tables."""

from __future__ import annotations

from dataclasses import dataclass, field

from scenarios.analysis.brief import Basis, Briefing
from scenarios.analysis.journal import outside_horizon
from scenarios.analysis.sensitivity import SensitivityRow
from scenarios.engine.result import QueryResult
from scenarios.render.brief_bottom_line import CONFIDENCE_RULE, event_words, statement_sentence
from scenarios.render.brief_charts import track_svg
from scenarios.render.brief_disagree import disagree_parts
from scenarios.render.brief_hangs_on import NOTE as HANGS_ON_NOTE
from scenarios.render.brief_hangs_on import hangs_on_parts
from scenarios.render.brief_options import options_parts
from scenarios.render.brief_unfolds import unfolds_parts
from scenarios.render.conflict import conflict_warning
from scenarios.render.graph import node_views
from scenarios.render.journal import horizon_note
from scenarios.render.svg import to_svg


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    svg: str
    caption: str


@dataclass(frozen=True)
class Note:
    """A paragraph in small print: how to read what comes before it."""

    text: str


Part = str | Table | Chart | Note


@dataclass(frozen=True)
class Section:
    heading: str
    parts: list[Part] = field(default_factory=list)
    kind: str = ""  # "bottom": set larger; "appendix": a landscape page of its own


def _words(b: Briefing, name: str) -> str:
    """A variable as a reader sees it: its label, else its name with spaces."""
    return b.model.variables[name].words


def _pct(p: float) -> str:
    return f"{p:.0%}"


def brief_sections(b: Briefing) -> list[Section]:
    """The briefing's content, in reading order."""
    sections = [
        _bottom(b),
        _question(b),
        _evidence(b),
        _judgements(b),
        _scenarios(b),
        _levers(b),
        *([_unfolds(b)] if b.unfolds else []),
        *([_options(b)] if b.options is not None else []),
        _collect(b),
        _bases(b),
        *([_hangs_on(b)] if b.hangs_on is not None else []),
        *([_disagree(b)] if b.disagreement is not None else []),
    ]
    changed = _changed(b)
    if changed is not None:
        sections.append(changed)
    sections.append(_appendix(b))
    return sections


def _bottom(b: Briefing) -> Section:
    parts: list[Part] = [statement_sentence(b.model, s) for s in b.bottom]
    return Section("Bottom line", [*parts, Note(CONFIDENCE_RULE)], "bottom")


def _question(b: Briefing) -> Section:
    model = b.model
    return Section(
        "The question",
        [
            b.question,
            f"Horizon: {b.horizon or 'not stated by the model'}",
            f"Model: {model.name}{f' version {model.version}' if model.version else ''} "
            f"({_where(model.path)}), content hash {b.model_hash}; "
            f"{len(model.variables)} variables. Prepared {b.generated.isoformat()} with "
            f"scenarios (exact inference; intervals over {b.draws:,} draws of the CPTs).",
        ],
    )


def _where(path: str | None) -> str:
    return "bundled with scenarios" if not path or path.startswith("<bundled>") else path


def _evidence(b: Briefing) -> Section:
    if not b.entries:
        return Section("The evidence", ["No evidence: the judgements rest on the model alone."])
    rows = [[e.date.isoformat(), e.source, e.describe(), e.note or ""] for e in b.entries]
    parts: list[Part] = [
        f"{len(b.entries)} dated findings from the evidence journal, all entered "
        "(a report's reliability r makes it the soft finding of a report right with "
        "probability r).",
        Table(["date", "source", "finding", "note"], rows),
    ]
    outside = outside_horizon(b.model, b.entries)
    if outside:
        parts.append(Note(horizon_note(b.model, outside)))
    if conflict_warning(b.conflict):
        parts.append(Note(conflict_warning(b.conflict)))
    if b.points:
        target = b.targets[0]
        parts.append(Chart(track_svg(b.points, [target]), f"{target} as the entries came in"))
    return Section("The evidence", parts)


def _judgements(b: Briefing) -> Section:
    rows = [
        [
            _words(b, j.target),
            j.state,
            _pct(j.probability),
            f"{_pct(j.low)}–{_pct(j.high)}",
            j.words,
        ]
        for j in b.judgements
    ]
    return Section(
        "Key judgements",
        [
            Table(["outcome", "most likely", "probability", "90% interval", "in words"], rows),
            Note(
                "Each outcome's most likely state. Words follow the ICD 203 yardstick; the "
                "interval is over draws of every CPT at the model's stated confidence."
            ),
        ],
    )


def _scenarios(b: Briefing) -> Section:
    base = b.results[b.scenarios.baseline]
    parts: list[Part] = [
        f"Each scenario against '{b.scenarios.baseline}'"
        + (" (on top of the evidence above)" if b.entries else "")
        + ": the probability of each bottom-line judgement, and its change where it moves "
        "2 points or more."
    ]
    rows = []
    for name, scenario in b.scenarios.scenarios.items():
        given = scenario.evidence.describe() or "none"
        rows.append([name, scenario.description, given])
    parts.append(Table(["scenario", "what it assumes", "set"], rows))
    events = [(s.target, s.states) for s in b.bottom]
    moved = [
        [name, *(_moved(_held(r, t, st), _held(base, t, st)) for t, st in events)]
        for name, r in b.results.items()
    ]
    parts.append(Table(["scenario", *(event_words(b.model, s) for s in b.bottom)], moved))
    return Section("Scenarios compared", parts)


def _held(result: QueryResult, target: str, states: tuple[str, ...]) -> float:
    return sum(result.posteriors[target][s] for s in states)


def _moved(value: float, base: float) -> str:
    change = (value - base) * 100
    return _pct(value) if abs(change) < 2 else f"{_pct(value)} ({change:+.0f} pp)"


def _levers(b: Briefing) -> Section:
    def listed(found: list[SensitivityRow]) -> str:
        return "; ".join(
            f"{r.variable} {r.low_state} → {r.high_state} ({r.swing:.2f})" for r in found
        )

    rows = [
        [_words(b, t), listed(b.levers[t]) or "(none)", listed(b.signposts[t]) or "(none)"]
        for t in b.targets
    ]
    return Section(
        "What moves the outcomes",
        [
            Table(
                [
                    "outcome",
                    "levers: set, what moves it most",
                    "signposts: observed, what tells most",
                ],
                rows,
            ),
            Note(
                "Levers are what a planner can set (the variables the model marks actionable; "
                "its drivers if none is); signposts are what can be observed. In brackets the "
                "swing: the outcome's range (probability, or expected level from 0 to 1) "
                "between the two states named."
            ),
        ],
    )


def _unfolds(b: Briefing) -> Section:
    parts: list[Part] = [
        Table(p[1], p[2]) if isinstance(p, tuple) else p for p in unfolds_parts(b.unfolds)
    ]
    return Section("How it unfolds", parts)


def _hangs_on(b: Briefing) -> Section:
    judged = [(j.target, j.state) for j in b.judgements]
    parts: list[Part] = []
    for part in hangs_on_parts(b.model, b.hangs_on, judged) if b.hangs_on else []:
        parts.append(Table(part[1], part[2]) if isinstance(part, tuple) else part)
    return Section("What the judgements hang on", [*parts, Note(HANGS_ON_NOTE)])


def _disagree(b: Briefing) -> Section:
    parts: list[Part] = []
    for part in disagree_parts(b.disagreement) if b.disagreement else []:
        parts.append(Table(part[1], part[2]) if isinstance(part, tuple) else part)
    return Section("Where the analysts disagree", parts)


def _options(b: Briefing) -> Section:
    parts: list[Part] = []
    for part in options_parts(b.options) if b.options is not None else []:
        parts.append(Table(part[1], part[2]) if isinstance(part, tuple) else part)
    parts.append(
        Note(
            "Each option's expected utility is that of taking it whatever is known, the other "
            "decisions following their best policies; best in: the share of draws of the "
            "tables (as for the intervals) in which it is best; regret: its mean shortfall "
            "from the best there. scenarios decide gives the policies in full."
        )
    )
    return Section("Options compared", parts)


def _collect(b: Briefing) -> Section:
    rows = [
        [
            _words(b, target),
            r.variable,
            f"{r.share:.0%}",
            "-" if r.cost is None else f"{r.cost:g}",
            "-" if r.lead_time is None else f"{r.lead_time:g}",
        ]
        for target, found in b.collect.items()
        for r in found
        if r.share >= 0.005  # an indicator that removes under half a percent is not one
    ]
    parts: list[Part] = [
        "Indicators to watch: the observable variables that would remove most of the remaining "
        "uncertainty about each outcome, per unit of collection cost.",
        Table(["outcome", "collect", "uncertainty removed", "cost", "days"], rows),
    ]
    if b.mind is not None:
        target = b.targets[0]
        for change in b.mind.changes:
            seen = ", ".join(f"{n}={s}" for n, s in change.findings)
            parts.append(
                f"What would change my mind on {target}: observing {seen} would make "
                f"{change.future.split('=', 1)[1]} the most likely ({_pct(change.probability)})."
            )
        for label in b.mind.unreachable:
            parts.append(
                f"No two observations would make {label.split('=', 1)[1]} the most likely {target}."
            )
    return Section("What to collect", parts)


def _bases(b: Briefing) -> Section:
    outcomes: dict[tuple[str, str], list[str]] = {}
    kinds: dict[tuple[str, str], Basis] = {}
    for target, found in b.bases.items():
        for basis in found:
            outcomes.setdefault((basis.parent, basis.child), []).append(target)
            kinds[(basis.parent, basis.child)] = basis
    unquoted = [k for k, basis in kinds.items() if basis.kind != "quote"]
    quoted = [f"{p} → {c}" for (p, c), basis in kinds.items() if basis.kind == "quote"]
    rows = [
        [
            f"{p} → {c}",
            ", ".join(_words(b, o) for o in outcomes[(p, c)]),
            kinds[(p, c)].text or "(none given)",
        ]
        for p, c in unquoted
    ]
    parts: list[Part] = [
        f"The links from the top levers to the outcomes: {len(kinds)}, of which {len(unquoted)} "
        "rest on the modeler's assumption, not on the source; those are what to challenge."
    ]
    if rows:
        parts.append(Table(["assumed link", "outcomes", "the modeler's reasoning"], rows))
    if quoted:
        parts.append(
            Note(
                "Stated by the source (scenarios show --quotes prints each quote beside its "
                "link): " + "; ".join(quoted) + "."
            )
        )
    return Section("What the judgements rest on", parts)


def _changed(b: Briefing) -> Section | None:
    parts: list[Part] = []
    if b.since is not None:
        moved = [
            f"{t}={s}: {_pct(b.since.then[t][s])} → {_pct(b.since.now[t][s])}"
            for t in b.targets
            for s in b.model.variables[t].states
            if abs(b.since.change(t, s)) >= 0.02
        ]
        parts.append(
            f"Since {b.since.since.isoformat()}: "
            + ("; ".join(moved) if moved else "no outcome moved by 2 points or more")
            + "."
        )
        rows = [
            [m.entry.date.isoformat(), m.entry.describe(), _largest(m.moved)]
            for m in b.since.movers
        ]
        if rows:
            parts.append(Table(["date", "entry", "moved most"], rows))
    if b.diff is not None:
        d = b.diff
        parts.append(
            f"Since model {b.previous}: {len(d.added)} variables added, {len(d.removed)} "
            f"removed, {len(d.edges_added)} edges added, {len(d.edges_removed)} removed, "
            f"{len(d.cells)} CPT cells changed, {len(d.texts)} quotes or assumptions changed."
        )
        rows = [
            [c.variable, f"{c.state} | {c.given or 'prior'}", f"{c.old:.3f} → {c.new:.3f}"]
            for c in d.cells[:10]
        ]
        if rows:
            parts.append(Table(["variable", "cell", "change"], rows))
    return Section("What changed", parts) if parts else None


def _largest(moved: dict[tuple[str, str], float]) -> str:
    (target, state), change = max(moved.items(), key=lambda item: abs(item[1]))
    return f"{target}={state} {change * 100:+.1f} pp"


def _appendix(b: Briefing) -> Section:
    observed = frozenset(b.evidence.observed)
    picture = to_svg(b.model, node_views(b.model, observed=observed))
    return Section(
        "Appendix: the network",
        [
            "Drivers, mediators, outcomes and indicators; every edge's basis is listed by "
            "`scenarios show`.",
            Chart(picture, "the causal network"),
        ],
        "appendix",
    )
