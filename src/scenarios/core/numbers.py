"""The rules for numbers read from files (YAML, notes, case tables): a number is finite and
not ``true`` or ``false``; one home for "above 0" and "0 or more".

Example:
    >>> is_positive_number(2), is_positive_number(True), is_non_negative_number(0)
    (True, False, True)
"""

from __future__ import annotations

import math
from typing import Any


def is_number(value: Any) -> bool:
    """A finite int or float (``true`` is not a number)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def is_positive_number(value: Any) -> bool:
    """A finite number above 0: confidences, strengths, weights, costs."""
    return is_number(value) and value > 0


def is_non_negative_number(value: Any) -> bool:
    """A finite number of 0 or more: lead times in days, cases."""
    return is_number(value) and value >= 0
