"""Descriptions and sources in GeNIe's comments, the one text field an XDSL node has.

GeNIe shows a node's ``<comment>`` (in the file's ``<extensions><genie>`` part, after the
node's ``<position>``) as its description, and the network's ``<comment>`` as the network's.
pgmpy's XDSL writer writes none; :mod:`scenarios.io.xml_writers` writes a variable's
description there, followed by its source quote as ``Source: ...`` after a blank line, and
:mod:`scenarios.io.xmlformats` reads it back the same way (a comment written by GeNIe is a
description).

Example:
    >>> split_comment(join_comment("Money IS directs.", "“vast financial resources”"))
    ('Money IS directs.', '“vast financial resources”')
"""

from __future__ import annotations

import numpy as np

from scenarios.core.text import plain_text

SOURCE = "\n\nSource: "
NOISY_MAX_HINT = (
    "in GeNIe, turn the node into a general (CPT) node (its table expanded) and save again"
)


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


def noisy_max_rows(
    child: int, cards: list[int], strengths: list[float], parameters: list[float]
) -> tuple[list[float] | None, str]:
    """A GeNIe noisy-MAX node (XDSL ``noisymax``, DSL ``NOISY_MAX``) expanded to its table,
    flat with the parents' combinations in order (the last parent fastest) and the child's
    states fastest, as the CPT nodes of both formats are; or None and why it cannot be read.

    GeNIe writes, per parent, its states from the strongest to the distinguished one
    (``strengths``) and a distribution over the child's states for each of them in that order
    (``parameters``), then the leak; the distinguished parent state and the leak's absence put
    all mass on the child's last state, its distinguished one. With cumulative sums from that
    end, P(Y >= k | x) = L(k) prod_i C_i(k | x_i) (Díez's noisy-MAX). The order is verified on
    SMILE's own expansion of a network of binary nodes (tests/test_real_files.py) and only
    binary nodes are read: for more states the order of the parameters is not verified.

    >>> rows, _ = noisy_max_rows(2, [2], [0, 1], [0.8, 0.2, 0, 1, 0.1, 0.9])
    >>> [round(x, 6) for x in rows]  # P(absent) = 0.9 x 0.2 when the parent is present
    [0.82, 0.18, 0.1, 0.9]
    """
    if child != 2 or any(card != 2 for card in cards):
        return None, (
            "a noisy-MAX node with more than two states, or with a parent of more than two; "
            "the order of GeNIe's parameters is verified for binary nodes only"
        )
    if len(strengths) != sum(cards) or len(parameters) != (sum(cards) + 1) * child:
        return None, "a noisy-MAX node whose strengths or parameters do not match its parents"
    tail = np.cumsum(np.reshape(parameters, (-1, child))[:, ::-1], axis=1)[:, ::-1]
    leak, table, start = tail[-1], np.ones((*cards, child)), 0
    for axis, card in enumerate(cards):
        order = [int(s) for s in strengths[start : start + card]]
        if sorted(order) != list(range(card)) or abs(tail[start + card - 1, 1] - 1) > 1e-9:
            return None, "a noisy-MAX node whose distinguished states are not last"
        links = np.empty((card, child))
        links[order] = tail[start : start + card]
        shape = [1] * len(cards) + [child]
        shape[axis] = card
        table = table * links.reshape(shape)
        start += card
    table = table * leak
    rows = table - np.concatenate([table[..., 1:], np.zeros((*cards, 1))], axis=-1)
    return [float(x) for x in rows.ravel()], ""
