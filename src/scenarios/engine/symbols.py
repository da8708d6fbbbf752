"""The letters an equation's indices are written in: one per variable of a network, the
ASCII letters first, then the characters opt_einsum gives (its ``get_symbol``, character for
character), so that opt_einsum takes our equations as they are, and a query that never calls
it never imports it (4 ms of a command's start).

Example:
    >>> symbol(0), symbol(51), symbol(52) == chr(192)
    ('a', 'Z', True)
"""

from __future__ import annotations

from string import ascii_letters

SKIPPED = 0xD800  # from here on opt_einsum skips 2,048 code points (the surrogates' span)


def symbol(i: int) -> str:
    """The ``i``-th index of an equation."""
    if i < len(ascii_letters):
        return ascii_letters[i]
    return chr(i + 2048) if i >= SKIPPED else chr(i + 140)
