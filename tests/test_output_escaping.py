"""Outputs never carry a file's markup. Markdown never carries a file's HTML: names, states,
descriptions, quotes, assumptions, scenario names and descriptions, journal sources and notes
holding script payloads are escaped in the briefing's Markdown and in every command's
--format markdown. Checked by rendering the Markdown (markdown-it, HTML allowed, as most
renderers do) and reading the tags it made, and by loading the rendered page in headless
Chromium, with a positive control (the same payload unescaped runs) so that the check can
fail. CSV never hands a spreadsheet a formula made of a name."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from helpers import run_cli
from scenarios.cli.output import stderr_console, stdout_console

RUN = "document.body.setAttribute('data-pwned', 'yes')"
FREE = f'<img src=x onerror="{RUN}"> <script>{RUN}</script> [link](javascript:{RUN})'
NAME = "<script>document.body.remove()</script>"  # names may not hold = , : or ~
# tags the tool's own Markdown may make; anything else came from a file
OWN_TAGS = {
    "h1",
    "h2",
    "p",
    "em",
    "strong",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "ul",
    "li",
    "code",
    "hr",
}


def hostile(folder: Path) -> dict[str, Path]:
    """A model, scenario file and journal with payloads in every text a user can write."""
    F, N = json.dumps(FREE), json.dumps(NAME)  # YAML double-quoted scalars
    ROW, CALM = json.dumps(f"{NAME}={NAME}"), json.dumps(f"{NAME}=calm")  # noqa: N806
    model = folder / "m.yaml"
    model.write_text(
        textwrap.dedent(f"""\
        name: {N}
        description: {F}
        horizon: {F}
        variables:
          {N}:
            role: driver
            description: {F}
            assumption: {F}
            observable: true
            states: {{{N}: {F}, calm: quiet}}
            cpt: {{{N}: 0.4, calm: 0.6}}
          outcome:
            role: outcome
            description: {F}
            states: [low, high]
            parents: {{{N}: {{assumption: {F}}}}}
            cpt: {{table: {{{ROW}: [0.3, 0.7], {CALM}: [0.8, 0.2]}}}}
        """),
        encoding="utf-8",
    )
    scenarios = folder / "s.yaml"
    scenarios.write_text(
        textwrap.dedent(f"""\
        model: m.yaml
        name: {F}
        description: {F}
        scenarios:
          base: {{description: {F}}}
          {N}:
            description: {F}
            evidence: {{{N}: {N}}}
        """),
        encoding="utf-8",
    )
    journal = folder / "j.yaml"
    journal.write_text(
        textwrap.dedent(f"""\
        model: m.yaml
        entries:
          - date: 2015-02-10
            source: {F}
            evidence: {{{N}: {N}}}
            note: {F}
        """),
        encoding="utf-8",
    )
    return {"model": model, "scenarios": scenarios, "journal": journal}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.links += [v or "" for k, v in attrs if k in ("href", "src")]


def rendered(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def commands(files: dict[str, Path]) -> list[list[str]]:
    m, s, j = (str(files[k]) for k in ("model", "scenarios", "journal"))
    return [
        ["brief", s, "--journal", j, "--draws", "50"],
        ["show", m],
        ["query", m, "--all", "--words"],
        ["query", m, "--journal", j],
        ["compare", s],
        ["futures", m, "-k", "3"],
        ["sensitivity", m, "-t", "outcome"],
        ["fragility", m, "-t", "outcome=high"],
        ["forecast", m, "-t", "outcome=high"],
        ["voi", m, "-t", "outcome"],
        ["explain", m, "-t", "outcome", "-e", f"{NAME}={NAME}"],
        ["indicators", m, "-t", "outcome=high"],
        ["journal", "show", j],
        ["track", j, "-t", "outcome"],
        ["cpt", m, "outcome"],
        ["diff", m, m, "--scenarios", s],
    ]


def test_every_markdown_output_escapes_what_came_from_files(tmp_path):
    files = hostile(tmp_path)
    for argv in commands(files):
        fmt = [] if argv[0] == "brief" else ["-f", "markdown"]
        code, out, err = run_cli([*argv, *fmt])
        assert code == 0, (argv, err)
        found = _Tags()
        found.feed(rendered(out))
        assert found.tags <= OWN_TAGS, (argv[0], found.tags - OWN_TAGS)
        assert not any(link.startswith("javascript") for link in found.links), argv[0]


def _in_chromium(page: Path) -> str:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={page.parent / 'profile'}",
    ]
    return subprocess.run(
        ["chromium", *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_the_markdown_briefing_rendered_runs_no_script_in_chromium(tmp_path):
    files = hostile(tmp_path)
    out = tmp_path / "brief.md"
    code, _, err = run_cli(
        [
            "brief",
            str(files["scenarios"]),
            "--journal",
            str(files["journal"]),
            "--draws",
            "50",
            "-o",
            str(out),
        ]
    )
    assert code == 0, err
    page = tmp_path / "brief.html"
    page.write_text(rendered(out.read_text(encoding="utf-8")), encoding="utf-8")
    control = tmp_path / "control.html"  # the same payload, unescaped: it must run
    control.write_text(rendered(f"# control\n\n{FREE}\n"), encoding="utf-8")
    assert 'data-pwned="yes"' in _in_chromium(control)
    dom = _in_chromium(page)
    assert "What the judgements rest on" in dom  # the page loaded, with its body
    assert 'data-pwned="yes"' not in dom and "<script" not in dom  # as text only: &lt;script


FORMULA_NAME = "+cmd|calc"  # names may start with what a spreadsheet takes for a formula


def test_every_csv_output_keeps_a_spreadsheet_from_running_a_name(tmp_path):
    """A cell a spreadsheet would evaluate (=, +, -, @ first) gets a leading apostrophe
    when it is text; numbers stay numbers."""
    model = tmp_path / "f.yaml"
    model.write_text(
        textwrap.dedent(f"""\
        name: "@model"
        variables:
          "{FORMULA_NAME}":
            role: driver
            observable: true
            states: ["-drop", "@top"]
            cpt: ["0.25", 0.75]
          outcome:
            role: outcome
            states: [low, high]
            parents: ["{FORMULA_NAME}"]
            cpt:
              table: {{"{FORMULA_NAME}=-drop": [0.3, 0.7], "{FORMULA_NAME}=@top": [0.8, 0.2]}}
        """).replace('["0.25", 0.75]', "[0.25, 0.75]"),
        encoding="utf-8",
    )
    for argv in (
        ["query", str(model), "--all"],
        ["show", str(model)],
        ["cpt", str(model), "outcome"],
        ["sensitivity", str(model), "-t", "outcome"],
        ["fragility", str(model), "-t", "outcome=high"],
        ["futures", str(model), "-t", FORMULA_NAME, "-t", "outcome"],
    ):
        code, out, err = run_cli([*argv, "-f", "csv"])
        assert code == 0, (argv, err)
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                if cell[:1] in ("=", "+", "@") or cell[:1] == "-" and not _number(cell):
                    raise AssertionError((argv[0], cell))
        assert f"'{FORMULA_NAME}" in out, argv[0]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_terminal_shows_emoji_codes_as_written():
    """rich turns ``:smile:`` into an emoji in any string it renders as markup (headers and
    titles); the command line's consoles leave it as written: no text of ours is an emoji
    code, and a modeler's text must be shown as it is."""
    for console in (stdout_console(), stderr_console()):
        with console.capture() as captured:
            console.print("[bold]:smile: a header[/bold] :thumbs_up:")
        assert captured.get().strip() == ":smile: a header :thumbs_up:"
    code, out, _ = run_cli(["query", "-t", "defection_rate"])
    assert code == 0 and "defection_rate" in out
