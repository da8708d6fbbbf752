"""Limits that keep a bad or hostile input from exhausting memory or time.

Each limit has a default and an environment variable that raises (or lowers) it; every refusal
names the limit and the variable, e.g. ``SCENARIOS_MAX_FILE_MB=200 scenarios validate big.bif``.

Example:
    >>> get("file_mb") > 0
    True
    >>> "SCENARIOS_MAX_CPT_CELLS" in refusal("a CPT", 20_000_000, "cpt_cells")
    True
"""

from __future__ import annotations

import os

from scenarios.core.errors import ScenariosError, TooLargeError

DEFAULTS = {
    "file_mb": (50, "size of a model or scenario file, in MB"),
    "yaml_alias_nodes": (100_000, "YAML nodes reached through aliases (*name)"),
    "cpt_cells": (10_000_000, "cells of one CPT (parent states x states)"),
    "memory_mb": (2_048, "memory the process may take for tables, cases and draws, in MB"),
    "joint_cells": (1_000_000, "joint states of the targets of 'futures'"),
    "combinations": (1_000_000, "combinations of the varied states of 'sweep'"),
    "finding_sets": (
        200_000,
        "findings x futures weighed at once: by 'indicators' at one depth, by the signposts "
        "of 'futures'",
    ),
}


def env_name(key: str) -> str:
    return f"SCENARIOS_MAX_{key.upper()}"


def get(key: str) -> int:
    """The current value of a limit: its environment variable when set, else the default;
    a ScenariosError when the variable is set to anything but a positive whole number."""
    raw = os.environ.get(env_name(key), "").strip()
    if not raw:
        return DEFAULTS[key][0]
    digits = raw.replace("_", "")
    if not (digits.isascii() and digits.isdigit()) or int(digits) < 1:
        raise ScenariosError(
            f"{env_name(key)} is '{raw[:40]}', not a whole number of at least "
            f"1; set it to one (the default is {DEFAULTS[key][0]:,}) or "
            "unset it"
        )
    return int(digits)


def refusal(what: str, value: float | None, key: str) -> str:
    """The sentence that refuses ``what`` (of size ``value``; None when only known to be over)
    over the limit ``key``. A value is never rounded down to the limit ("50, over the limit of
    50"): a fraction is shown as far as it differs.

    >>> refusal("x", 50.004, "file_mb").split(",")[0]
    'x is 50.004'
    >>> refusal("x", 1.23e190, "file_mb").split(",")[0]
    'x is 1.23e+190'
    """
    size = (
        "over"
        if value is None
        else f"{value:.3g}"  # 1.23e+190, not 190 digits
        if value >= 1e15
        else f"{value:,.0f}"
        if value == int(value)
        else next(
            f"{value:,.{d}f}"
            for d in range(1, 10)
            if round(value, d) != round(get(key), d) or d == 9
        )
    )
    size = "over the limit" if value is None else f"{size}, over the limit"
    return (
        f"{what} is {size} of {get(key):,} ({DEFAULTS[key][1]}); if that is intended, "
        f"raise it with {env_name(key)}=N"
    )


def check_memory(megabytes: float, what: str, advice: str) -> None:
    """Refuse, before allocating it, ``what`` when it would take more than the memory
    limit (TooLargeError naming the limit, its variable and ``advice``).

    >>> check_memory(10, "a table", "ask less")
    >>> try:
    ...     check_memory(1e6, "a table", "ask less")
    ... except TooLargeError as exc:
    ...     "SCENARIOS_MAX_MEMORY_MB=N; or ask less" in str(exc)
    True
    """
    if megabytes > get("memory_mb"):
        raise TooLargeError(refusal(f"{what}, in MB,", megabytes, "memory_mb") + f"; or {advice}")
