"""Probabilities in words, on a published yardstick: the US Intelligence Community's
Directive 203 (ICD 203, "Analytic Standards", 2015), whose seven terms and ranges are

    almost no chance       01-05%     likely                 55-80%
    very unlikely          05-20%     very likely            80-95%
    unlikely               20-45%     almost certain         95-99%
    roughly even chance    45-55%

A probability on an edge takes the term nearer 50% (0.45 and 0.55 are "roughly even chance",
0.05 "very unlikely", 0.95 "very likely"); below 1% and above 99% keep the end terms.

Example:
    >>> [estimative(p) for p in (0.02, 0.3, 0.5, 0.62, 0.97)]
    ['almost no chance', 'unlikely', 'roughly even chance', 'likely', 'almost certain']
"""

from __future__ import annotations

YARDSTICK = "ICD 203"
YARDSTICK_NOTE = (
    "in words: the terms of ICD 203 (US Intelligence Community Directive 203): almost no "
    "chance <5%, very unlikely 5-20%, unlikely 20-45%, roughly even chance 45-55%, likely "
    "55-80%, very likely 80-95%, almost certain >95%"
)
_LOWER = ((0.05, "almost no chance"), (0.20, "very unlikely"), (0.45, "unlikely"))
_UPPER = ((0.95, "almost certain"), (0.80, "very likely"), (0.55, "likely"))


def estimative(probability: float) -> str:
    """The ICD 203 term for a probability."""
    for edge, term in _LOWER:
        if probability < edge:
            return term
    for edge, term in _UPPER:
        if probability > edge:
            return term
    return "roughly even chance"
