"""Names that survive every file format: a reversible encoding into identifiers.

BIF, Hugin NET and GeNIe XDSL take identifiers only, and pgmpy's readers split a name at a space
(BIF, NET), refuse it (XDSL) or silently turn ``a/b`` into ``a_b`` (XMLBIF writer). Written
names therefore keep ASCII letters, digits and ``_`` and spell every other character as
``_xHH_`` (its code point in upper-case hex); reading decodes the same spelling, so a name
like ``rain fall`` or ``a/b`` comes back unchanged. Names read from files made elsewhere that
break this tool's own rule (no ``,`` ``=`` ``~`` ``:``, no leading or trailing space) have
those characters replaced by ``_``.

Example:
    >>> encode_name("rain fall"), decode_name("rain_x20_fall")
    ('rain_x20_fall', 'rain fall')
    >>> decode_name(encode_name("a/b ½"))
    'a/b ½'
"""

from __future__ import annotations

import re

_PLAIN = re.compile(r"[A-Za-z0-9_]")
_CODE = re.compile(r"_x([0-9A-F]{2,6})_")
_FORBIDDEN = re.compile(r"[,=~:]")


def encode_name(name: str) -> str:
    """An identifier spelling of ``name``; a leading digit is kept (every reader takes it)."""
    return "".join(c if _PLAIN.match(c) else f"_x{ord(c):02X}_" for c in name)


def decode_name(text: str) -> str:
    """The name an identifier spells (identity for names that need no encoding), made valid
    for this tool."""
    name = _CODE.sub(lambda m: chr(int(m.group(1), 16)), str(text))
    return _FORBIDDEN.sub("_", name).strip() or "_"


def unquoted(text: str) -> str:
    """The text inside ``"..."`` with backslash escapes undone; other text as it is.

    >>> unquoted('"a \\\\"b\\\\""'), unquoted("plain")
    ('a "b"', 'plain')
    """
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return text
