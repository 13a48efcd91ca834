"""Fingerprints that tie a file compiled when the package is built to the source files it was compiled from.

A compiled file is used only while its sources still have the fingerprints it recorded; file times cannot tell,
because installing a wheel gives every file the time it was unpacked, in whatever order the archive lists them.
The fingerprint is the length and the bytes read as one number modulo a prime below 2**30: it detects any edit
with near certainty, needs no import (zlib or hashlib would cost more to load than checking takes), and is not
meant to resist anyone crafting a collision.
"""

from __future__ import annotations

_PRIME = 1073741789  # the largest prime below 2**30: one CPython digit, so the division takes a fast path


def fingerprint(data: bytes) -> tuple[int, int]:
    """(length, residue) of `data`."""
    return len(data), int.from_bytes(data, "little") % _PRIME


def file_fingerprint(path: str) -> tuple[int, int] | None:
    """The fingerprint of the file at `path`, or None when there is no such file."""
    try:
        with open(path, "rb") as fh:
            return fingerprint(fh.read())
    except FileNotFoundError:
        return None
