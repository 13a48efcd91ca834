"""Turns a path, bytes or binary file object into a readable stream plus its first bytes, undoing gzip."""

from __future__ import annotations

import gzip
import io
import os
import zlib
from typing import BinaryIO, Union

from ._model import CaptureError

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]

HEAD_SIZE = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


class _Prefixed(io.RawIOBase):
    """A stream that serves bytes already read from another stream before the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(target), len(self._head))
            target[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(target))
        n = len(data)
        target[:n] = data
        return n


class _Decompressed:
    """Reads a gzip stream; a damaged or cut-off stream ends early (``damaged`` set) instead of raising."""

    def __init__(self, unzipped: gzip.GzipFile) -> None:
        self._unzipped = unzipped
        self.damaged = False

    def read(self, size: int = -1) -> bytes:
        if self.damaged:
            return b""
        # read1 hands over each decompressed piece as it comes, so a cut stream loses only its unreadable end
        parts = []
        wanted = size if size >= 0 else 1 << 62
        while wanted > 0:
            try:
                part = self._unzipped.read1(min(wanted, 1 << 16))
            except (OSError, EOFError, ValueError, zlib.error):
                self.damaged = True
                break
            if not part:
                break
            parts.append(part)
            wanted -= len(part)
        return b"".join(parts)

    def close(self) -> None:
        self._unzipped.close()


class Opened:
    """An open input: ``head`` holds its first bytes (already consumed from ``stream``)."""

    def __init__(self, head: bytes, stream: BinaryIO, owned: list[BinaryIO]) -> None:
        self.head = head
        self.stream = stream
        self._owned = owned

    @property
    def damaged(self) -> bool:
        """True when a compressed input turned out to be cut off or corrupt."""
        return isinstance(self.stream, _Decompressed) and self.stream.damaged

    def close(self) -> None:
        for stream in reversed(self._owned):
            stream.close()


def _read_exact_or_eof(stream: BinaryIO, size: int) -> bytes:
    parts = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            break
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def open_source(source: Source) -> Opened:
    """Open ``source`` for streaming; raises :class:`CaptureError` if it cannot be opened or read."""
    owned: list[BinaryIO] = []
    if isinstance(source, (bytes, bytearray, memoryview)):
        stream: BinaryIO = io.BytesIO(bytes(source))
    elif isinstance(source, (str, os.PathLike)):
        try:
            stream = open(source, "rb")
        except OSError as error:
            raise CaptureError(f"cannot open {os.fspath(source)}: {error.strerror or error}") from None
        owned.append(stream)
    elif hasattr(source, "read"):
        stream = source
    else:
        raise CaptureError(f"cannot read a capture from a {type(source).__name__}")
    try:
        head = _read_exact_or_eof(stream, HEAD_SIZE)
    except OSError as error:
        raise CaptureError(f"cannot read the input: {error}") from None
    if isinstance(head, str):
        raise CaptureError("the input is a text stream; open it in binary mode")
    if head.startswith(_GZIP_MAGIC):
        unzipped = _Decompressed(gzip.GzipFile(fileobj=io.BufferedReader(_Prefixed(head, stream)), mode="rb"))
        owned.append(unzipped)  # type: ignore[arg-type]
        head = _read_exact_or_eof(unzipped, HEAD_SIZE)  # type: ignore[arg-type]
        if not head and unzipped.damaged:
            raise CaptureError("the input looks gzip-compressed but cannot be decompressed")
        stream = unzipped  # type: ignore[assignment]
    return Opened(head, stream, owned)
