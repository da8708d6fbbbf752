"""Names that survive every file format: a reversible encoding into identifiers.

BIF, Hugin NET and GeNIe XDSL take identifiers only, and pgmpy's readers split a name at a space
(BIF, NET), refuse it (XDSL) or silently turn ``a/b`` into ``a_b`` (XMLBIF writer). Written
names therefore keep ASCII letters, digits and ``_`` and spell every other character as
``_xHH_`` (its code point in upper-case hex); reading decodes the same spelling, so a name
like ``rain fall`` or ``a/b`` comes back unchanged. An underscore followed by ``x`` is spelt
``_x5F_`` too, so that a name that itself contains ``_x41_`` is not read back as ``A``: the
encoding is one-to-one, and ``decode_name(encode_name(n)) == n`` for every valid name (a
property test). Names read from files made elsewhere that break this tool's own rule (no
``,`` ``=`` ``~`` ``:``, no leading or trailing space) have those characters replaced by
``_``; an escape that names no character (``_xD800_``, ``_x110000_``) or a control character
is left as written. Two names of a file that meet once decoded are an error of the reader.

Example:
    >>> encode_name("rain fall"), decode_name("rain_x20_fall")
    ('rain_x20_fall', 'rain fall')
    >>> decode_name(encode_name("a/b ½")), encode_name("a_x20_b")
    ('a/b ½', 'a_x5F_x20_b')
"""

from __future__ import annotations

import re
import unicodedata

_PLAIN = re.compile(r"[A-Za-z0-9_]")
_CODE = re.compile(r"_x([0-9A-F]{2,6})_")
_FORBIDDEN = re.compile(r"[,=~:]")


def encode_name(name: str) -> str:
    """An identifier spelling of ``name``; a leading digit is kept (every reader takes it)."""
    return "".join(
        c
        if _PLAIN.match(c) and not (c == "_" and name[i + 1 : i + 2] == "x")
        else f"_x{ord(c):02X}_"
        for i, c in enumerate(name)
    )


def decode_name(text: str) -> str:
    """The name an identifier spells (identity for names that need no encoding), made valid
    for this tool."""
    name = _CODE.sub(_character, str(text))
    return _FORBIDDEN.sub("_", name).strip() or "_"


def _character(match: re.Match[str]) -> str:
    """The character an escape spells; the escape itself where it spells none (beyond
    Unicode, a surrogate) or a control character."""
    code = int(match.group(1), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or unicodedata.category(chr(code)) == "Cc":
        return match.group(0)
    return chr(code)


def unquoted(text: str) -> str:
    """The text inside ``"..."`` with backslash escapes undone; other text as it is.

    >>> unquoted('"a \\\\"b\\\\""'), unquoted("plain")
    ('a "b"', 'plain')
    """
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return text
