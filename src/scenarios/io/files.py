"""Reading a model or scenario file's text: bounded (the size limit is counted on the bytes
actually read), gunzipped when it starts with gzip's magic, UTF-8 or the encoding an XML
declaration names; every failure a located ModelError. Each file read is remembered as an
input so that no output of this process replaces it (:mod:`scenarios.core.inputs`)."""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path
from typing import Protocol

from scenarios.core import limits
from scenarios.core.errors import Diagnostic, ModelError
from scenarios.core.inputs import remember_input


def read_text(path: Path) -> str:
    """The file's text (gunzipped when it starts with the gzip magic), refusing files and
    decompressed contents over the size limit, counted on the bytes actually read (a pipe or
    a device has no size to ask for); located errors. The file is remembered as an input, so
    that no output of this process replaces it (:mod:`scenarios.io.atomic`)."""
    limit = limits.get("file_mb") * 2**20
    try:
        with path.open("rb") as stream:
            remember_input(path)
            raw = read_bounded(stream, limit)
        if raw is None:
            raise _refuse(path, "the file's size")
        if raw[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
                raw = read_bounded(stream, limit)
            if raw is None:
                raise _refuse(path, "the decompressed size")
        return _decoded(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ModelError(
            [Diagnostic(f"cannot read the file: {reason}", file=str(path), hint="check the path")]
        ) from None
    except UnicodeDecodeError as exc:
        raise ModelError(
            [
                Diagnostic(
                    f"not UTF-8 text (byte {exc.start})",
                    file=str(path),
                    hint="save the file as UTF-8 text",
                )
            ]
        ) from None


CHUNK = 2**20


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_bounded(stream: Readable, limit: int) -> bytes | None:
    """Up to ``limit`` bytes of ``stream``, read in chunks (never one allocation of the whole
    limit); None when there is more."""
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        part = stream.read(min(CHUNK, limit + 1 - total))
        if not part:
            return b"".join(parts)
        parts.append(part)
        total += len(part)
    return None


_XML_ENCODING = re.compile(rb'^<\?xml[^>]*encoding\s*=\s*["\']([A-Za-z0-9._-]+)["\']')


def _decoded(raw: bytes) -> str:
    """UTF-8 text, or text in the encoding an XML declaration names (GeNIe writes
    ISO-8859-1); UnicodeDecodeError when it is neither."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _XML_ENCODING.match(raw.lstrip(b"\xef\xbb\xbf"))
        if declared:
            try:
                return raw.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        raise


def _refuse(path: Path, what: str) -> ModelError:
    return ModelError(
        [Diagnostic(limits.refusal(f"{what} in MB", None, "file_mb"), file=str(path))]
    )
