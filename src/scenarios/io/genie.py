"""Descriptions and sources in GeNIe's comments, the one text field an XDSL node has.

GeNIe shows a node's ``<comment>`` (in the file's ``<extensions><genie>`` part, after the
node's ``<position>``) as its description, and the network's ``<comment>`` as the network's.
pgmpy's XDSL writer writes none; here a variable's description is written there, followed by
its source quote as ``Source: ...`` after a blank line, and read back the same way by
:mod:`scenarios.io.xmlformats` (a comment written by GeNIe is a description).

Example:
    >>> split_comment(join_comment("Money IS directs.", "“vast financial resources”"))
    ('Money IS directs.', '“vast financial resources”')
"""

from __future__ import annotations

from scenarios.core.text import plain_text

SOURCE = "\n\nSource: "


def join_comment(description: str, source: str) -> str:
    return description + (SOURCE + source if source else "")


def split_comment(comment: str) -> tuple[str, str]:
    """(description, source) from a comment written by :func:`join_comment` or by GeNIe;
    control characters are spelt out (they would reach a terminal raw)."""
    comment = plain_text(comment)
    description, found, source = comment.strip().partition(SOURCE.strip("\n"))
    if found and description.endswith("\n\n"):
        return description.strip(), source.strip()
    return comment.strip(), ""
