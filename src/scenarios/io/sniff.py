"""Which format a model file's text is in, from its first words: for files whose suffix is
missing, unknown or misleading (an ``.xml`` holding GeNIe's XDSL, a ``.net`` holding Netica's
DNE). Returns a format name of the registry, or None when the text does not say.

Example:
    >>> sniff("// Hugin\\nnet\\n{\\n}"), sniff('<?xml version="1.0"?>\\n<smile id="x">')
    ('NET', 'XDSL')
    >>> sniff("BAYES\\n2"), sniff("network alarm {"), sniff("name: m") is None
    ('UAI', 'BIF', True)
"""

from __future__ import annotations

import re

_LEADING = re.compile(r"(?:\s|//[^\n]*|/\*.*?\*/|%[^\n]*|#[^\n]*)*", re.DOTALL)
_XML_ROOT = re.compile(r"<(?![?!])([A-Za-z_][\w.:-]*)")
_RULES = (
    ("DNE", re.compile(r"bnet\s+\S+\s*\{")),
    ("NET", re.compile(r"(?:net\s*\{|class\s+\S+\s*\{)")),
    ("DSL", re.compile(r"net\s+\S+\s*\{")),
    ("BIF", re.compile(r"network\s+(?:\"[^\"]*\"|[^\s:{]+)?\s*\{")),
    ("UAI", re.compile(r"(?:BAYES|MARKOV)\s")),
)
SNIFFED = 4096  # characters looked at (XML comments and prologs are short)


def sniff(text: str) -> str | None:
    """The format name the text's first words point to, or None."""
    head = text[:SNIFFED].lstrip("\ufeff")
    if text.startswith("// ~->[DNET"):
        return "DNE"
    leading = _LEADING.match(head)
    body = head[leading.end() :] if leading else head
    if body.startswith("<"):
        root = _XML_ROOT.search(re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL))
        if root is None:
            return None
        tag = root.group(1).lower()
        return "XDSL" if tag == "smile" else "XMLBIF" if tag == "bif" else None
    for name, rule in _RULES:
        if rule.match(body):
            return name
    return None
