"""Run Graphviz's ``dot`` (when installed) to lay out DOT text as SVG or PNG.

Example:
    >>> available() in (True, False)
    True
"""

from __future__ import annotations

import shutil
import subprocess

from scenarios.core.errors import ScenariosError

MISSING = (
    "Graphviz's 'dot' is not installed, and {fmt} needs it. Install it (Debian/Ubuntu: "
    "apt install graphviz; macOS: brew install graphviz), or draw SVG without it "
    "(--format svg --layout builtin), or print dot or mermaid text"
)


def available() -> bool:
    """Whether ``dot`` is on the PATH."""
    return shutil.which("dot") is not None


def render(dot_text: str, fmt: str, timeout: float = 60.0) -> bytes:
    """``dot -T<fmt>`` of ``dot_text``; ScenariosError when dot is missing or fails."""
    program = shutil.which("dot")
    if program is None:
        raise ScenariosError(MISSING.format(fmt=fmt.upper()))
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ScenariosError(f"Graphviz's dot could not run: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ScenariosError(f"Graphviz's dot failed: {reason[0] if reason else 'no message'}")
    return done.stdout
