"""The briefing as PDF, printed by the system's headless Chromium (Debian's ``chromium``
package; nothing is downloaded), with the page's own A4 print styles."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from scenarios.core.errors import OutputError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def html_to_pdf(page: str) -> bytes:
    """``page`` printed to PDF; an OutputError saying what to do when no browser is there
    or printing fails."""
    browser = next((b for b in BROWSERS if shutil.which(b)), None)
    if browser is None:
        raise OutputError(
            "a PDF briefing is printed by Chromium, which is not installed: install it "
            "(apt-get install chromium), or write -o brief.html and print it from a browser"
        )
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "brief.html", Path(folder) / "brief.pdf"
        source.write_text(page, encoding="utf-8")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
        command = [browser, *flags, f"--print-to-pdf={target}", source.as_uri()]
        try:
            subprocess.run(command, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"printing the briefing with {browser} failed: {exc}") from None
        if not target.exists() or target.stat().st_size == 0:
            raise OutputError(
                f"{browser} did not print the briefing: write -o brief.html and print it "
                "from a browser"
            )
        return target.read_bytes()
