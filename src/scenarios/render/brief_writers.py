"""The briefing written out: one self-contained HTML page (inline CSS and SVG, nothing fetched,
A4 print styles) or Markdown with the same text and tables (charts are in the HTML)."""

from __future__ import annotations

import html

from scenarios.analysis.brief import Briefing
from scenarios.render.brief import Chart, Note, Part, Section, Table, brief_sections
from scenarios.render.report import markdown_text

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font: 10.5pt/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d2731;
       max-width: 180mm; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; color: #0b3954; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; color: #0b3954; border-bottom: 1px solid #c9d6df;
     page-break-after: avoid; }
p { margin: .4em 0; }
.meta { color: #52616b; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 9pt;
        page-break-inside: auto; }
th, td { border-bottom: 1px solid #dde3e8; padding: 3px 6px; text-align: left;
         vertical-align: top; }
th { background: #eef3f6; }
tr { page-break-inside: avoid; }
figure { margin: .6em 0 1em; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; max-height: 75mm; }
figcaption { font-size: 8.5pt; color: #52616b; }
.note { color: #52616b; font-size: 8.5pt; }
section.bottom p:not(.note) { font-size: 11pt; margin: .6em 0; }
@page wide { size: A4 landscape; margin: 12mm; }
section.appendix { page: wide; page-break-before: always; }
section.appendix figure svg { width: 100%; max-height: 175mm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } }
"""


def to_html(b: Briefing) -> str:
    """The briefing as one HTML document that needs nothing else."""
    title = _e(b.title).replace("-", "\u2011")  # a non-breaking hyphen: "mid-2015" stays whole
    body = [f"<h1>{title}</h1>", f'<p class="meta">{_e(_meta(b))}</p>']
    for section in brief_sections(b):
        body.append(f'<section class="{section.kind}"><h2>{_e(section.heading)}</h2>')
        body += [_html_part(part) for part in section.parts]
        body.append("</section>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(b.title)}</title><style>{CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _html_part(part: Part) -> str:
    if isinstance(part, Table):
        head = "".join(f"<th>{_e(c)}</th>" for c in part.columns)
        rows = "".join(
            "<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in part.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if isinstance(part, Chart):
        return f"<figure>{part.svg}<figcaption>{_e(part.caption)}</figcaption></figure>"
    if isinstance(part, Note):
        return f'<p class="note">{_e(part.text)}</p>'
    return f"<p>{_e(part)}</p>"


def to_markdown(b: Briefing) -> str:
    """The same text and tables as Markdown (charts: see the HTML version)."""
    lines = [f"# {markdown_text(b.title)}", "", f"_{markdown_text(_meta(b))}_", ""]
    for section in brief_sections(b):
        lines += [f"## {markdown_text(section.heading)}", ""]
        for part in section.parts:
            lines += _markdown_part(part) + [""]
    return "\n".join(lines).rstrip() + "\n"


def _markdown_part(part: Part) -> list[str]:
    """A table, a chart's caption or a paragraph; every text in it escaped (names, quotes,
    sources and notes come from files: no HTML or link of theirs reaches a reader)."""
    if isinstance(part, Table):
        out = ["| " + " | ".join(markdown_text(c) for c in part.columns) + " |"]
        out.append("| " + " | ".join("---" for _ in part.columns) + " |")
        out += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in part.rows]
        return out
    if isinstance(part, Chart):
        caption = markdown_text(part.caption)
        return [f"_Chart: {caption} (in the HTML version of this briefing)._"]
    if isinstance(part, Note):
        return [f"_{markdown_text(part.text)}_"]
    return [markdown_text(part)]


def _meta(b: Briefing) -> str:
    return (
        f"Model {b.model.name}, content hash {b.model_hash} · prepared {b.generated.isoformat()}"
        f" · {len(b.entries)} evidence entries · {len(b.scenarios.scenarios)} scenarios"
    )


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


__all__ = ["Section", "to_html", "to_markdown"]
