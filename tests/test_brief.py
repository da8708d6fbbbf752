"""scenarios brief: the Markdown twin parses and carries every section, the HTML page is
self-contained (nothing fetched), and in headless Chromium it loads without console errors,
is not blank, shows its charts and keeps its text as text."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from PIL import Image, ImageStat

from helpers import ROOT, run_cli
from scenarios import load_model, save_model
from scenarios.analysis.brief import content_hash

SCENARIOS = str(ROOT / "examples" / "khorasan-scenarios.yaml")
JOURNAL = str(ROOT / "examples" / "khorasan-journal.yaml")
SECTIONS = [
    "Bottom line",
    "The question",
    "The evidence",
    "Key judgements",
    "Scenarios compared",
    "What moves the outcomes",
    "What to collect",
    "What the judgements rest on",
    "What changed",
    "Appendix: the network",
]
ARGV = ["brief", SCENARIOS, "--journal", JOURNAL, "--since", "2015-05-01", "--draws", "200"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    code, _, err = run_cli([*ARGV, "-o", str(path)])
    assert code == 0, err
    return path


def test_the_markdown_twin_has_every_section_and_parses():
    code, out, err = run_cli(ARGV)
    assert code == 0, err
    for heading in SECTIONS:
        assert f"## {heading}" in out
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert html.count("<table>") >= 7 and "<h2>Key judgements</h2>" in html
    assert out.index("## Bottom line") < out.index("## The question")  # the bottom line first
    assert "No Taliban-IS pact (no working relationship) is likely" in out
    assert "public_statement=silent" in out


def test_the_page_is_self_contained(page):
    text = page.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    tags = [t for t, _ in parser.tags]
    assert tags.count("svg") == 2  # the journal's chart and the network
    assert "script" not in tags and "link" not in tags and "img" not in tags
    for _, attrs in parser.tags:
        for name in ("src", "href"):
            assert not str(attrs.get(name, "")).startswith(("http:", "https:", "//"))
    for heading in SECTIONS:
        assert heading in text


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_the_page_in_headless_chromium(page, tmp_path):
    shot = tmp_path / "brief.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    logged = subprocess.run(
        [
            "chromium",
            *flags,
            "--enable-logging=stderr",
            "--v=0",
            f"--screenshot={shot}",
            "--window-size=1000,1400",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [line for line in logged.stderr.splitlines() if "CONSOLE" in line]
    assert not console, console
    image = Image.open(shot).convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20  # text and tables, not a blank page
    dom = subprocess.run(
        ["chromium", *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "Key judgements" in dom and dom.count("<svg") == 2
    assert "<text" in dom  # chart labels are text, so they can be selected and searched


def test_the_content_hash_is_the_networks_whatever_the_format(tmp_path):
    model = load_model()
    assert model.version == "1.5"
    save_model(model, tmp_path / "k.yaml")
    assert load_model(tmp_path / "k.yaml").version == "1.5"
    save_model(model, tmp_path / "k.net")
    assert content_hash(load_model(tmp_path / "k.net")) == content_hash(model)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_a_pdf_briefing_is_printed_by_chromium(tmp_path):
    path = tmp_path / "brief.pdf"
    code, _, err = run_cli(["brief", SCENARIOS, "--draws", "50", "-o", str(path)])
    assert code == 0, err
    assert path.read_bytes()[:5] == b"%PDF-" and path.stat().st_size > 10_000


def test_without_a_browser_a_pdf_is_refused_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, _, err = run_cli(["brief", SCENARIOS, "--draws", "50", "-o", str(tmp_path / "b.pdf")])
    assert code == 2 and "apt-get install chromium" in err and "-o brief.html" in err
    assert list(tmp_path.iterdir()) == []
    code, _, err = run_cli(["brief", SCENARIOS, "-o", str(tmp_path / "b.docx")])
    assert code == 2 and ".html" in err
